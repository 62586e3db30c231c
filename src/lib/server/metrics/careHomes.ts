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
