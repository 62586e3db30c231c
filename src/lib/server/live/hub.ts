// The live hub of one app node: turns the bus (NOTIFY after each commit) into messages for its socket.io rooms.
// Deltas are read back from metric_snapshot by their exact sequence numbers, so every screen sees each update once,
// in order; a screen that misses one notices the gap and asks for a fresh snapshot.
import type { Namespace } from 'socket.io';
import type { Store } from '../db/index.ts';
import type { MetricSnapshot, MetricValues } from '../../types.ts';
import { METRICS_CHANNEL } from '../metrics/publish.ts';
import { currentMetrics } from '../metrics/read.ts';
import { TICK_CHANNEL } from '../runtime.ts';
import { getPlaylist, PLAYLIST_CHANNEL } from './playlists.ts';

export const orgRoom = (org: string) => `org:${org}`;
export const playlistRoom = (id: number) => `playlist:${id}`;

export interface Delta {
	org: string;
	seq: number;
	asOf: string;
	changed: MetricValues;
}

export class LiveHub {
	#ns: Namespace;
	#store: Store;
	#sent = new Map<string, { seq: number; metrics: MetricValues }>();
	#queue: Promise<void> = Promise.resolve();
	#unlisten: (() => Promise<void>)[] = [];

	constructor(ns: Namespace, store: Store) {
		this.#ns = ns;
		this.#store = store;
	}

	async start() {
		this.#unlisten = await Promise.all([
			this.#store.listen(METRICS_CHANNEL, (payload) => this.#enqueue(() => this.#onMetrics(payload))),
			this.#store.listen(TICK_CHANNEL, (asOf) => this.#ns.emit('fresh', { asOf })),
			this.#store.listen(PLAYLIST_CHANNEL, (id) => this.#enqueue(() => this.#onPlaylist(Number(id))))
		]);
	}

	async stop() {
		await Promise.all(this.#unlisten.map((u) => u()));
	}

	/** The figures as stored now; what a screen starts from and resyncs to. */
	async snapshot(org: string): Promise<MetricSnapshot | null> {
		const snap = await currentMetrics(this.#store.db, org);
		if (snap && (this.#sent.get(org)?.seq ?? -1) < snap.seq)
			this.#sent.set(org, { seq: snap.seq, metrics: snap.metrics });
		return snap;
	}

	#enqueue(work: () => Promise<void>) {
		this.#queue = this.#queue
			.then(work)
			.catch((e) => console.error(`[live] ${e instanceof Error ? e.message : e}`));
	}

	#watched(org: string) {
		return (this.#ns.adapter.rooms.get(orgRoom(org))?.size ?? 0) > 0;
	}

	async #onMetrics(payload: string) {
		const announced = payload
			.split(',')
			.map((pair) => {
				const at = pair.lastIndexOf(':');
				return { org: pair.slice(0, at), seq: Number(pair.slice(at + 1)) };
			})
			.filter((a) => a.org && Number.isInteger(a.seq) && this.#watched(a.org));
		if (!announced.length) return;
		// each announced sequence number, and the one before it where this node has not seen it
		const wanted = announced.flatMap((a) =>
			this.#sent.get(a.org)?.seq === a.seq - 1 ? [a] : [a, { org: a.org, seq: a.seq - 1 }]
		);
		const rows = await this.#store.db
			.selectFrom('metric_snapshot')
			.select(['org', 'seq', 'at', 'metrics'])
			.where((eb) => eb.or(wanted.map((w) => eb.and([eb('org', '=', w.org), eb('seq', '=', w.seq)]))))
			.execute();
		const bySeq = new Map(rows.map((r) => [`${r.org}:${Number(r.seq)}`, r]));
		for (const a of announced.sort((x, y) => x.seq - y.seq)) {
			const row = bySeq.get(`${a.org}:${a.seq}`);
			if (!row) continue;
			const before =
				this.#sent.get(a.org)?.seq === a.seq - 1
					? this.#sent.get(a.org)!.metrics
					: bySeq.get(`${a.org}:${a.seq - 1}`)?.metrics;
			const changed = before
				? Object.fromEntries(Object.entries(row.metrics).filter(([k, v]) => before[k] !== v))
				: row.metrics;
			this.#sent.set(a.org, { seq: a.seq, metrics: row.metrics });
			const delta: Delta = { org: a.org, seq: a.seq, asOf: row.at.toISOString(), changed };
			this.#ns.to(orgRoom(a.org)).emit('metrics', delta);
		}
	}

	async #onPlaylist(id: number) {
		if (!Number.isInteger(id)) return;
		const playlist = await getPlaylist(this.#store.db, id);
		this.#ns.to(playlistRoom(id)).emit('playlist', { id, playlist });
	}
}
