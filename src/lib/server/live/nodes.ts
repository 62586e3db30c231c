// Each app node says, every few seconds, that it is alive and how many screens it serves: the health page lists the
// nodes from these rows (a node not heard from for three beats is shown as gone, and forgotten after a day).
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Namespace } from 'socket.io';
import type { Database } from '../db/schema.ts';

export const BEAT_MS = 15_000;
export const NODE_ID = `${hostname()}:${process.pid}`;

/** how long a gone node stays listed */
const FORGET_MS = 24 * 3_600_000;

/**
 * Beats until stopped. Stopping only clears the timer: the store closes right after (PGlite's synchronous engine must
 * not be asked anything then), so a stopped node's row stays, shown as gone, until a beat forgets it a day later.
 */
export function beatNode(db: Kysely<Database>, live: Namespace): () => void {
	const started = new Date();
	const beat = async () => {
		const rooms = [...live.adapter.rooms.keys()].filter((r) => /^(org~?|playlist):/.test(r)).length;
		const seen = new Date();
		await db
			.insertInto('app_node')
			.values({ id: NODE_ID, started_at: started, seen_at: seen, sockets: live.sockets.size, rooms })
			.onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: seen, sockets: live.sockets.size, rooms }))
			.execute();
		await db
			.deleteFrom('app_node')
			.where('seen_at', '<', new Date(seen.getTime() - FORGET_MS))
			.execute();
	};
	const run = () => beat().catch((e) => console.error(`[live] node beat: ${e.message}`));
	void run();
	const timer = setInterval(run, BEAT_MS);
	timer.unref();
	return () => clearInterval(timer);
}

export async function listNodes(db: Kysely<Database>, now = new Date()) {
	const rows = await db.selectFrom('app_node').selectAll().orderBy('started_at').execute();
	return rows.map((r) => ({
		id: r.id,
		startedAt: r.started_at.toISOString(),
		seenAt: r.seen_at.toISOString(),
		sockets: r.sockets,
		rooms: r.rooms,
		up: now.getTime() - r.seen_at.getTime() < 3 * BEAT_MS,
		self: r.id === NODE_ID
	}));
}
