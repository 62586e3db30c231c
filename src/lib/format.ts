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
export const date = (iso: string | null | undefined) => (iso ? day.format(new Date(iso.slice(0, 10))) : '—');

/** "+3" / "−2" / "0", and whether the change is good news for a metric with this direction */
export function change(now: number | null, then: number | null, direction: 'up' | 'down' | 'monitor') {
	if (now === null || then === null) return { text: '—', tone: 'none' as const };
	const d = Math.round((now - then) * 10) / 10;
	const text = d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0';
	if (d === 0 || direction === 'monitor') return { text, tone: 'none' as const };
	return { text, tone: d > 0 === (direction === 'up') ? ('better' as const) : ('worse' as const) };
}

export const RAG_LABEL = { red: 'Red', amber: 'Amber', green: 'Green' } as const;
