// Re-deriving figures after an event must cost the same whether the country holds ten sites or every acute trust in
// England (scripts/bench/scale.ts). Three things read more than the organisations above the event:
// - a figure was the sum of the own counts of everything below it, read back for every organisation on every ingest;
//   metric_total keeps each organisation's sums, moved by the difference an ingest makes to the counts below it;
// - the day's flow points were found by time alone, every site's since midnight; by organisation they are not;
// - the minute ticker re-counted every organisation; it now re-counts those whose intervals began or ended since the
//   last tick (a stay passing 15 days, say), found through the start index here and the end index already there.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE metric_total (
			org text PRIMARY KEY REFERENCES organisation (code),
			at timestamptz NOT NULL,
			counts jsonb NOT NULL
		)
	`.execute(db);
	await sql`CREATE INDEX flow_event_org_at ON flow_event (org, at)`.execute(db);
	await sql`CREATE INDEX census_interval_start_at ON census_interval (start_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX census_interval_start_at, flow_event_org_at`.execute(db);
	await sql`DROP TABLE metric_total`.execute(db);
}
