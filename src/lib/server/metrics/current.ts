// Catalogue v1 figures for organisations at an instant, from the spells' intervals and points.
import { sql, type Kysely } from 'kysely';
import {
	ATTRIBUTIONS,
	BED_DAY_SHARES,
	BED_DAYS,
	DAY_MS,
	DELAY_REASONS,
	dtocAttributionKey,
	dtocReasonKey,
	FLOW_POINTS,
	MEAN_LOS_POINTS,
	meanOf,
	msKey,
	percentOf,
	PER_HOUR,
	PERCENT_OF_CENSUS,
	RATIO_POINTS,
	WEEKEND_RATE
} from '../../catalogue.ts';
import { CENSUS_V3 } from '../../catalogueV3.ts';
import type { MetricValues } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { londonDayStart } from '../time.ts';
import { LOS_BANDS } from './spell.ts';

/**
 * Interval counts become catalogue figures; percentages are of the medically stable list, null when it is empty.
 * `flows` holds the points since midnight and, under msKey, the lengths of stay behind them, in ms.
 */
export function toMetricValues(census: Map<string, number>, flows: Map<string, number>): MetricValues {
	const c = (k: string) => census.get(k) ?? 0;
	const f = (k: string) => flows.get(k) ?? 0;
	const msl = c('msl');
	const pct = (n: number) => percentOf(n, msl);
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
	values.past_edd = c('past_edd');
	for (const [key, points] of Object.entries(FLOW_POINTS)) values[key] = f(points);
	for (const [key, [part, whole]] of Object.entries(RATIO_POINTS)) values[key] = percentOf(f(part), f(whole));
	for (const [key, points] of Object.entries(MEAN_LOS_POINTS))
		values[key] = meanOf(f(msKey(points)) / DAY_MS, f(points));
	// Bed-days and the GP's hours grow by the minute with no event to mark it, while the stored figures add up own
	// counts taken at different instants (publish.ts): live they would not agree with themselves. They are figures
	// of a period, read from the series.
	for (const key of [...Object.keys(BED_DAYS), ...Object.keys(BED_DAY_SHARES), ...Object.keys(PER_HOUR)])
		values[key] = null;
	values.gp_on_duty = c('gp_on_duty');
	for (const key of CENSUS_V3) values[key] = c(key);
	for (const [key, [part, whole]] of Object.entries(PERCENT_OF_CENSUS))
		if (!Object.hasOwn(values, key)) values[key] = percentOf(c(part), c(whole));
	// a day is a weekend day or a weekday: the rate of one against the other is a week's or a month's (series.ts)
	values[WEEKEND_RATE] = null;
	return values;
}

/** An organisation's own interval and point counts: those recorded against it, not against its descendants. */
export interface OwnCounts {
	census: Record<string, number>;
	flows: Record<string, number>;
}

type Scope = ReturnType<typeof sql>;

/** Lengths of stay behind the averaged points in [from, at), in ms, by organisation and points. */
const lengthsOfStay = (db: Kysely<Database>, scope: Scope, from: Date, at: Date) =>
	sql<{ org: string; metric: string; ms: number }>`
		SELECT f.org, f.metric, sum(extract(epoch FROM s.discharged_at - s.admitted_at) * 1000)::float8 AS ms
		FROM flow_event f JOIN spell s ON s.site = f.site AND s.spell = f.ref
		WHERE f.metric = ANY(${Object.values(MEAN_LOS_POINTS)}::text[]) AND f.at >= ${from} AND f.at < ${at} ${scope}
		GROUP BY 1, 2
	`.execute(db);

/**
 * Own counts of the given organisations (every organisation when `orgs` is null) as they stood just before `at`:
 * census intervals with start < at <= end, and flow points since local midnight with the lengths of stay that go
 * with them.
 */
