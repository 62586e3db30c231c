// The GP in A&E's sessions (src/lib/server/metrics/gpSessions.ts) pair each session's going on and off duty: found
// through this index, rather than by reading every event.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE INDEX event_gp_session ON event (site, (body ->> 'session'))
		WHERE type IN ('gp_on_duty', 'gp_off_duty')
	`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX event_gp_session`.execute(db);
}
