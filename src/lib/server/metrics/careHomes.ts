// The care homes an organisation's patients came from, by the pseudonymous home code of ingest contract v2: each
// home's A&E attendances and emergency admissions over a period (CH-01, CH-02, CH-03, CH-05), most admissions
// first. The counts are the points the catalogue's care-home figures count, so a home's rows add up to them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface CareHomeCounts {
	/** null: the source said the person came from a care home without naming it */
	home: string | null;
	attendances: number;
	admissions: number;
}

export async function careHomeCounts(
	db: Kysely<Database>,
	org: string,
	from: Date,
	to: Date
): Promise<CareHomeCounts[]> {
	// each point's home from the event behind it: an attendance by its id at its instant, an admission by its spell
	const { rows } = await sql<CareHomeCounts>`
		SELECT home, sum(attendances)::int AS attendances, sum(admissions)::int AS admissions
		FROM (
			SELECT (
				SELECT e.body ->> 'careHome' FROM event e
				WHERE e.site = f.site AND e.occurred_at = f.at AND e.type = 'ae_attendance' AND 'ae:' || e.event_id = f.ref
				LIMIT 1
			) AS home, 1 AS attendances, 0 AS admissions
			FROM flow_event f JOIN org_closure c ON c.descendant = f.org
			WHERE c.ancestor = ${org} AND f.metric = 'ae_attendances_care_home' AND f.at >= ${from} AND f.at < ${to}
			UNION ALL
			SELECT (
				SELECT e.body ->> 'careHome' FROM event e
				WHERE e.site = f.site AND e.spell = f.ref AND e.type = 'admission'
				ORDER BY e.occurred_at, e.event_id
				LIMIT 1
			), 0, 1
			FROM flow_event f JOIN org_closure c ON c.descendant = f.org
			WHERE c.ancestor = ${org} AND f.metric = 'admissions_emergency_care_home' AND f.at >= ${from} AND f.at < ${to}
		) points
		GROUP BY home
		ORDER BY sum(admissions) DESC, sum(attendances) DESC, home NULLS LAST
	`.execute(db);
	return rows;
}

/** Each home's registered beds, as the practices last said (care_home_entered, contract v3); absent: never said. */
export async function homeBeds(db: Kysely<Database>, homes: string[]): Promise<Map<string, number>> {
	if (!homes.length) return new Map();
	const { rows } = await sql<{ home: string; beds: number }>`
		SELECT DISTINCT ON (body ->> 'careHome') body ->> 'careHome' AS home, (body ->> 'beds')::int AS beds
		FROM event
		WHERE (body ->> 'careHome') = ANY(${homes}::text[]) AND type = 'care_home_entered'
		ORDER BY body ->> 'careHome', occurred_at DESC
	`.execute(db);
	return new Map(rows.map((r) => [r.home, r.beds]));
}

/**
 * One home's A&E attendances and emergency admissions at the sites at or below `org`, as instants in [from, to):
 * the events that name it (contract v2), so the home's page can count them by week.
 */
export async function homeEvents(
	db: Kysely<Database>,
	org: string,
	home: string,
	from: Date,
	to: Date
): Promise<{ type: 'attendance' | 'admission'; at: Date }[]> {
	const { rows } = await sql<{ type: string; at: Date }>`
		SELECT e.type, e.occurred_at AS at FROM event e
		WHERE (e.body ->> 'careHome') = ${home} AND e.occurred_at >= ${from} AND e.occurred_at < ${to}
			AND (e.type = 'ae_attendance' OR (e.type = 'admission' AND e.body ->> 'method' = 'emergency'))
			AND e.site IN (SELECT descendant FROM org_closure WHERE ancestor = ${org})
		ORDER BY e.occurred_at
	`.execute(db);
	return rows.map((r) => ({
		type: r.type === 'ae_attendance' ? 'attendance' : 'admission',
		at: new Date(r.at)
	}));
}

/** Emergency admissions and A&E attendances a home had per 10 beds; null where its beds were never said. */
export const per10Beds = (count: number, beds: number | undefined) =>
	beds ? Math.round((100 * count) / beds) / 10 : null;
