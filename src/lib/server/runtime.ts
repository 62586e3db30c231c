// The server's one store, opened, migrated and seeded at start; and the ticker that keeps figures whose value moves
// with the clock alone (length-of-stay bands, "today") current between ingests.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { openStore, type Store } from './db/index.ts';
import { holdDataDir, releaseDataDir } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { seed } from './db/seed.ts';
import { durabilityProblems, readDurability } from './db/durability.ts';
import { INGEST_LOCK } from './ingest/ingest.ts';
import { ensureKey } from './ingest/keys.ts';
import { loadClosure } from './metrics/current.ts';
import { publishMetrics } from './metrics/publish.ts';

export interface RuntimeConfig {
	databaseUrl?: string;
	dataDir: string;
	demoKey?: string;
}

export const TICK_CHANNEL = 'flowdeck_tick';

/** How often the ticker runs; screens call figures stale once they are older than twice this. */
export const tickInterval = () => Number(process.env.FLOWDECK_TICK_MS || 60_000);

let store: Store | null = null;
let ingestRefusal: string | null = null;

/** Why the ingest API must refuse events now, or null: a PostgreSQL that could lose what it acknowledged. */
export const whyRefuseIngest = () => ingestRefusal;
let ticker: NodeJS.Timeout | null = null;
let dataDir: string | null = null;
let ready: (store: Store) => void;
const readyStore = new Promise<Store>((resolve) => (ready = resolve));

/** Resolves once the store is open, migrated and seeded. */
export const storeReady = () => readyStore;

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
	const s = await openStore(
		config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }
	);
	if (s.backend === 'postgres') {
		const problems = durabilityProblems(await readDurability(s.db));
		if (problems.length) {
			ingestRefusal = `the database could lose acknowledged events (${problems.join('; ')}); ingest is refused until it is fixed`;
			console.error(`[flowdeck] ${ingestRefusal}`);
		}
	}
	const applied = await migrate(s.db as never);
	await seed(s.db);
	if (config.demoKey) await ensureKey(s.db, config.demoKey, 'demo');
	await tick(s);
	store = s;
	ready(s);
	const where = s.backend === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
	console.log(`[flowdeck] store ready: ${where}${applied.length ? `, applied ${applied.join(', ')}` : ''}`);
	ticker = setInterval(
		() => tick(s).catch((e) => console.error(`[flowdeck] ticker: ${e.message}`)),
		tickInterval()
	);
	ticker.unref();
	return s;
}

async function tick(s: Store) {
	const closure = await loadClosure(s.db);
	await s.db.transaction().execute(async (trx) => {
		await sql`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
		const at = new Date();
		await publishMetrics(trx, closure, null, at);
		// every figure is now confirmed as of `at`: screens tell fresh data from a stalled pipeline by this
		await sql`SELECT pg_notify(${TICK_CHANNEL}, ${at.toISOString()})`.execute(trx);
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
