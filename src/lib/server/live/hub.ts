// The live hub of one app node: turns the bus (NOTIFY after each commit) into messages for its socket.io rooms.
// Deltas are read back from metric_snapshot by their exact sequence numbers, so every screen sees each update once,
// in order; a screen that misses one notices the gap and asks for a fresh snapshot. When the database goes away the
// hub tells every screen; when it is back, notifications sent meanwhile are lost, so every room gets a fresh snapshot.
// Each organisation has two lanes: its plain room gets every update as its own message at once (live protocol v1),
// its coalesced room one message per window for screens that said they apply ranges.
import type { Namespace } from 'socket.io';
import type { Health, Store } from '../db/index.ts';
import type { MetricSnapshot, MetricValues } from '../../types.ts';
import {
	BUS,
	decodeAnnouncements,
	decodeOrgs,
	coalescedRoom,
	orgRoom,
	orgRooms,
	playlistRoom,
	FANOUT_WINDOW_MS,
	type AlarmsMessage,
	type Delta,
	type StoreStatus
} from '../../live/protocol.ts';
import { openAlarmsUnder } from '../alarms/store.ts';
import { loadClosure } from '../metrics/current.ts';
import { currentMetrics } from '../metrics/read.ts';
import { getPlaylist } from './playlists.ts';

const ROOM = /^(org~?|playlist):(.+)$/;

/** One way of delivering an organisation's updates to the screens in one of its rooms. */
class Lane {
	/** newest announced seq per organisation, until the window's message goes out */
	pending = new Map<string, number>();
	/** the last update sent to the room, and its figures */
	sent = new Map<string, { seq: number; metrics: MetricValues }>();
	timer: ReturnType<typeof setTimeout> | null = null;
	lastFlush = 0;
	readonly room: (org: string) => string;
	readonly windowMs: number;
	/** every update its own message, as v1 clients that predate `from` expect */
	readonly single: boolean;
	constructor(room: (org: string) => string, windowMs: number, single: boolean) {
		this.room = room;
		this.windowMs = windowMs;
		this.single = single;
	}
}

export class LiveHub {
	#ns: Namespace;
	#store: Store;
	#queue: Promise<void> = Promise.resolve();
	#unlisten: (() => unknown)[] = [];
	#lanes: Lane[];

	/** `windowMs`: each coalesced room gets at most one `metrics` message in this long (FLOWDECK_FANOUT_MS) */
	constructor(ns: Namespace, store: Store, windowMs = FANOUT_WINDOW_MS) {
		this.#ns = ns;
		this.#store = store;
		this.#lanes = [new Lane(orgRoom, 0, true), new Lane(coalescedRoom, windowMs, false)];
	}

