// Ingest contract v3's community events (src/lib/server/metrics/community.ts): GP practices join the register as
// organisations of their own kind, the places register events are sent from; a person's events at a practice and a
// stay's at a unit, and a care home's events by its code, are found through these indexes rather than by reading
// every event.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE organisation DROP CONSTRAINT organisation_kind_check`.execute(db);
	await sql`
		ALTER TABLE organisation ADD CONSTRAINT organisation_kind_check
		CHECK (kind IN ('system', 'hwb_area', 'ccg', 'trust', 'site', 'ward', 'practice'))
	`.execute(db);
	// `body ->> 'patient' = $1` implies it is not null, so the planner may use these for any event type
	await sql`
		CREATE INDEX event_site_patient ON event (site, (body ->> 'patient')) WHERE (body ->> 'patient') IS NOT NULL
	`.execute(db);
	await sql`
		CREATE INDEX event_site_stay ON event (site, (body ->> 'stay')) WHERE (body ->> 'stay') IS NOT NULL
	`.execute(db);
	// a care home's beds, admissions and attendances, by its code (the care-home pages)
	await sql`
		CREATE INDEX event_care_home ON event ((body ->> 'careHome'), occurred_at)
		WHERE (body ->> 'careHome') IS NOT NULL
	`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX event_care_home, event_site_stay, event_site_patient`.execute(db);
	await sql`DELETE FROM organisation WHERE kind = 'practice'`.execute(db);
	await sql`ALTER TABLE organisation DROP CONSTRAINT organisation_kind_check`.execute(db);
	await sql`
		ALTER TABLE organisation ADD CONSTRAINT organisation_kind_check
		CHECK (kind IN ('system', 'hwb_area', 'ccg', 'trust', 'site', 'ward'))
	`.execute(db);
}
