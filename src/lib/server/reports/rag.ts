// A scheme's status for its monthly highlight report, derived from the evidence: its KPIs against their targets and
// SPC limits, milestone lateness, and risk scores (probability × impact). The worst finding sets the RAG and every
// finding is a reason the report prints, with its numbers. Nothing wrong is Green only when something was measured:
// a scheme with no KPI measured in the period is Not assessed, and says what is missing. A scheme lead may override
// the status, always with a comment.
import type { Assurance, Variation } from '../../spc.ts';

import type { Rag } from '../../reports.ts';

export type { Rag };
const ORDER: Rag[] = ['grey', 'green', 'amber', 'red'];
export const LEVEL_SCORE: Record<string, number> = { Low: 1, Med: 2, High: 3 };
/** a milestone this many days past its date makes the scheme red; fewer, amber */
export const LATE_RED_DAYS = 30;

export interface KpiEvidence {
	name: string;
	/** what a value means, e.g. "discharges a day" */
	unit: string;
	direction: 'up' | 'down' | 'monitor';
	target: number | null;
	/** whole days (or, for a returned KPI, months) with data in the SPC window, oldest first; empty when nothing was measured */
	values: number[];
	/** what one value covers: a day (live metrics; a week for a figure a day cannot hold) or a month (returns) */
	per?: 'day' | 'week' | 'month';
	assurance: Assurance | null;
	variation: Variation | null;
	/** the special-cause rule the latest point breaks, in words ("a run of points on one side of the mean") */
	rule: string | null;
	/** the last segment's mean and process limits, where the SPC has them */
	mean: number | null;
	lower: number | null;
	upper: number | null;
}

export interface RagInputs {
	/** the last day of the period, YYYY-MM-DD */
	asOf: string;
	/** the scheme's KPIs with a live figure; empty when none of its KPIs has one */
	kpis: KpiEvidence[];
	/** due: the date a lead set, or the one the plan's own text gives */
	milestones: { activity: string; due: string | null; revised_due: string | null; done_on: string | null }[];
	risks: { description: string; probability: string | null; impact: string | null }[];
	/** spend against plan, where spend has been returned */
	spend?: { year: string; plan: number | null; forecast: number | null; monthsReturned: number } | null;
}

/** a forecast outturn this far from plan (as a share of it) is amber: over, or slipping under */
export const SPEND_TOLERANCE = 0.1;

