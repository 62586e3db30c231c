// The intermediate care units and virtual wards at or below an organisation over a period, from the stays and beds
// contract v3's events became (metrics/community.ts): the intermediate-care page's figures.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface UnitPeriod {
	unit: string;
	name: string;
	beds: number | null;
	admissions: number;
	stepDown: number;
	stepUp: number;
	discharges: number;
	/** mean length of stay of the period's discharges, days */
	meanStayDays: number | null;
	outcomes: Record<string, number>;
}

/**
 * The intermediate care units and virtual wards at or below `org` over [from, to): admissions stepping up or down,
 * discharges with their outcomes and the mean length of the stays they ended, and each unit's beds at `to`.
 */
export async function unitsOver(
	db: Kysely<Database>,
	org: string,
	from: Date,
	to: Date
): Promise<UnitPeriod[]> {
	const { rows } = await sql<{
		unit: string;
		name: string;
		beds: number | null;
		admissions: number;
		step_down: number;
		step_up: number;
		discharges: number;
		stay_days: number | null;
		outcomes: Record<string, number> | null;
	}>`
		WITH units AS (
			SELECT o.code, o.name, o.position FROM organisation o
			WHERE o.code IN (SELECT descendant FROM org_closure WHERE ancestor = ${org})
				AND EXISTS (
					SELECT 1 FROM census_interval c WHERE c.org = o.code AND c.metric IN ('ic_beds', 'ic_occupied')
				)
		),
		stays AS (
			SELECT i.site, i.start_at, i.end_at, i.metric FROM census_interval i
			WHERE i.site IN (SELECT code FROM units) AND i.metric IN ('ic_occupied_step_up', 'ic_occupied_step_down')
		)
		SELECT u.code AS unit, u.name,
			(SELECT count(*)::int FROM census_interval b WHERE b.site = u.code AND b.metric = 'ic_beds'
				AND b.start_at < ${to} AND (b.end_at IS NULL OR b.end_at >= ${to})) AS beds,
			(SELECT count(*)::int FROM stays s WHERE s.site = u.code AND s.start_at >= ${from} AND s.start_at < ${to}) AS admissions,
			(SELECT count(*)::int FROM stays s WHERE s.site = u.code AND s.metric = 'ic_occupied_step_down'
				AND s.start_at >= ${from} AND s.start_at < ${to}) AS step_down,
			(SELECT count(*)::int FROM stays s WHERE s.site = u.code AND s.metric = 'ic_occupied_step_up'
				AND s.start_at >= ${from} AND s.start_at < ${to}) AS step_up,
			(SELECT count(*)::int FROM stays s WHERE s.site = u.code AND s.end_at >= ${from} AND s.end_at < ${to}) AS discharges,
			(SELECT avg(extract(epoch FROM s.end_at - s.start_at) / 86400)::float8 FROM stays s
				WHERE s.site = u.code AND s.end_at >= ${from} AND s.end_at < ${to}) AS stay_days,
			(SELECT jsonb_object_agg(metric, n) FROM (
				SELECT f.metric, count(*)::int AS n FROM flow_event f
				WHERE f.site = u.code AND f.org = u.code AND f.metric LIKE 'ic\\_outcome\\_%' AND f.at >= ${from} AND f.at < ${to}
				GROUP BY f.metric
			) o) AS outcomes
		FROM units u
		ORDER BY u.position
	`.execute(db);
	return rows.map((r) => ({
		unit: r.unit,
		name: r.name,
		beds: r.beds || null,
		admissions: r.admissions,
		stepDown: r.step_down,
		stepUp: r.step_up,
		discharges: r.discharges,
		meanStayDays: r.stay_days === null ? null : Math.round(r.stay_days * 10) / 10,
		outcomes: Object.fromEntries(
			Object.entries(r.outcomes ?? {}).map(([k, n]) => [k.slice('ic_outcome_'.length), n])
		)
	}));
}
