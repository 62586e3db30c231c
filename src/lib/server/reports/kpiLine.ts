// One KPI of a scheme's monthly highlight report: the month's figure beside last month's, baseline, target and
// trajectory, its SPC over the last 90 whole days (or 26 whole weeks), and the evidence the RAG is judged on. A flow (discharges,
// admissions) is shown as a day's average, the unit its daily target is set in; a month still running is a figure
// so far, drawn apart, and a month without data is "no data", never 0.
import { boundsOf, type MetricDefinition } from '../../catalogue.ts';
import { chartSeries, wholeBuckets } from '../../charting.ts';
import { londonDay } from '../../format.ts';
import type { KpiLine } from '../../reports.ts';
import { RULE_TEXT, xmr } from '../../spc.ts';
import type { SeriesPoint } from '../../types.ts';
import type { Period } from './periods.ts';
import type { KpiEvidence } from './rag.ts';

const ASSURANCE = {
	pass: 'Consistently meets its target',
	fail: 'Will not meet its target as things stand',
	'hit-or-miss': 'May or may not meet its target'
} as const;

/** A metric's name for a period: "Discharges", not "Discharges today". */
export const periodName = (definition: Pick<MetricDefinition, 'name'>) =>
	definition.name.replace(/,? today$/, '');

interface Plan {
	baseline: unknown;
	target: unknown;
	go_live: unknown;
	trajectory: { date: string; value: number }[] | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function kpiLine(
	definition: MetricDefinition,
	plan: Plan | undefined,
	/** the target the documents or the organisation's settings give, with how it was reached */
	documented: { value: number | null; note: string | null },
	monthly: SeriesPoint[],
	/** the SPC window: whole days, or whole weeks for a figure a day cannot hold (definition.shortest) */
	daily: SeriesPoint[],
	month: Period,
	monthName: string,
	coverage: { now: string; dataFrom: string | null }
): { line: KpiLine; evidence: KpiEvidence } {
	const target = num(plan?.target) ?? documented.value;
	const targetNote = num(plan?.target) !== null ? 'set by the scheme lead' : documented.note;
	const flow = definition.kind === 'flow';
	const goLive = plan?.go_live
		? daily.findIndex((p) => londonDay(p.t) >= String(plan.go_live).slice(0, 10))
		: -1;
	const spc = xmr(wholeBuckets(daily), {
		direction: definition.direction,
		target,
		rebaseAt: goLive > 0 ? [goLive] : [],
		bounds: boundsOf(definition)
	});
	const charted = chartSeries(monthly, definition, 'month', target, coverage);
	// the month's whole days with data: what the month is judged on
	const inMonth = daily.flatMap((p) =>
		!p.partial && p.value !== null && p.t >= month.start.toISOString() ? [p.value] : []
	);
	const last = spc.points.findLast((p) => p.value !== null);
	const inProgress = monthly.at(-1)?.partial === true;
	const name = periodName(definition);
	const status = !inMonth.length
		? `No data for ${monthName}`
		: spc.assurance
			? ASSURANCE[spc.assurance]
			: target === null
				? 'No target to judge against'
				: 'Too few days of data to judge against the target';
	const unit = flow ? `${definition.unit} a day` : definition.unit === '%' ? 'per cent' : definition.unit;
	return {
		line: {
			metric: definition.key,
			name,
			averaged: flow,
			unit,
			baseline: num(plan?.baseline),
			target,
			targetNote,
			planned: num((plan?.trajectory ?? []).filter((t) => t.date <= month.last).at(-1)?.value),
			thisMonth: inProgress ? (charted.soFar.at(-1) ?? null) : (charted.values.at(-1) ?? null),
			lastMonth: charted.values.at(-2) ?? charted.soFar.at(-2) ?? null,
			lastMonthPartial: monthly.at(-2)?.partial === true,
			inProgress,
			measured: inMonth.length > 0,
			status,
			assurance: spc.assurance,
			variation: spc.variation,
			months: charted.times,
			values: charted.values,
			soFar: charted.soFar
		},
		evidence: {
			name,
			unit,
			direction: definition.direction,
			target,
			values: inMonth,
			per: definition.shortest?.bucket ?? 'day',
			assurance: spc.assurance,
			variation: spc.variation,
			rule: last?.rules[0] ? RULE_TEXT[last.rules[0]] : null,
			mean: last?.mean ?? null,
			lower: last?.lower ?? null,
			upper: last?.upper ?? null
		}
	};
}
