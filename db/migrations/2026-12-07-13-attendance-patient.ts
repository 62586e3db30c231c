// A&E re-attendances within 7 days (src/lib/server/metrics/engine.ts, refreshReattendances) look up every attendance
// of the patients a batch names: through this index, rather than by reading every event.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE INDEX event_attendance_patient ON event ((body ->> 'patient')) WHERE type = 'ae_attendance'`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX event_attendance_patient`.execute(db);
}
