// The periods meetings run on, in Europe/London: ISO weeks (Monday to Sunday; week 1 holds the year's first
// Thursday), calendar months and quarters. Each is a label (2026-W47, 2026-11, 2026-Q4) and the instants of its
// local midnights [start, end).
import { londonFields, londonMidnight } from '../time.ts';

export interface Period {
	label: string;
	start: Date;
	end: Date;
	/** the calendar dates it covers, for people: first and last day */
	first: string;
	last: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (y: number, m: number, d: number) => {
	const t = new Date(Date.UTC(y, m - 1, d));
	return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** Monday of ISO week 1 of a year, as a UTC calendar date. */
function weekOneMonday(year: number): Date {
	const jan4 = new Date(Date.UTC(year, 0, 4));
	return new Date(Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7)));
}

export const weeksInYear = (year: number) =>
	Math.round((weekOneMonday(year + 1).getTime() - weekOneMonday(year).getTime()) / (7 * 86_400_000));

export function week(year: number, n: number): Period {
	if (!Number.isInteger(n) || n < 1 || n > weeksInYear(year))
		throw new RangeError(`${year} has no week ${n}`);
	const monday = weekOneMonday(year);
	const [y, m, d] = [monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate() + (n - 1) * 7];
	return {
		label: `${year}-W${pad(n)}`,
		start: londonMidnight(y, m, d),
		end: londonMidnight(y, m, d + 7),
		first: isoDay(y, m, d),
		last: isoDay(y, m, d + 6)
	};
}

/** The ISO week holding an instant's London calendar day. */
export function weekOf(at: Date): Period {
	const f = londonFields(at);
	const day = new Date(Date.UTC(f.year, f.month - 1, f.day));
	// the Thursday of this week decides its year
	const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
	const year = thursday.getUTCFullYear();
	const n =
		1 + Math.round((thursday.getTime() - weekOneMonday(year).getTime() - 3 * 86_400_000) / (7 * 86_400_000));
	return week(year, n);
}

export const previousWeek = (p: Period) => weekOf(new Date(p.start.getTime() - 86_400_000));
export const nextWeek = (p: Period) => weekOf(new Date(p.end.getTime() + 3_600_000));

/** The same ISO week a year earlier (week 53 maps to 52 in a year without one). */
export function sameWeekLastYear(p: Period): Period {
	const [y, n] = p.label.split('-W').map(Number);
	return week(y - 1, Math.min(n, weeksInYear(y - 1)));
}

export function month(year: number, m: number): Period {
	if (!Number.isInteger(m) || m < 1 || m > 12) throw new RangeError(`there is no month ${m}`);
	return {
		label: `${year}-${pad(m)}`,
		start: londonMidnight(year, m, 1),
		end: londonMidnight(year, m + 1, 1),
		first: isoDay(year, m, 1),
		last: isoDay(year, m + 1, 0)
	};
}

/** The month `n` months after (or, negative, before) another. */
export function addMonths(p: Period, n: number): Period {
	const [y, m] = p.label.split('-').map(Number);
	const index = y * 12 + (m - 1) + n;
	return month(Math.floor(index / 12), (index % 12) + 1);
}

export function monthOf(at: Date): Period {
	const f = londonFields(at);
	return month(f.year, f.month);
}

export function quarter(year: number, q: number): Period {
	if (!Number.isInteger(q) || q < 1 || q > 4) throw new RangeError(`there is no quarter ${q}`);
	const m = (q - 1) * 3 + 1;
	return {
		label: `${year}-Q${q}`,
		start: londonMidnight(year, m, 1),
		end: londonMidnight(year, m + 3, 1),
		first: isoDay(year, m, 1),
		last: isoDay(year, m + 3, 0)
	};
}

export function quarterOf(at: Date): Period {
	const f = londonFields(at);
	return quarter(f.year, Math.floor((f.month - 1) / 3) + 1);
}

/** The months of a quarter. */
export const monthsOf = (q: Period) => {
	const [y, n] = q.label.split('-Q').map(Number);
	return [0, 1, 2].map((i) => month(y, (n - 1) * 3 + 1 + i));
};

/** Reads a label of the given kind; null when it is not one. */
export function parsePeriod(kind: 'week' | 'month' | 'quarter', label: string): Period | null {
	try {
		const w = /^(\d{4})-W(\d{2})$/.exec(label);
		if (kind === 'week' && w) return week(Number(w[1]), Number(w[2]));
		const m = /^(\d{4})-(\d{2})$/.exec(label);
		if (kind === 'month' && m) return month(Number(m[1]), Number(m[2]));
		const q = /^(\d{4})-Q([1-4])$/.exec(label);
		if (kind === 'quarter' && q) return quarter(Number(q[1]), Number(q[2]));
	} catch {
		return null;
	}
	return null;
}

/** The last week, month and quarter that have ended by `now`: what packs and reports open on. */
export const lastCompleteWeek = (now: Date) => previousWeek(weekOf(now));
export const lastCompleteMonth = (now: Date) => addMonths(monthOf(now), -1);
export const lastCompleteQuarter = (now: Date) =>
	quarterOf(new Date(quarterOf(now).start.getTime() - 86_400_000));
