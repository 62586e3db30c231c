// Catalogue v1 figures for organisations at an instant, from the spells' intervals and points.
import { sql, type Kysely } from 'kysely';
import { ATTRIBUTIONS, DELAY_REASONS, dtocAttributionKey, dtocReasonKey } from '../../catalogue.ts';
import type { MetricValues } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { londonDayStart } from '../time.ts';
import { LOS_BANDS } from './spell.ts';

/** Interval counts become catalogue figures; percentages are of the medically stable list, null when it is empty. */
export function toMetricValues(census: Map<string, number>, flows: Map<string, number>): MetricValues {
	const c = (k: string) => census.get(k) ?? 0;
	const f = (k: string) => flows.get(k) ?? 0;
	const msl = c('msl');
	const pct = (n: number) => (msl === 0 ? null : Math.round((1000 * n) / msl) / 10);
	const values: MetricValues = {
		inpatients: c('inpatients'),
		msl,
		msl_with_plan_pct: pct(c('msl_with_plan')),
		msl_dementia_pct: pct(c('msl_dementia')),
		msl_los_over_15_pct: pct(c('msl_los_over_15'))
	};
	for (const n of LOS_BANDS) values[`los_over_${n}`] = c(`los_over_${n}`);
	values.dtoc = c('dtoc');
	for (const a of ATTRIBUTIONS) values[dtocAttributionKey(a)] = c(dtocAttributionKey(a));
	for (const r of Object.keys(DELAY_REASONS)) values[dtocReasonKey(r)] = c(dtocReasonKey(r));
	values.admissions_today = f('admissions');
	values.discharges_today = f('discharges');
	values.discharges_before_10_today = f('discharges_before_10');
	values.admissions_avoided_today = f('admissions_avoided');
	values.readmissions_30d_today = f('readmissions_30d');
	return values;
}

/**
 * Figures for the given organisations (every organisation when `orgs` is null) as they stood just before `at`:
 * census metrics count intervals with start < at <= end; flow metrics count points since local midnight.
 */
export async function computeMetrics(
	db: Kysely<Database>,
	orgs: string[] | null,
	at: Date
): Promise<Map<string, MetricValues>> {
	const scope = orgs ? sql`AND c.ancestor = ANY(${orgs}::text[])` : sql``;
	const dayStart = londonDayStart(new Date(at.getTime() - 1));
	const [census, flows, all] = await Promise.all([
		// open intervals and those closing after the instant, each found through its own index
		sql<{ org: string; metric: string; n: number }>`
			SELECT c.ancestor AS org, i.metric, count(*)::int AS n
			FROM (
				SELECT org, metric FROM census_interval WHERE end_at IS NULL AND start_at < ${at}
				UNION ALL
				SELECT org, metric FROM census_interval WHERE end_at >= ${at} AND start_at < ${at}
			) i JOIN org_closure c ON c.descendant = i.org
			WHERE true ${scope}
			GROUP BY 1, 2
		`.execute(db),
		sql<{ org: string; metric: string; n: number }>`
			SELECT c.ancestor AS org, f.metric, count(*)::int AS n
			FROM flow_event f JOIN org_closure c ON c.descendant = f.org
			WHERE f.at >= ${dayStart} AND f.at < ${at} ${scope}
			GROUP BY 1, 2
		`.execute(db),
		orgs ? Promise.resolve(null) : db.selectFrom('organisation').select('code').execute()
	]);
	const counts = new Map<string, { census: Map<string, number>; flows: Map<string, number> }>();
	const entry = (org: string) => {
		let e = counts.get(org);
		if (!e) counts.set(org, (e = { census: new Map(), flows: new Map() }));
		return e;
	};
	for (const org of orgs ?? all!.map((o) => o.code)) entry(org);
	for (const r of census.rows) entry(r.org).census.set(r.metric, r.n);
	for (const r of flows.rows) entry(r.org).flows.set(r.metric, r.n);
	return new Map([...counts].map(([org, e]) => [org, toMetricValues(e.census, e.flows)]));
}
