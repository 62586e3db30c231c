// TimescaleDB, when the server offers it (as Zabbix does it): hypertables for events and metric history, and,
// on the Community edition, a real-time continuous aggregate, compression and retention. Plain PostgreSQL and
// PGlite skip this migration's work and keep the base schema. DDL here takes no bind parameters: constants only.
import { type Kysely, sql } from 'kysely';

async function timescaleAvailable(db: Kysely<unknown>) {
	const { rows } = await sql<{ n: number }>`
		SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'
	`.execute(db);
	return rows[0].n > 0;
}

export async function up(db: Kysely<unknown>): Promise<void> {
	if (!(await timescaleAvailable(db))) return;
	await sql`CREATE EXTENSION IF NOT EXISTS timescaledb`.execute(db);
	await sql`SELECT create_hypertable('event', 'occurred_at', chunk_time_interval => INTERVAL '7 days', migrate_data => true)`.execute(
		db
	);
	await sql`SELECT create_hypertable('metric_snapshot', 'at', chunk_time_interval => INTERVAL '7 days', migrate_data => true)`.execute(
		db
	);

	const { rows } = await sql<{ license: string | null }>`
		SELECT current_setting('timescaledb.license', true) AS license
	`.execute(db);
	if (rows[0].license === 'apache') return; // the Apache edition has no caggs, compression or policies

	await sql`DROP VIEW event_daily`.execute(db);
	await sql`
		CREATE MATERIALIZED VIEW event_daily WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
			SELECT time_bucket(INTERVAL '1 day', occurred_at, 'Europe/London') AS day, site, type, count(*)::int AS events
			FROM event GROUP BY 1, 2, 3
		WITH NO DATA
	`.execute(db);
	await sql`
		SELECT add_continuous_aggregate_policy('event_daily',
			start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour')
	`.execute(db);
	await sql`ALTER TABLE event SET (timescaledb.compress, timescaledb.compress_segmentby = 'site')`.execute(
		db
	);
	await sql`SELECT add_compression_policy('event', INTERVAL '90 days')`.execute(db);
	await sql`SELECT add_retention_policy('metric_snapshot', INTERVAL '2 years')`.execute(db);
}

export async function down(): Promise<void> {
	// Leaving TimescaleDB means a dump and restore into plain PostgreSQL; not done by a migration.
}