export interface Finding {
	rag: Rag;
	reason: string;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const num = (v: number) => (Math.round(v * 10) / 10).toLocaleString('en-GB');
const dayMonthYear = (d: string) =>
	new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export function riskScore(r: { probability: string | null; impact: string | null }): number | null {
	const p = LEVEL_SCORE[r.probability ?? ''];
	const i = LEVEL_SCORE[r.impact ?? ''];
	return p && i ? p * i : null;
}

/** "averaged 11.2 discharges a day over 28 days against a target of 15; 21 of 28 days below it" */
function againstTarget(k: KpiEvidence): string {
	const n = k.values.length;
	const per = k.per ?? 'day';
	const mean = k.values.reduce((s, v) => s + v, 0) / n;
	const worse = k.values.filter((v) => (k.direction === 'up' ? v < k.target! : v > k.target!)).length;
	const gap = mean - k.target!;
	const side =
		Math.abs(gap) < 0.05
			? 'on it'
			: `${Math.abs(gap) === gap ? 'above' : 'below'} it by ${num(Math.abs(gap))}`;
	return (
		`${k.name} averaged ${num(mean)} ${k.unit} over ${n} ${per}s against a target of ${num(k.target!)} (${side}); ` +
		`${worse} of ${n} ${per}s ${k.direction === 'up' ? 'below' : 'above'} it`
	);
}

export function findings(input: RagInputs): Finding[] {
	const out: Finding[] = [];
	for (const k of input.kpis) {
		if (!k.values.length) continue;
		if (k.assurance === 'fail')
			out.push({ rag: 'red', reason: `${againstTarget(k)}: it will not meet the target as things stand` });
		else if (k.assurance === 'hit-or-miss')
			out.push({ rag: 'amber', reason: `${againstTarget(k)}: it may or may not meet the target` });
		// a returned KPI with too few months for SPC is still judged on its latest month against its target
		const latest = k.values.at(-1)!;
		if (
			k.per === 'month' &&
			!k.assurance &&
			k.target !== null &&
			k.direction !== 'monitor' &&
			(k.direction === 'up' ? latest < k.target : latest > k.target)
		)
			out.push({
				rag: 'amber',
				reason: `${k.name} was ${num(latest)} ${k.unit} in the latest month returned, against a target of ${num(k.target)}`
			});
		if (k.variation?.startsWith('concern'))
			out.push({
				rag: 'amber',
				reason:
					`${k.name} was ${num(k.values.at(-1)!)} ${k.unit} on the latest ${k.per ?? 'day'}, a special cause of concern` +
					`${k.rule ? ` (${k.rule})` : ''} against a mean of ${num(k.mean ?? 0)} ` +
					`and process limits of ${num(k.lower ?? 0)} to ${num(k.upper ?? 0)}`
			});
	}
	for (const m of input.milestones) {
		if (m.done_on && m.done_on <= input.asOf) continue;
		const date = m.revised_due ?? m.due;
		if (!date) continue;
		if (date < input.asOf) {
			const late = days(date, input.asOf);
			out.push({
				rag: late > LATE_RED_DAYS ? 'red' : 'amber',
				reason: `Milestone “${m.activity}” is ${late.toLocaleString('en-GB')} days late (due ${dayMonthYear(date)})`
			});
		} else if (m.due && m.revised_due && m.revised_due > m.due)
			out.push({
				rag: 'amber',
				reason: `Milestone “${m.activity}” has slipped ${days(m.due, m.revised_due)} days, to ${dayMonthYear(m.revised_due)}`
			});
	}
	const spend = input.spend;
	if (spend?.plan && spend.forecast !== null) {
		const off = (spend.forecast - spend.plan) / spend.plan;
		if (Math.abs(off) > SPEND_TOLERANCE)
			out.push({
				rag: 'amber',
				reason:
					`Forecast outturn for ${spend.year} is £${num(spend.forecast)}k against a plan of £${num(spend.plan)}k ` +
					`(${off > 0 ? 'over' : 'under'} by ${num(Math.abs(off) * 100)}%, from ${spend.monthsReturned} months of spend returned)`
			});
	}
	for (const r of input.risks) {
		const score = riskScore(r);
		if (score !== null && score >= 9)
			out.push({ rag: 'red', reason: `Risk “${r.description}” scores ${score} (High × High)` });
		else if (score !== null && score >= 6)
			out.push({
				rag: 'amber',
				reason: `Risk “${r.description}” scores ${score} (${r.probability} × ${r.impact})`
			});
	}
	return out;
}

/** What the evidence behind a status is, or is missing: said with every Green and every Not assessed. */
function evidence(input: RagInputs): { measured: number; text: string } {
	const measured = input.kpis.filter((k) => k.values.length);
	const spent = input.spend && input.spend.forecast !== null ? 1 : 0;
	const dated = input.milestones.filter((m) => m.revised_due ?? m.due);
	const scored = input.risks.filter((r) => riskScore(r) !== null);
	const kpis = !input.kpis.length
		? 'it has no KPI that is a figure'
		: measured.length
			? `${measured.length} of ${input.kpis.length} KPIs measured, none off target or of concern`
			: input.kpis.length > 3
				? `no data this period for any of its ${input.kpis.length} KPIs`
				: `no data this period for ${input.kpis.map((k) => k.name).join(', ')}`;
	const milestones = dated.length ? `${dated.length} dated milestones on time` : 'no dated milestone';
	const risks = scored.length
		? `no risk scored 6 or more of ${scored.length} scored`
		: 'no scored risk in the register';
	const spend = spent
		? `; spend returned for ${input.spend!.monthsReturned} months, forecast within ${SPEND_TOLERANCE * 100}% of plan`
		: '';
	return { measured: measured.length + spent, text: `${kpis}; ${milestones}; ${risks}${spend}` };
}

export function deriveRag(input: RagInputs): { rag: Rag; reasons: string[] } {
	const found = findings(input);
	if (!found.length) {
		const { measured, text } = evidence(input);
		return measured
			? { rag: 'green', reasons: [`On track: ${text}`] }
			: { rag: 'grey', reasons: [`Not assessed: ${text}`] };
	}
	const rag = found.reduce<Rag>(
		(worst, f) => (ORDER.indexOf(f.rag) > ORDER.indexOf(worst) ? f.rag : worst),
		'green'
	);
	return {
		rag,
		reasons: found
			.filter((f) => f.rag === rag)
			.concat(found.filter((f) => f.rag !== rag))
			.map((f) => f.reason)
	};
}

/** The status the report shows: the lead's override when there is one (it must carry a comment), else the derived. */
export function finalRag(
	derived: Rag,
	override: { rag: Rag | null; comment: string | null } | null
): { rag: Rag; overridden: boolean; comment: string | null } {
	if (override?.rag && override.comment?.trim())
		return { rag: override.rag, overridden: override.rag !== derived, comment: override.comment.trim() };
	return { rag: derived, overridden: false, comment: null };
}
