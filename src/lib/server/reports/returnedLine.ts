// One returned KPI of a scheme's monthly highlight report: the figures returns gave for it, by month (a quarterly
// return sits at its quarter's last month), against the target the lead set or the one the documents give, with
// SPC over the months returned (rebased at go-live) and the evidence the RAG is judged on. A month without an
// approved return is "no return", never 0; the version behind each figure travels with the report, so an issued
// report keeps the version it printed when a correction is approved later.
import type { KpiLine } from '../../reports.ts';
import { RULE_TEXT, xmr } from '../../spc.ts';
import type { StoredReturn } from '../returns/returns.ts';
import { returnPeriod, figureOf } from '../returns/validate.ts';
import { documentTarget } from './documentTarget.ts';
import { addMonths, type Period } from './periods.ts';
import type { KpiEvidence } from './rag.ts';

export interface ReturnedKpi {
	id: string;
	name: string;
	unit: string | null;
	direction: string | null;
	/** the documents' target, in their words */
	target: string | null;
}

interface Plan {
	baseline: unknown;
	target: unknown;
	go_live: unknown;
	trajectory: { date: string; value: number }[] | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const direction = (d: string | null): 'up' | 'down' | 'monitor' =>
	d === 'up' || d === 'down' ? d : 'monitor';

export function returnedKpiLine(
	kpi: ReturnedKpi,
	plan: Plan | undefined,
	returns: StoredReturn[],
	month: Period,
	monthName: string,
	historyMonths: number
): { line: KpiLine; evidence: KpiEvidence } {
	const baseline = num(plan?.baseline);
	const fromDocuments = documentTarget(kpi.target, baseline);
	const target = num(plan?.target) ?? fromDocuments.value;
	const targetNote = num(plan?.target) !== null ? 'set by the scheme lead' : fromDocuments.note;
	// a monthly grid ending at the report's month: each return at the month its period ends in
	const grid = Array.from({ length: historyMonths }, (_, i) => addMonths(month, i + 1 - historyMonths));
	const at = new Map<string, StoredReturn>();
	for (const r of returns) {
		const p = returnPeriod(r.period);
		const slot = p && grid.find((m) => m.last === p.last);
		if (slot) at.set(slot.label, r);
	}
	const values = grid.map((m) => (at.has(m.label) ? figureOf(at.get(m.label)!) : null));
	const goLive = plan?.go_live ? grid.findIndex((m) => m.last >= String(plan.go_live).slice(0, 10)) : -1;
	const dir = direction(kpi.direction);
	const percent = (kpi.unit ?? '').includes('%');
	const spc = xmr(values, {
		direction: dir,
		target,
		rebaseAt: goLive > 0 ? [goLive] : [],
		bounds: percent && !(kpi.unit ?? '').includes('change') ? { min: 0, max: 100 } : { min: 0 }
	});
	const covering = returns.find((r) => {
		const p = returnPeriod(r.period);
		return p && p.start <= month.start && p.end >= month.end;
	});
	const thisMonth = covering ? figureOf(covering) : null;
	const lastReturned = returns.filter((r) => returnPeriod(r.period)!.end <= month.start).at(-1);
	const last = spc.points.findLast((p) => p.value !== null);
	const unit = kpi.unit ?? 'as returned';
	const status = covering
		? spc.assurance
			? {
					pass: 'Consistently meets its target',
					fail: 'Will not meet its target as things stand',
					'hit-or-miss': 'May or may not meet its target'
				}[spc.assurance]
			: target === null
				? 'No target to judge against'
				: `Returned for ${covering.period}; too few months returned to judge by SPC`
		: `No return for ${monthName}${lastReturned ? ` (the last is ${lastReturned.period})` : ''}`;
	const name = kpi.name.length > 90 ? `${kpi.name.slice(0, 88).trimEnd()}…` : kpi.name;
	return {
		line: {
			metric: kpi.id,
			kpi: kpi.id,
			name: `${kpi.id}: ${name}`,
			averaged: false,
			unit,
			baseline,
			target,
			targetNote,
			planned: num((plan?.trajectory ?? []).filter((t) => t.date <= month.last).at(-1)?.value),
			thisMonth,
			lastMonth: values.at(-2) ?? null,
			lastMonthPartial: false,
			inProgress: false,
			measured: covering !== undefined,
			status,
			assurance: spc.assurance,
			variation: spc.variation,
			months: grid.map((m) => m.start.toISOString()),
			values,
			soFar: values.map(() => null),
			returned: covering
				? {
						period: covering.period,
						version: covering.version,
						simulated: covering.simulated,
						approvedBy: covering.decidedBy,
						source: covering.source
					}
				: null
		},
		evidence: {
			name: `${kpi.id} ${name}`,
			unit,
			per: 'month',
			direction: dir,
			target,
			values: covering ? values.filter((v): v is number => v !== null) : [],
			assurance: spc.assurance,
			variation: spc.variation,
			rule: last?.rules[0] ? RULE_TEXT[last.rules[0]] : null,
			mean: last?.mean ?? null,
			lower: last?.lower ?? null,
			upper: last?.upper ?? null
		}
	};
}
