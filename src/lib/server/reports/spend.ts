// Spend against plan for a scheme's monthly report: the plan is the scheme's funding lines for the financial year
// (April to March) the month falls in; the actual is the sum of its approved spend returns in that year up to the
// month; the forecast outturn runs the actual on at its monthly rate over the months returned.
import type { Spend } from '../../reports.ts';
import type { StoredReturn } from '../returns/returns.ts';
import { returnPeriod } from '../returns/validate.ts';
import type { Period } from './periods.ts';

export interface FundingLine {
	year: string | null;
	amount_gbp_thousands: unknown;
	source_text: string | null;
}

export function financialYear(month: Period): { label: string; startMonth: string } {
	const [y, m] = month.first.split('-').map(Number);
	const start = m >= 4 ? y : y - 1;
	return { label: `${start}/${String((start + 1) % 100).padStart(2, '0')}`, startMonth: `${start}-04-01` };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** A scheme's lines that are its own BCF money (not context figures the plan quotes, not a totals row). */
export const counted = (line: FundingLine) =>
	line.amount_gbp_thousands !== null && !/not BCF/i.test(line.source_text ?? '');

/** The lines that make a scheme's plan for the month's financial year: that year's, else its latest dated year's. */
export function planLines<L extends FundingLine>(lines: L[], month: Period) {
	const fy = financialYear(month);
	const dated = lines.filter((l) => counted(l) && /^\d{4}\/\d{2}$/.test(l.year ?? ''));
	const forYear = dated.filter((l) => l.year === fy.label);
	const latestYear =
		dated
			.map((l) => l.year!)
			.sort()
			.at(-1) ?? null;
	return {
		lines: forYear.length ? forYear : dated.filter((l) => l.year === latestYear),
		forYear: forYear.length > 0,
		latestYear
	};
}

export function spendAgainstPlan(lines: FundingLine[], returns: StoredReturn[], month: Period): Spend {
	const fy = financialYear(month);
	const { lines: chosen, forYear, latestYear } = planLines(lines, month);
	const plan = chosen.length ? chosen.reduce((s, l) => s + Number(l.amount_gbp_thousands), 0) : null;
	const planNote = forYear
		? null
		: latestYear
			? `The plan has no line for ${fy.label}; its latest year's (${latestYear}) is used`
			: 'The plan gives no dated funding line';
	const inYear = returns.filter((r) => {
		const p = returnPeriod(r.period)!;
		return p.first >= fy.startMonth && p.last <= month.last;
	});
	const monthsReturned = inYear.reduce((n, r) => n + (r.period.includes('Q') ? 3 : 1), 0);
	const m = Number(month.first.slice(5, 7));
	const monthsElapsed = ((m - 4 + 12) % 12) + 1;
	const actual = inYear.length ? round1(inYear.reduce((s, r) => s + Number(r.value ?? 0), 0)) : null;
	const forecast = actual !== null && monthsReturned ? round1((actual / monthsReturned) * 12) : null;
	return {
		year: fy.label,
		plan,
		planNote,
		actual,
		monthsReturned,
		monthsElapsed,
		forecast,
		variance: forecast !== null && plan !== null ? round1(forecast - plan) : null,
		simulated: inYear.some((r) => r.simulated),
		versions: inYear.map((r) => ({ period: r.period, version: r.version }))
	};
}
