// A published figure counts the census intervals of one organisation open at an instant. Without an index that
// starts with the organisation, that count read every open interval of every organisation, so a single event at one
// site grew slower as another site's census grew (measured by scripts/bench/csv.ts: from 20 ms to 150 ms while a
// 200,000-row upload for Medway went in). These serve the two halves of ownCounts in metrics/current.ts.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE INDEX census_interval_open_org ON census_interval (org, start_at) WHERE end_at IS NULL`.execute(
		db
	);
	await sql`CREATE INDEX census_interval_org_end ON census_interval (org, end_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX census_interval_open_org, census_interval_org_end`.execute(db);
}
