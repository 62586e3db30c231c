// Opens the store: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded PGlite under ./data/.
// Everything above this module speaks Kysely and cannot tell the backends apart. `openReadyStore` is the one way the
// app, the scripts and the tests get a store that is migrated and seeded.
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { config, type Config, type DatabaseTimeouts } from '../config.ts';
import { migrate } from './migrate.ts';
import { BusConnection, openPool, type Health } from './postgres.ts';
import { auditTamperRisks, currentRole, grantApplication, ownerConnection } from './roles.ts';
import type { Database } from './schema.ts';
import { seed } from './seed.ts';

export type Backend = 'pglite' | 'postgres';
export type { Health };

export interface Store {
	db: Kysely<Database>;
	backend: Backend;
	/** Subscribe to a NOTIFY channel: PGlite's own listen in embedded mode, the bus connection on a server. */
	listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
	/** Whether the database answers now; the embedded one always does. */
	health(): Health;
	/** Hear when the database goes away and comes back (notifications sent meanwhile were missed). */
	onHealth(watch: (health: Health) => void): () => void;
	/** Why acknowledged writes could be lost now (empty when they cannot): S21. */
	durabilityProblems(): string[];
	close(): Promise<void>;
}

export interface StoreOptions {
	databaseUrl?: string;
	/** PostgreSQL only: migrate and seed as this role and grant the app's role what it needs (db/roles.ts) */
	ownerUrl?: string;
	/** PGlite data directory; omit for an in-memory database */
	dataDir?: string;
	/** an already-made PGlite (tests use the TimescaleDB build this way) */
	pglite?: PGlite;
	poolSize?: number;
}

// Timestamps and counts come back as Date and number on both backends.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// a calendar date stays a YYYY-MM-DD string: as a Date it would shift with the server's time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
const DATE_OID = 1082;

/** The store the config names: PostgreSQL when DATABASE_URL is set, otherwise PGlite in its data directory. */
export function configuredStore(c: Config = config()): StoreOptions {
	return c.databaseUrl
		? { databaseUrl: c.databaseUrl, ownerUrl: c.ownerDatabaseUrl }
		: { dataDir: c.dataDir };
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
	const c = config();
	if (options.databaseUrl)
		return openPostgres(options.databaseUrl, options.poolSize ?? c.poolSize, c.timeouts, {
			checkMs: c.healthCheckMs,
			durabilityMs: c.durabilityCheckMs
		});
	const pglite = options.pglite ?? (await newPGlite(options.dataDir));
	return openPGlite(pglite);
}

export interface ReadyStore extends Store {
	/** the migrations just run */
	applied: string[];
	/** why the app's database role could change or remove audit rows; empty when it cannot (db/roles.ts) */
	auditRisks: string[];
}

/**
 * A store migrated to the latest schema with the reference data loaded. With `ownerUrl` the migrations and the seed
 * run as that role, which then grants the app's role what it needs; without it the app's role does both and owns
 * what it made, which `auditRisks` reports.
 */
export async function openReadyStore(options: StoreOptions = {}): Promise<ReadyStore> {
	const store = await openStore(options);
	try {
		let applied: string[];
		if (options.ownerUrl && options.databaseUrl) {
			const owner = ownerConnection(options.ownerUrl);
			try {
				applied = await migrate(owner);
				await seed(owner as Kysely<Database>);
				await grantApplication(owner, await currentRole(store.db as never));
			} finally {
				await owner.destroy();
			}
		} else {
			applied = await migrate(store.db as never);
			await seed(store.db);
		}
		const auditRisks = store.backend === 'postgres' ? await auditTamperRisks(store.db as never) : [];
		return Object.assign(store, { applied, auditRisks });
	} catch (e) {
		await store.close();
		throw e;
	}
}

async function newPGlite(dataDir?: string): Promise<PGlite> {
	const { PGlite } = await import('@electric-sql/pglite');
	const parsers = { [DATE_OID]: (v: string) => v };
	return PGlite.create(dataDir ? { dataDir, parsers } : { parsers });
}

function openPGlite(pglite: PGlite): Store {
	const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
	const health: Health = { up: true, since: new Date() };
	return {
		db,
		backend: 'pglite',
		listen: (channel, onMessage) => pglite.listen(channel, onMessage),
		health: () => health,
		onHealth: () => () => {},
		// in-process: nothing is acknowledged to a source until PGlite has written it, and no server setting applies
		durabilityProblems: () => [],
		close: () => db.destroy()
	};
}

async function openPostgres(
	connectionString: string,
	max: number,
	timeouts: DatabaseTimeouts,
	checks: { checkMs: number; durabilityMs: number }
): Promise<Store> {
	const pool = openPool(connectionString, max, timeouts);
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	const bus = new BusConnection(connectionString, { timeouts, ...checks });
	await bus.start();
	return {
		db,
		backend: 'postgres',
		listen: (channel, onMessage) => bus.listen(channel, onMessage),
		health: () => bus.health(),
		onHealth: (watch) => bus.onHealth(watch),
		durabilityProblems: () => bus.durabilityProblems(),
		async close() {
			await bus.close();
			await db.destroy();
		}
	};
}
