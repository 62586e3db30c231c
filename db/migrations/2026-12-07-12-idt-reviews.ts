// Catalogue v2 counts A&E assessments by who saw the patient (src/lib/server/metrics/attendance.ts): the IDT, and of
// those the ones sent home, and the IDT's GP. Assessments stored before it counted only avoided admissions; their
// new points are added here from the events themselves, so the new figures have the whole history.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		INSERT INTO flow_event (site, ref, org, metric, at)
		SELECT e.site, 'ae:' || e.event_id, e.site, p.metric, e.occurred_at
		FROM event e
		CROSS JOIN LATERAL (
			SELECT 'idt_reviews' AS metric WHERE e.body ->> 'seenBy' = 'idt'
			UNION ALL SELECT 'idt_reviews_home' WHERE e.body ->> 'seenBy' = 'idt' AND e.body ->> 'outcome' = 'avoided'
			UNION ALL SELECT 'idt_gp_reviews' WHERE e.body ->> 'seenBy' = 'idt_gp'
		) p
		WHERE e.type = 'ae_assessment'
	`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DELETE FROM flow_event WHERE metric IN ('idt_reviews', 'idt_reviews_home', 'idt_gp_reviews')`.execute(
		db
	);
}
