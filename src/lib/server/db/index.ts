// Opens the store: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded PGlite under ./data/.
// Everything above this module speaks Kysely and cannot tell the backends apart.
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Backend = 'pglite' | 'postgres';

export interface Store {
	db: Kysely<Database>;
	backend: Backend;
	/** Subscribe to a NOTIFY channel: PGlite's own listen in embedded mode, a dedicated client on a server. */
	listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

export interface StoreOptions {
	databaseUrl?: string;
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

export async function openStore(options: StoreOptions = {}): Promise<Store> {
	if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
	const pglite = options.pglite ?? (await newPGlite(options.dataDir));
	return openPGlite(pglite);
}

async function newPGlite(dataDir?: string): Promise<PGlite> {
	const { PGlite } = await import('@electric-sql/pglite');
	const parsers = { [DATE_OID]: (v: string) => v };
	return PGlite.create(dataDir ? { dataDir, parsers } : { parsers });
}

function openPGlite(pglite: PGlite): Store {
	const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
	return {
		db,
		backend: 'pglite',
		async listen(channel, onMessage) {
			const unsubscribe = await pglite.listen(channel, onMessage);
			return unsubscribe;
		},
		close: () => db.destroy()
	};
}

function openPostgres(connectionString: string, max: number): Store {
	const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
	// An idle client that loses its server must not crash the process; the pool replaces it.
	pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return {
		db,
		backend: 'postgres',
		async listen(channel, onMessage) {
			const client = new pg.Client({ connectionString });
			await client.connect();
			client.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''));
			client.on('error', (err) => console.error(`[db] listener error: ${err.message}`));
			await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
			return () => client.end();
		},
		close: () => db.destroy()
	};
}
