// The target the source documents give a KPI, as a figure where it can be one: a level is its number, a change
// needs the baseline the scheme's lead set and shows its arithmetic, so a reader can check it.

const fmt = (v: number) => (Math.round(v * 100) / 100).toLocaleString('en-GB');

/**
 * The documents' target as a figure. A change ("+30%", "-10% on 2013/14", "up to +1%", "-0.5 days") becomes one once
 * a baseline exists, and says its arithmetic; a level ("95%", "20 new patients/month", ">4,839") is its first number.
 */
export function documentTarget(
	text: string | null,
	baseline: number | null
): { value: number | null; note: string | null } {
	if (!text) return { value: null, note: null };
	const change = /^(?:up to\s*)?([+\-−])\s*(\d+(?:\.\d+)?)\s*%/i.exec(text.trim());
	if (change) {
		const pct = Number(change[2]) * (change[1] === '+' ? 1 : -1);
		if (baseline === null)
			return {
				value: null,
				note: `“${text}” needs a baseline figure: set the baseline in the scheme's plan`
			};
		const value = Math.round(baseline * (1 + pct / 100) * 100) / 100;
		return {
			value,
			note: `“${text}”: baseline ${fmt(baseline)} ${pct < 0 ? '−' : '+'} ${fmt(Math.abs(pct))}% = ${fmt(value)}`
		};
	}
	// a length of stay shortened by some days ("-0.5 days", LOS-03) is a level moved, unlike a year's total cut
	const days = /^([+\-−])\s*(\d+(?:\.\d+)?)\s*days?$/i.exec(text.trim());
	if (days) {
		const by = Number(days[2]) * (days[1] === '+' ? 1 : -1);
		if (baseline === null)
			return {
				value: null,
				note: `“${text}” needs a baseline figure: set the baseline in the scheme's plan`
			};
		const value = Math.round((baseline + by) * 100) / 100;
		return {
			value,
			note: `“${text}”: baseline ${fmt(baseline)} ${by < 0 ? '−' : '+'} ${fmt(Math.abs(by))} = ${fmt(value)}`
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
