// The server's one store, opened, migrated and seeded at start; the ingest line that puts writes in order; the ticker
// that keeps figures whose value moves with the clock alone (length-of-stay bands, "today") current between ingests;
// the alarm worker beside them (alarms/worker.ts); and the drain that lets a node stop without dropping an
// acknowledged write.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { BUS } from '../live/protocol.ts';
import { AlarmWorker } from './alarms/worker.ts';
import { configuredSenders } from './alarms/notify/senders.ts';
import { config } from './config.ts';
import { configuredStore, openReadyStore, type Store } from './db/index.ts';
import { holdDataDir, releaseDataDir } from './db/lock.ts';
import { INGEST_LOCK } from './ingest/ingest.ts';
import { ensureKey } from './ingest/keys.ts';
import { IngestLine, LineRefused } from './ingest/line.ts';
import { rederiveStale } from './ingest/rederive.ts';
import { loadClosure } from './metrics/current.ts';
import { publishDue } from './metrics/publish.ts';

let store: Store | null = null;
let line: IngestLine | null = null;
let draining = false;
let ticker: NodeJS.Timeout | null = null;
let dataDir: string | null = null;
let alarms: AlarmWorker | null = null;
let ready: (store: Store) => void;
const readyStore = new Promise<Store>((resolve) => (ready = resolve));

/** Resolves once the store is open, migrated and seeded. */
export const storeReady = () => readyStore;

export function getStore(): Store {
	if (!store) throw new Error('the store is not open yet');
	return store;
}

/** Why the ingest API must refuse events now, or null. */
export function whyRefuseIngest(): { message: string; retryAfter: number } | null {
	if (draining) return { message: 'this node is shutting down; retry on another', retryAfter: 5 };
	const problems = store?.durabilityProblems() ?? [];
	if (!problems.length) return null;
	if (store?.health().up === false)
		return { message: 'the database is unavailable; nothing was stored', retryAfter: 5 };
	return {
		message: `the database could lose acknowledged events (${problems.join('; ')}); ingest is refused until it is fixed`,
		retryAfter: 60
	};
}

/** Runs a write that takes the ingest lock when its turn in this process comes (see ingest/line.ts). */
export function inLine<T>(work: () => Promise<T>): Promise<T> {
	if (!line) return Promise.reject(new LineRefused('starting; retry shortly', 2));
	return line.run(work);
}

/** The ingest line itself, for work that takes several turns (ingest/upload.ts). */
export function ingestLine(): Pick<IngestLine, 'run' | 'begin'> {
	if (!line) throw new LineRefused('starting; retry shortly', 2);
	return line;
}

export async function startRuntime(): Promise<Store> {
	if (store) return store;
	const c = config();
	if (!c.databaseUrl) {
		mkdirSync(c.dataDir, { recursive: true });
		holdDataDir(c.dataDir);
		dataDir = c.dataDir;
	}
	const s = await openReadyStore(configuredStore(c));
	warnAuditRisks(s.auditRisks);
	if (c.demoKey) await ensureKey(s.db, c.demoKey, 'demo');
	line = new IngestLine({ limit: c.ingestQueue, waitMs: c.ingestWaitMs });
	await tick(s);
	store = s;
	ready(s);
	const where = s.backend === 'postgres' ? 'PostgreSQL' : `PGlite in ${c.dataDir}`;
	console.log(
		`[flowdeck] store ready: ${where}${s.applied.length ? `, applied ${s.applied.join(', ')}` : ''}`
	);
	void deriveAgain(s);
	alarms = new AlarmWorker(s.db, c.alarms, configuredSenders(c.alarms));
	await alarms.start(s);
	ticker = setInterval(() => {
		if (!s.health().up) return;
		inLine(() => tick(s)).catch((e) => console.error(`[flowdeck] ticker: ${e.message}`));
	}, c.tickMs);
	ticker.unref();
	return s;
}

/** Spells an older derivation left are derived again in the background, each batch in the ingest line's turn. */
async function deriveAgain(s: Store) {
	const count = (n: number) => n.toLocaleString('en-GB');
	let said = 0;
	try {
		await rederiveStale(s.db, {
			run: inLine,
			onProgress: (done, total) => {
				if (done === 0) console.log(`[flowdeck] deriving ${count(total)} spells again for the new metrics`);
				else if (done === total || Date.now() - said >= 5000)
					console.log(`[flowdeck] derived again: ${count(done)} of ${count(total)}`);
				else return;
				said = Date.now();
			}
		});
	} catch (e) {
		// the spells stay as they were and are taken up at the next start
		console.error(`[flowdeck] deriving spells again stopped: ${e instanceof Error ? e.message : e}`);
	}
}

let auditRisks: string[] = [];

/** Why the access audit is not append-only for the app's own database role (db/roles.ts); shown to administrators. */
export const auditRisksNow = () => auditRisks;

function warnAuditRisks(risks: string[]) {
	auditRisks = risks;
	if (!risks.length) return;
	const rule = '!'.repeat(100);
	console.error(
		[
			rule,
			`[flowdeck] WARNING: the access audit is not append-only for this server: ${risks.join('; ')}.`,
			'[flowdeck] It could disable the audit trigger or drop the table. Run migrations as an owner role',
			'[flowdeck] (DATABASE_OWNER_URL) and the server as a role that owns nothing: see "Database roles" in README.md.',
			rule
		].join('\n')
	);
}

/** The instant this node last brought every figure up to, so the next tick counts only what time moved since. */
let tickedTo: Date | null = null;

async function tick(s: Store) {
	const closure = await loadClosure(s.db);
	let at = new Date();
	await s.db.transaction().execute(async (trx) => {
		await sql`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
		// taken in the lock, so every count is as of an instant no earlier than any published before it
		at = new Date();
		await publishDue(trx, closure, tickedTo, at);
		await sql`SELECT pg_notify(${BUS.tick}, ${at.toISOString()})`.execute(trx);
	});
	tickedTo = at;
}

/** Stops taking ingests and waits (at most FLOWDECK_DRAIN_MS) for those in flight. */
export async function drain() {
	draining = true;
	if (ticker) clearInterval(ticker);
	ticker = null;
	const ms = config().drainMs;
	await Promise.race([line?.close(), new Promise((r) => setTimeout(r, ms).unref())]);
}

export async function stopRuntime() {
	if (ticker) clearInterval(ticker);
	ticker = null;
	await alarms?.stop();
	alarms = null;
	const s = store;
	store = null;
	await s?.close();
	if (dataDir) releaseDataDir(dataDir);
}
