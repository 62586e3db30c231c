// Spells derived by an older version of deriveSpell lack what a newer one counts (catalogue v2 added EDD, weekend,
// admission-method, age and destination points and the past-EDD census): their events are replayed again, a batch at
// a time under the ingest lock, so a store upgraded in place gives the new metrics their whole history instead of
// zeros before the upgrade. The server does this at start, in the background (src/lib/server/runtime.ts).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadClosure } from '../metrics/current.ts';
import { refreshSpells } from '../metrics/engine.ts';
import { publishMetrics } from '../metrics/publish.ts';
import { DERIVATION } from '../metrics/spell.ts';
import { INGEST_LOCK } from './ingest.ts';

/** How many spells an older derivation left. */
export async function staleSpells(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('spell')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('derivation', '<', DERIVATION)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export interface RederiveOptions {
	batch?: number;
	/** runs one batch's write; the server passes its ingest line so a batch waits its turn like an ingest */
	run?: <T>(work: () => Promise<T>) => Promise<T>;
	/** called with 0 done before the first batch, then after each */
	onProgress?: (done: number, total: number) => void;
	/** the instant the published figures are for (as ingest's `now`); the clock by default */
	now?: Date;
}

/** Derives again every spell an older derivation left, publishing the figures each batch changes; returns how many. */
export async function rederiveStale(db: Kysely<Database>, options: RederiveOptions = {}): Promise<number> {
	const { batch = 500, run = (work) => work(), onProgress, now } = options;
	const total = await staleSpells(db);
	if (!total) return 0;
	onProgress?.(0, total);
	const closure = await loadClosure(db);
	let done = 0;
	// keyset order over the primary key: each batch starts where the last one ended
	let after = { site: '', spell: '' };
	for (;;) {
		const keys = await db
			.selectFrom('spell')
			.select(['site', 'spell'])
			.where('derivation', '<', DERIVATION)
			.where((eb) => eb(eb.refTuple('site', 'spell'), '>', eb.tuple(after.site, after.spell)))
			.orderBy('site')
			.orderBy('spell')
			.limit(batch)
			.execute();
		if (!keys.length) break;
		await run(() =>
			db.transaction().execute(async (trx) => {
				await sql`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
				const touched = await refreshSpells(trx, keys);
				await publishMetrics(trx, closure, [...touched], now ?? new Date());
			})
		);
		done += keys.length;
		after = keys[keys.length - 1];
		onProgress?.(Math.min(done, total), total);
	}
	return done;
}