	async start() {
		this.#unlisten = await Promise.all([
			this.#store.listen(BUS.metrics, (payload) => this.#onMetrics(payload)),
			this.#store.listen(BUS.tick, (asOf) => this.#ns.emit('fresh', { asOf })),
			this.#store.listen(BUS.playlists, (id) => this.#enqueue(() => this.#onPlaylist(Number(id)))),
			this.#store.listen(BUS.alarms, (payload) => this.#enqueue(() => this.#onAlarms(decodeOrgs(payload))))
		]);
		this.#unlisten.push(this.#store.onHealth((health) => this.#onHealth(health)));
	}

	async stop() {
		for (const lane of this.#lanes) if (lane.timer) clearTimeout(lane.timer);
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
		for (const lane of this.#lanes)
			if (snap && (lane.sent.get(org)?.seq ?? -1) < snap.seq)
				lane.sent.set(org, { seq: snap.seq, metrics: snap.metrics });
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
			if (this.#watched(org)) this.#ns.to(orgRooms(org)).emit('alarms', await this.alarms(org));
	}

	#enqueue(work: () => Promise<void>) {
		this.#queue = this.#queue
			.then(work)
			.catch((e) => console.error(`[live] ${e instanceof Error ? e.message : e}`));
	}

	#watched(org: string, rooms = orgRooms(org)) {
		return rooms.some((room) => (this.#ns.adapter.rooms.get(room)?.size ?? 0) > 0);
	}

	#onHealth(health: Health) {
		const status: StoreStatus = { up: health.up, since: health.since.toISOString() };
		this.#ns.emit('store', status);
		if (health.up) this.#enqueue(() => this.#resyncAll());
	}

	/** A fresh snapshot for every watched organisation and playlist: what was announced while away is not replayed. */
	async #resyncAll() {
		for (const lane of this.#lanes) {
			lane.sent.clear();
			lane.pending.clear();
		}
		const rooms = new Map<string, { kind: string; id: string }>();
		for (const room of this.#ns.adapter.rooms.keys()) {
			const m = ROOM.exec(room);
			const kind = m?.[1] === 'playlist' ? 'playlist' : 'org';
			if (m) rooms.set(`${kind}:${m[2]}`, { kind, id: m[2] });
		}
		for (const room of rooms.values()) {
			if (room.kind === 'org') {
				const snap = await this.snapshot(room.id);
				if (snap) this.#ns.to(orgRooms(room.id)).emit('snapshot', snap);
				this.#ns.to(orgRooms(room.id)).emit('alarms', await this.alarms(room.id));
			} else await this.#onPlaylist(Number(room.id));
		}
		console.log(`[live] resynced ${rooms.size} rooms after the database came back`);
	}

	/** Announced sequence numbers wait in each lane, newest per organisation, until its message goes out. */
	#onMetrics(payload: string) {
		const announced = decodeAnnouncements(payload);
		for (const lane of this.#lanes) {
			// a lane nobody watches these organisations through has nothing to send (a screen that joins later reads
			// its snapshot after joining, so it misses nothing announced before)
			const watched = announced.filter((a) => this.#watched(a.org, [lane.room(a.org)]));
			for (const a of watched) if ((lane.pending.get(a.org) ?? 0) < a.seq) lane.pending.set(a.org, a.seq);
			if (lane.timer || !watched.length) continue;
			// the first update after a quiet window goes at once; those that follow wait for the window to close
			const wait = Math.max(0, lane.lastFlush + lane.windowMs - Date.now());
			lane.timer = setTimeout(() => {
				lane.timer = null;
				lane.lastFlush = Date.now();
				this.#enqueue(() => this.#flush(lane));
			}, wait);
		}
	}

	/**
	 * One `metrics` message per watched room for everything announced in the window: the latest values of every
	 * figure that changed in any update it covers, with the range `from`..`seq`. A screen at any seq in
	 * `from - 1`..`seq - 1` applies it exactly; one further behind sees the gap and resyncs.
	 */
	async #flush(lane: Lane) {
		const due = [...lane.pending].filter(
			([org, seq]) => this.#watched(org, [lane.room(org)]) && seq > (lane.sent.get(org)?.seq ?? 0)
		);
		lane.pending.clear();
		if (!due.length) return;
		// each organisation's updates since the last one sent, and the one before them where this node lacks it
		const ranges = due.map(([org, seq]) => {
			const sent = lane.sent.get(org);
			return { org, first: sent ? sent.seq + 1 : seq, last: seq, base: sent?.metrics };
		});
		const rows = await this.#store.db
			.selectFrom('metric_snapshot')
			.select(['org', 'seq', 'at', 'metrics'])
			.where((eb) =>
				eb.or(
					ranges.map((r) =>
						eb.and([
							eb('org', '=', r.org),
							eb('seq', '>=', r.base ? r.first : r.first - 1),
							eb('seq', '<=', r.last)
						])
					)
				)
			)
			.orderBy('seq')
			.execute();
		const byOrg = new Map<string, typeof rows>();
		for (const row of rows) byOrg.set(row.org, [...(byOrg.get(row.org) ?? []), row]);
		for (const r of ranges) {
			const found = byOrg.get(r.org) ?? [];
			const latest = found.at(-1);
			if (!latest || Number(latest.seq) !== r.last) continue;
			const steps =
				lane.single && r.base
					? found
							.filter((row) => Number(row.seq) >= r.first)
							.map((row) => ({ ...r, first: Number(row.seq), last: Number(row.seq) }))
					: [r];
			let base = r.base;
			for (const step of steps) {
				const delta = coalesce({ ...step, base }, found);
				base = found.find((row) => Number(row.seq) === step.last)?.metrics;
				this.#ns.to(lane.room(r.org)).emit('metrics', delta);
			}
			lane.sent.set(r.org, { seq: r.last, metrics: latest.metrics });
		}
	}

	async #onPlaylist(id: number) {
		if (!Number.isInteger(id)) return;
		const playlist = await getPlaylist(this.#store.db, id);
		this.#ns.to(playlistRoom(id)).emit('playlist', { id, playlist });
	}
}

/**
 * The delta of one window for one organisation. With every update of the range and the figures before it, it carries
 * each figure that changed anywhere in the range (at its latest value); missing any, it carries every figure and
 * claims the whole history (`from` 1), which any screen may apply.
 */
export function coalesce(
	range: { org: string; first: number; last: number; base?: MetricValues },
	rows: { seq: number | string; at: Date; metrics: MetricValues }[]
): Delta {
	const latest = rows.find((r) => Number(r.seq) === range.last)!;
	const seqs = new Map(rows.map((r) => [Number(r.seq), r.metrics]));
	let before = range.base ?? seqs.get(range.first - 1);
	const inRange = rows.filter((r) => Number(r.seq) >= range.first && Number(r.seq) <= range.last);
	const complete = before && inRange.length === range.last - range.first + 1;
	const asOf = latest.at.toISOString();
	if (!before || !complete)
		return { org: range.org, seq: range.last, from: 1, asOf, changed: latest.metrics };
	const changed: MetricValues = {};
	for (let seq = range.first; seq <= range.last; seq++) {
		const metrics = seqs.get(seq)!;
		for (const [k, v] of Object.entries(metrics)) if (before[k] !== v) changed[k] = latest.metrics[k];
		before = metrics;
	}
	const delta: Delta = { org: range.org, seq: range.last, asOf, changed };
	return range.first < range.last ? { ...delta, from: range.first } : delta;
}
