// The server's one store, opened, migrated and seeded at start; and the minute ticker that keeps figures whose
// value moves with the clock alone (length of stay bands, "today") current between ingests.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { openStore, type Store } from './db/index.ts';
import { holdDataDir, releaseDataDir } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { seed } from './db/seed.ts';
import { INGEST_LOCK } from './ingest/ingest.ts';
import { ensureKey } from './ingest/keys.ts';
import { loadClosure } from './metrics/current.ts';
import { publishMetrics } from './metrics/publish.ts';

export interface RuntimeConfig {
	databaseUrl?: string;
	dataDir: string;
	demoKey?: string;
	tickMs?: number;
}

let store: Store | null = null;
let ticker: NodeJS.Timeout | null = null;
let dataDir: string | null = null;

export function getStore(): Store {
	if (!store) throw new Error('the store is not open yet');
	return store;
}

export async function startRuntime(config: RuntimeConfig): Promise<Store> {
	if (store) return store;
	if (!config.databaseUrl) {
		mkdirSync(config.dataDir, { recursive: true });
		holdDataDir(config.dataDir);
		dataDir = config.dataDir;
	}
	const opened = await openStore(
		config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }
	);
	const applied = await migrate(opened.db as never);
	await seed(opened.db);
	if (config.demoKey) await ensureKey(opened.db, config.demoKey, 'demo');
	await tick(opened);
	store = opened;
	const where = opened.backend === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
	console.log(`[flowdeck] store ready: ${where}${applied.length ? `, applied ${applied.join(', ')}` : ''}`);
	ticker = setInterval(
		() => tick(opened).catch((e) => console.error(`[flowdeck] ticker: ${e.message}`)),
		config.tickMs ?? 60_000
	);
	ticker.unref();
	return opened;
}

async function tick(s: Store) {
	const closure = await loadClosure(s.db);
	await s.db.transaction().execute(async (trx) => {
		await sql`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
		await publishMetrics(trx, closure, null, new Date());
	});
}

export async function stopRuntime() {
	if (ticker) clearInterval(ticker);
	ticker = null;
	const s = store;
	store = null;
	await s?.close();
	if (dataDir) releaseDataDir(dataDir);
}
