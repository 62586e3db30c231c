// How pages and reports print numbers, dates and changes.
export const day = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});
export const stamp = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'medium',
	timeStyle: 'short',
	timeZone: 'Europe/London'
});

export const num = (v: number | null | undefined) =>
	v === null || v === undefined ? '—' : String(Math.round(v * 10) / 10);

/** An amount in £ thousands, grouped as people read money: 101,404.5 */
export const thousands = (v: number | null | undefined) =>
	v === null || v === undefined ? '—' : (Math.round(v * 10) / 10).toLocaleString('en-GB');

const londonParts = new Intl.DateTimeFormat('en-CA', {
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	timeZone: 'Europe/London'
});

/**
 * The London calendar date (YYYY-MM-DD) a string names: a calendar date as it is, an instant (a bucket's start) as
 * London's date at that instant. Slicing an instant's ISO text instead gives the day before for every bucket that
 * starts at a London midnight in summer time (23:00 UTC).
 */
export function londonDay(iso: string): string {
	return iso.includes('T') ? londonParts.format(new Date(iso)) : iso.slice(0, 10);
}

/** "19 Oct 2026": a calendar date, or the London date of an instant. */
export const date = (iso: string | null | undefined) => (iso ? day.format(new Date(londonDay(iso))) : '—');

/** "+3" / "−2" / "0", and whether the change is good news for a metric with this direction */
export function change(now: number | null, then: number | null, direction: 'up' | 'down' | 'monitor') {
	if (now === null || then === null) return { text: 'no data', tone: 'none' as const };
	const d = Math.round((now - then) * 10) / 10;
	const text = d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0';
	if (d === 0 || direction === 'monitor') return { text, tone: 'none' as const };
	return { text, tone: d > 0 === (direction === 'up') ? ('better' as const) : ('worse' as const) };
}

export const RAG_LABEL = { red: 'Red', amber: 'Amber', green: 'Green', grey: 'Not assessed' } as const;
