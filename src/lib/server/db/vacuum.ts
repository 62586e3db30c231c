// Closing a spell's intervals replaces rows, and dead rows slow the census queries until a vacuum clears them.
// PostgreSQL's autovacuum gets there in time at ordinary rates; PGlite has no autovacuum, and a backfill outruns
// it. So after every VACUUM_EVERY accepted events the store vacuums the churning tables itself, off the request path.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export const VACUUM_EVERY = 20_000;

const state = new WeakMap<object, { pending: number; running: Promise<void> | null }>();

export function noteAccepted(db: Kysely<Database>, events: number): void {
	const s = state.get(db) ?? { pending: 0, running: null };
	state.set(db, s);
	s.pending += events;
	if (s.pending < VACUUM_EVERY || s.running) return;
	s.pending = 0;
	s.running = sql`VACUUM (ANALYZE) census_interval, flow_event, spell, metric_current`
		.execute(db)
		.then(() => undefined)
		.catch((e) => console.error(`[db] vacuum failed: ${e.message}`))
		.finally(() => (s.running = null));
}
