// Local time in Europe/London, where NHS days begin and end (DST nights included).
export const TIME_ZONE = 'Europe/London';

const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});

/** The wall-clock fields of an instant in London. */
export function londonFields(at: Date) {
	const f = Object.fromEntries(parts.formatToParts(at).map((p) => [p.type, p.value]));
	return {
		year: Number(f.year),
		month: Number(f.month),
		day: Number(f.day),
		hour: Number(f.hour),
		minute: Number(f.minute),
		second: Number(f.second)
	};
}

export const londonHour = (at: Date) => londonFields(at).hour;

/** Offset of London from UTC at an instant, in ms (0 in winter, 3,600,000 in summer). */
function offsetAt(ms: number) {
	const f = londonFields(new Date(ms));
	return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant London's wall clock shows midnight starting the local day of `at` (plus `days` days). */
export function londonDayStart(at: Date, days = 0): Date {
	const f = londonFields(at);
	const guess = Date.UTC(f.year, f.month - 1, f.day + days);
	// London changes its clocks at 01:00 UTC, so midnight itself is never skipped or doubled
	return new Date(guess - offsetAt(guess - offsetAt(guess)));
}
