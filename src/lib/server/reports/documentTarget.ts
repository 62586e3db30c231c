// The target the source documents give a KPI, as a figure where it can be one: a level is its number, a change
// needs the baseline the scheme's lead set and shows its arithmetic, so a reader can check it.

const fmt = (v: number) => (Math.round(v * 100) / 100).toLocaleString('en-GB');

/**
 * A change that moves a level: a percentage ("+30%", "up to +1%"), or a length of stay shortened by some days
 * ("-0.5 days", LOS-03), unlike a year's total cut by an amount ("-1,185").
 */
function changeOf(text: string): { by: number; percent: boolean } | null {
	const m =
		/^(?:up to\s*)?([+\-−])\s*(\d+(?:\.\d+)?)\s*%/i.exec(text) ??
		/^([+\-−])\s*(\d+(?:\.\d+)?)\s*days?$/i.exec(text);
	if (!m) return null;
	return { by: Number(m[2]) * (m[1] === '+' ? 1 : -1), percent: m[0].includes('%') };
}

/**
 * The documents' target as a figure. A change ("+30%", "-10% on 2013/14", "up to +1%", "-0.5 days") becomes one once
 * a baseline exists, and says its arithmetic; a level ("95%", "20 new patients/month", ">4,839") is its first number.
 */
export function documentTarget(
	text: string | null,
	baseline: number | null
): { value: number | null; note: string | null } {
	if (!text) return { value: null, note: null };
	const change = changeOf(text.trim());
	if (change) {
		if (baseline === null)
			return {
				value: null,
				note: `“${text}” needs a baseline figure: set the baseline in the scheme's plan`
			};
		const moved = change.percent ? (baseline * change.by) / 100 : change.by;
		const value = Math.round((baseline + moved) * 100) / 100;
		const sign = change.by < 0 ? '−' : '+';
		return {
			value,
			note: `“${text}”: baseline ${fmt(baseline)} ${sign} ${fmt(Math.abs(change.by))}${change.percent ? '%' : ''} = ${fmt(value)}`
		};
	}
	if (/^[+\-−]\s*\d/.test(text.trim()))
		return {
			value: null,
			note: `“${text}” is a change by an amount over a period, not a level: set the target in the scheme's plan`
		};
	// a level: a number that is the figure itself ("95%", "15/day", ">4,839", "20 new patients/month", "10 by 10:00"), not one
	// inside a sentence ("1 stroke avoided per 37 patients")
	const level = /^[>≥<≤~]?\s*(\d[\d,]*(?:\.\d+)?)\s*(?:%|\/|;|,|$|[a-z ]+\/|by\b)/i.exec(text.trim());
	if (level) return { value: Number(level[1].replace(/,/g, '')), note: `from the documents: “${text}”` };
	return { value: null, note: `“${text}” is not a figure: set the target in the scheme's plan` };
}
