// A scheme's status for its monthly highlight report, derived from the data: the SPC assurance and variation of its
// KPIs, milestone slippage, and risk scores (probability × impact). The worst of them sets the RAG, and every
// finding is a reason the report prints. A scheme lead may override it, always with a comment.
import type { Assurance, Variation } from '../../spc.ts';

import type { Rag } from '../../reports.ts';

export type { Rag };
const ORDER: Rag[] = ['green', 'amber', 'red'];
export const LEVEL_SCORE: Record<string, number> = { Low: 1, Med: 2, High: 3 };
/** a milestone this many days past its date makes the scheme red; fewer, amber */
export const LATE_RED_DAYS = 30;

export interface RagInputs {
	/** the last day of the period, YYYY-MM-DD */
	asOf: string;
	kpis: { name: string; assurance: Assurance | null; variation: Variation | null }[];
	milestones: { activity: string; due: string | null; revised_due: string | null; done_on: string | null }[];
	risks: { description: string; probability: string | null; impact: string | null }[];
}

export interface Finding {
	rag: Rag;
	reason: string;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export function riskScore(r: { probability: string | null; impact: string | null }): number | null {
	const p = LEVEL_SCORE[r.probability ?? ''];
	const i = LEVEL_SCORE[r.impact ?? ''];
	return p && i ? p * i : null;
}

export function findings(input: RagInputs): Finding[] {
	const out: Finding[] = [];
	for (const k of input.kpis) {
		if (k.assurance === 'fail')
			out.push({
				rag: 'red',
				reason: `${k.name} will not meet its target as things stand (SPC assurance: fail)`
			});
		else if (k.assurance === 'hit-or-miss')
			out.push({
				rag: 'amber',
				reason: `${k.name} may or may not meet its target (SPC assurance: hit or miss)`
			});
		if (k.variation?.startsWith('concern'))
			out.push({ rag: 'amber', reason: `${k.name} shows special cause variation of concern` });
	}
	for (const m of input.milestones) {
		if (m.done_on && m.done_on <= input.asOf) continue;
		const date = m.revised_due ?? m.due;
		if (!date) continue;
		if (date < input.asOf) {
			const late = days(date, input.asOf);
			out.push({
				rag: late > LATE_RED_DAYS ? 'red' : 'amber',
				reason: `Milestone “${m.activity}” is ${late} days late`
			});
		} else if (m.due && m.revised_due && m.revised_due > m.due)
			out.push({
				rag: 'amber',
				reason: `Milestone “${m.activity}” has slipped ${days(m.due, m.revised_due)} days`
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

export function deriveRag(input: RagInputs): { rag: Rag; reasons: string[] } {
	const found = findings(input);
	if (!found.length) return { rag: 'green', reasons: ['KPIs on track, milestones on time, no high risks'] };
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