export async function ownCounts(
	db: Kysely<Database>,
	orgs: string[] | null,
	at: Date
): Promise<Map<string, OwnCounts>> {
	const scope = orgs ? sql`AND org = ANY(${orgs}::text[])` : sql``;
	const dayStart = londonDayStart(new Date(at.getTime() - 1));
	const [census, flows, stays] = await Promise.all([
		// open intervals and those closing after the instant, each found through its own index
		sql<{ org: string; metric: string; n: number }>`
			SELECT org, metric, count(*)::int AS n FROM (
				SELECT org, metric FROM census_interval WHERE end_at IS NULL AND start_at < ${at} ${scope}
				UNION ALL
				SELECT org, metric FROM census_interval WHERE end_at >= ${at} AND start_at < ${at} ${scope}
			) i
			GROUP BY 1, 2
		`.execute(db),
		sql<{ org: string; metric: string; n: number }>`
			SELECT org, metric, count(*)::int AS n FROM flow_event
			WHERE at >= ${dayStart} AND at < ${at} ${scope}
			GROUP BY 1, 2
		`.execute(db),
		lengthsOfStay(db, orgs ? sql`AND f.org = ANY(${orgs}::text[])` : sql``, dayStart, at)
	]);
	const counts = new Map<string, OwnCounts>();
	const entry = (org: string) => {
		let e = counts.get(org);
		if (!e) counts.set(org, (e = { census: {}, flows: {} }));
		return e;
	};
	for (const org of orgs ?? []) entry(org);
	for (const r of census.rows) entry(r.org).census[r.metric] = r.n;
	for (const r of flows.rows) entry(r.org).flows[r.metric] = r.n;
	for (const r of stays.rows) entry(r.org).flows[msKey(r.metric)] = r.ms;
	return counts;
}

/** Each of `orgs`' own counts summed with those of everything below it. */
export function sumBelow(
	own: Map<string, OwnCounts>,
	closure: { ancestor: string; descendant: string }[],
	orgs: Iterable<string>
): Map<string, OwnCounts> {
	const totals = new Map<string, OwnCounts>();
	for (const org of orgs) totals.set(org, { census: {}, flows: {} });
	for (const { ancestor, descendant } of closure) {
		const total = totals.get(ancestor);
		const counts = own.get(descendant);
		if (total && counts) addCounts(total, counts, 1);
	}
	return totals;
}

/** Adds `sign` × `counts` into `total`, in place. */
export function addCounts(total: OwnCounts, counts: OwnCounts, sign: 1 | -1) {
	for (const [k, n] of Object.entries(counts.census)) total.census[k] = (total.census[k] ?? 0) + sign * n;
	for (const [k, n] of Object.entries(counts.flows)) total.flows[k] = (total.flows[k] ?? 0) + sign * n;
}

export const valuesOf = (total: OwnCounts) =>
	toMetricValues(new Map(Object.entries(total.census)), new Map(Object.entries(total.flows)));

/** Figures of `orgs`, each the sum of the own counts of everything at or below it. */
export function rollUp(
	own: Map<string, OwnCounts>,
	closure: { ancestor: string; descendant: string }[],
	orgs: Iterable<string>
): Map<string, MetricValues> {
	return new Map([...sumBelow(own, closure, orgs)].map(([org, total]) => [org, valuesOf(total)]));
}

const closures = new WeakMap<object, Promise<{ ancestor: string; descendant: string }[]>>();

/** The organisation hierarchy as ancestor/descendant pairs, read once per database (it changes only with a seed). */
export function loadClosure(db: Kysely<Database>) {
	let closure = closures.get(db);
	if (!closure) {
		closure = db.selectFrom('org_closure').select(['ancestor', 'descendant']).execute();
		closure.catch(() => closures.delete(db));
		closures.set(db, closure);
	}
	return closure;
}

/** Figures for the given organisations (every organisation when `orgs` is null) just before `at`. */
export async function computeMetrics(
	db: Kysely<Database>,
	orgs: string[] | null,
	at: Date
): Promise<Map<string, MetricValues>> {
	const closure = await loadClosure(db);
	// only the counts under the organisations asked for: a pack's five sites need not read the whole country
	const wanted = orgs ? new Set(orgs) : null;
	const below = wanted
		? [...new Set(closure.filter((c) => wanted.has(c.ancestor)).map((c) => c.descendant))]
		: null;
	const [own, all] = await Promise.all([
		ownCounts(db, below, at),
		orgs
			? Promise.resolve(orgs)
			: db
					.selectFrom('organisation')
					.select('code')
					.execute()
					.then((r) => r.map((o) => o.code))
	]);
	return rollUp(own, closure, all);
}
