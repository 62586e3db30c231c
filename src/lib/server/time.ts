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

/** London midnight starting the given calendar day (month 1–12; days and months past their end roll over). */
export const londonMidnight = (year: number, month: number, day: number) =>
	londonDayStart(new Date(Date.UTC(year, month - 1, day, 12)));

export type BucketUnit = 'hour' | 'day' | 'week' | 'month';

/** Start instants of the buckets that cover [from, to): local days, ISO weeks (Monday) and months; UTC hours. */
export function bucketStarts(unit: BucketUnit, from: Date, to: Date): Date[] {
	const starts: Date[] = [];
	if (unit === 'hour') {
		for (let t = Math.floor(from.getTime() / 3_600_000) * 3_600_000; t < to.getTime(); t += 3_600_000)
			starts.push(new Date(t));
		return starts;
	}
	const f = londonFields(from);
	const y = f.year;
	let [m, d] = [f.month, f.day];
	if (unit === 'week') d -= (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
	if (unit === 'month') d = 1;
	for (let start = londonMidnight(y, m, d); start < to;) {
		starts.push(start);
		if (unit === 'day') d += 1;
		else if (unit === 'week') d += 7;
		else m += 1;
		start = londonMidnight(y, m, d);
	}
	return starts;
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(unit: BucketUnit, start: Date): Date {
	if (unit === 'hour') return new Date(start.getTime() + 3_600_000);
	const f = londonFields(new Date(start.getTime() + 3_600_000 * 3));
	if (unit === 'day') return londonMidnight(f.year, f.month, f.day + 1);
	if (unit === 'week') return londonMidnight(f.year, f.month, f.day + 7);
	return londonMidnight(f.year, f.month + 1, 1);
}

/** The London calendar date of an instant, YYYY-MM-DD. */
export function londonDate(at: Date): string {
	const f = londonFields(at);
	return `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
}

/** Saturday or Sunday in London. */
export function londonWeekend(at: Date) {
	const f = londonFields(at);
	const weekday = new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay();
	return weekday === 0 || weekday === 6;
}

/** The London days that have begun in [from, to): how many are Saturdays or Sundays, and how many are not. */
export function daysByKind(from: Date, to: Date) {
	let weekendDays = 0;
	let weekdays = 0;
	for (let day = londonDayStart(from); day < to; day = londonDayStart(day, 1)) {
		if (londonWeekend(day)) weekendDays++;
		else weekdays++;
	}
	return { weekendDays, weekdays };
}
