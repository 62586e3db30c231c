// The live hub of one app node: turns the bus (NOTIFY after each commit) into messages for its socket.io rooms.
// Deltas are read back from metric_snapshot by their exact sequence numbers, so every screen sees each update once,
// in order; a screen that misses one notices the gap and asks for a fresh snapshot. When the database goes away the
// hub tells every screen; when it is back, notifications sent meanwhile are lost, so every room gets a fresh snapshot.
import type { Namespace } from 'socket.io';
import type { Health, Store } from '../db/index.ts';
import type { MetricSnapshot, MetricValues } from '../../types.ts';
import {
	BUS,
	decodeAnnouncements,
	decodeOrgs,
	orgRoom,
	playlistRoom,
	type AlarmsMessage,
	type Delta,
	type StoreStatus
} from '../../live/protocol.ts';
import { openAlarmsUnder } from '../alarms/store.ts';
import { loadClosure } from '../metrics/current.ts';
import { currentMetrics } from '../metrics/read.ts';
import { getPlaylist } from './playlists.ts';

const ROOM = /^(org|playlist):(.+)$/;

export class LiveHub {
	#ns: Namespace;
	#store: Store;
	#sent = new Map<string, { seq: number; metrics: MetricValues }>();
	#queue: Promise<void> = Promise.resolve();
	#unlisten: (() => unknown)[] = [];

	constructor(ns: Namespace, store: Store) {
		this.#ns = ns;
		this.#store = store;
	}

	async start() {
		this.#unlisten = await Promise.all([
			this.#store.listen(BUS.metrics, (payload) => this.#enqueue(() => this.#onMetrics(payload))),
			this.#store.listen(BUS.tick, (asOf) => this.#ns.emit('fresh', { asOf })),
			this.#store.listen(BUS.playlists, (id) => this.#enqueue(() => this.#onPlaylist(Number(id)))),
			this.#store.listen(BUS.alarms, (payload) => this.#enqueue(() => this.#onAlarms(decodeOrgs(payload))))
		]);
		this.#unlisten.push(this.#store.onHealth((health) => this.#onHealth(health)));
	}

	async stop() {
		await Promise.all(this.#unlisten.map((u) => u()));
	}

	/** Whether this node reaches the data store, as screens are told on connecting. */
	status(): StoreStatus {
		const health = this.#store.health();
		return { up: health.up, since: health.since.toISOString() };
	}

	/** The figures as stored now; what a screen starts from and resyncs to. */
	async snapshot(org: string): Promise<MetricSnapshot | null> {
		const snap = await currentMetrics(this.#store.db, org);
		if (snap && (this.#sent.get(org)?.seq ?? -1) < snap.seq)
			this.#sent.set(org, { seq: snap.seq, metrics: snap.metrics });
		return snap;
	}

	/** The open alarms at or below an organisation, as its screens show them. */
	async alarms(org: string): Promise<AlarmsMessage> {
		return { org, alarms: await openAlarmsUnder(this.#store.db, org) };
	}

	/** Every watched room at or above an organisation whose alarms changed gets its open alarms again, whole. */
	async #onAlarms(orgs: string[]) {
		const changed = new Set(orgs);
		const closure = await loadClosure(this.#store.db);
		const rooms = new Set(closure.filter((c) => changed.has(c.descendant)).map((c) => c.ancestor));
		for (const org of rooms)
			if (this.#watched(org)) this.#ns.to(orgRoom(org)).emit('alarms', await this.alarms(org));
	}

	#enqueue(work: () => Promise<void>) {
		this.#queue = this.#queue
			.then(work)
			.catch((e) => console.error(`[live] ${e instanceof Error ? e.message : e}`));
	}

	#watched(org: string) {
		return (this.#ns.adapter.rooms.get(orgRoom(org))?.size ?? 0) > 0;
	}

	#onHealth(health: Health) {
		const status: StoreStatus = { up: health.up, since: health.since.toISOString() };
		this.#ns.emit('store', status);
		if (health.up) this.#enqueue(() => this.#resyncAll());
	}

	/** A fresh snapshot for every watched organisation and playlist: what was announced while away is not replayed. */
	async #resyncAll() {
		this.#sent.clear();
		const rooms = [...this.#ns.adapter.rooms.keys()].flatMap((room) => {
			const m = ROOM.exec(room);
			return m ? [{ kind: m[1], id: m[2] }] : [];
		});
		for (const room of rooms) {
			if (room.kind === 'org') {
				const snap = await this.snapshot(room.id);
				if (snap) this.#ns.to(orgRoom(room.id)).emit('snapshot', snap);
				this.#ns.to(orgRoom(room.id)).emit('alarms', await this.alarms(room.id));
			} else await this.#onPlaylist(Number(room.id));
		}
		console.log(`[live] resynced ${rooms.length} rooms after the database came back`);
	}

	async #onMetrics(payload: string) {
		const announced = decodeAnnouncements(payload).filter((a) => this.#watched(a.org));
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
