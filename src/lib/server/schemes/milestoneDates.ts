// The reference plans give milestone dates as the people who wrote them did: "June 2013", "Nov 14", "26.5.15",
// "2014/15", "latter part of 2013". A milestone is due by the end of the period its text names (the end date where
// the plan gives one, else the start), so an open milestone from 2013 reads as late rather than undated. Text that
// names no date ("approval of funding", "+12 months") stays undated.
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => {
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : null;
};
const lastOf = (y: number, m: number) => day(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());
const year = (text: string) => {
	const n = Number(text);
	return text.length === 2 ? 2000 + n : n;
};
const monthOf = (word: string) => {
	const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
	return i < 0 ? null : i + 1;
};

/** The date (YYYY-MM-DD) a plan's date text means a milestone is due by, or null when it names none. */
export function dueFromText(text: string | null | undefined): string | null {
	if (!text) return null;
	const t = text.trim();
	let m = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(t);
	if (m) return day(year(m[3]), Number(m[2]), Number(m[1]));
	m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+)\.? (\d{4})$/.exec(t);
	if (m && monthOf(m[2])) return day(Number(m[3]), monthOf(m[2])!, Number(m[1]));
	m = /^([A-Za-z]+) (\d{1,2})(?:st|nd|rd|th)? \(year not stated; (\d{4}) inferred\)$/.exec(t);
	if (m && monthOf(m[1])) return day(Number(m[3]), monthOf(m[1])!, Number(m[2]));
	m = /^(?:end of )?([A-Za-z]+)\.? ?('?\d{2}|\d{4})$/.exec(t);
	if (m && monthOf(m[1])) return lastOf(year(m[2].replace("'", '')), monthOf(m[1])!);
	m = /^(\d{4})\/(\d{2})$/.exec(t);
	// a financial year ends on 31 March
	if (m) return day(year(m[2]), 3, 31);
	m = /^(?:(?:the )?(?:latter part|end|towards the end) of )?(\d{4})$/.exec(t);
	if (m) return day(Number(m[1]), 12, 31);
	return null;
}

/** A milestone's due date read from its plan text: the end date it names, else the start. */
export const plannedDue = (startText: string | null, endText: string | null) =>
	dueFromText(endText) ?? dueFromText(startText);
