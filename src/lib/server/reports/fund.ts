// The programme report's pooled fund: every scheme's plan for the financial year and the spend returned against it,
// totalled by Health and Wellbeing Board area and by source.
import type { Kysely } from 'kysely';
import type { HighlightReport, PooledFund } from '../../reports.ts';
import type { Database } from '../db/schema.ts';
import type { Period } from './periods.ts';
import { planLines } from './spend.ts';

/**
 * The pooled fund: each scheme's plan for the year and its spend returned, totalled by HWB area, and the plans by
 * source. A totals row of an expenditure plan is not a scheme's money, so it is left out rather than counted twice.
 */
export async function pooledFund(
	db: Kysely<Database>,
	reports: HighlightReport[],
	month: Period
): Promise<PooledFund> {
	const [schemes, lines, areas] = await Promise.all([
		db.selectFrom('scheme').select(['id', 'hwb', 'scheme_type']).execute(),
		db
			.selectFrom('scheme_funding')
			.select(['scheme', 'year', 'amount_gbp_thousands', 'source_text'])
			.execute(),
		db.selectFrom('organisation').select(['code', 'name']).where('kind', '=', 'hwb_area').execute()
	]);
	const hwbOf = new Map(schemes.map((s) => [s.id, s.hwb ?? 'none']));
	const totalsRow = new Set(
		schemes.filter((s) => s.scheme_type === 'hwb_expenditure_total').map((s) => s.id)
	);
	const names = new Map(areas.map((a) => [a.code, a.name]));
	const byHwb = new Map<string, PooledFund['byHwb'][number]>();
	const bySource = new Map<string, number>();
	let fallback = false;
	for (const r of reports) {
		if (totalsRow.has(r.scheme.id) || !r.spend || r.spend.plan === null) continue;
		const hwb = hwbOf.get(r.scheme.id)!;
		const row = byHwb.get(hwb) ?? {
			hwb,
			name: names.get(hwb) ?? hwb,
			plan: 0,
			actual: null,
			forecast: null,
			schemes: 0
		};
		row.plan += r.spend.plan;
		row.schemes++;
		if (r.spend.actual !== null) row.actual = (row.actual ?? 0) + r.spend.actual;
		if (r.spend.forecast !== null) row.forecast = (row.forecast ?? 0) + r.spend.forecast;
		byHwb.set(hwb, row);
		const chosen = planLines(
			lines.filter((l) => l.scheme === r.scheme.id),
			month
		);
		fallback ||= !chosen.forYear;
		for (const l of chosen.lines) {
			const source = l.source_text ?? 'Not stated';
			bySource.set(source, (bySource.get(source) ?? 0) + Number(l.amount_gbp_thousands));
		}
	}
	const year = reports[0]?.spend?.year ?? '';
	const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
	return {
		year,
		byHwb: [...byHwb.values()].map((r) => ({
			...r,
			plan: round(r.plan)!,
			actual: round(r.actual),
			forecast: round(r.forecast)
		})),
		bySource: [...bySource]
			.map(([source, plan]) => ({ source, plan: round(plan)! }))
			.sort((a, b) => b.plan - a.plan),
		note: fallback
			? `The plans have no lines for ${year}: each scheme's latest planned year stands in for it (the plans cover 2014/15 and 2015/16).`
			: null,
		simulated: reports.some((r) => r.spend?.simulated)
	};
}
