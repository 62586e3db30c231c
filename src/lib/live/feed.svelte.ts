// A screen's live connection: subscribes to organisations, keeps their figures by sequence number, resyncs from a
// snapshot after a gap or a reconnect, and says loudly when it has lost the server (its own heartbeat, not the
// transport's ping, so the banner shows within seconds) or the server has lost its data store.
import { io, type Socket } from 'socket.io-client';
import type { MetricSnapshot } from '../types.ts';
import type { AlarmView } from '../alarms.ts';
import type { AlarmsMessage, Delta, Fresh, PlaylistMessage, StoreStatus, Subscribe } from './protocol.ts';
import {
	applyDelta,
	applyFresh,
	applySnapshot,
	emptyFeed,
	type FeedState,
	type OrgFeed
} from './sequence.ts';

/**
 * `reconnecting`: the server is there but cannot reach its data store, so figures cannot move;
 * `refused`: the server turned the screen away (a revoked pairing, a session that ended)
 */
export type Connection = 'connecting' | 'live' | 'reconnecting' | 'lost' | 'refused';

const HEARTBEAT_MS = 3_000;
/** while lost, start a fresh connection this often: one made while the network was down may never complete */
const RETRY_MS = 4_000;
/** this screen applies coalesced ranges (sequence.ts), so it asks for one message a window */
const subscription = (org: string): Subscribe => ({ org, coalesce: true });
/** no word from the server for this long and the screen says it has lost it */
const LOST_AFTER_MS = 9_000;
/** a refused screen asks again this often, in case it has been signed in or paired since */
const REFUSED_RETRY_MS = 30_000;

export class LiveFeed {
	#state = $state<FeedState>(emptyFeed());
	/** each organisation's open alarms at or below it, replaced whole by every `alarms` message */
	#alarms = $state.raw<Record<string, AlarmView[]>>({});
	#connection = $state<Connection>('connecting');
	#lastHeard = $state(Date.now());
	#now = $state(Date.now());
	#socket: Socket | null = null;
	// not reactive on purpose: the subscriptions are the socket's business, not the screen's
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#orgs = new Set<string>();
	#timers: ReturnType<typeof setInterval>[] = [];
	#lastReconnect = 0;
	#onPlaylist: ((message: PlaylistMessage) => void) | null = null;
	#storeUp = true;
	#playlist: number | null = null;

	get connection() {
		return this.#connection;
	}
	/** ticks every second, so stale markers and the clock move without data */
	get now() {
		return this.#now;
	}
	get lastHeard() {
		return this.#lastHeard;
	}
	org(code: string): OrgFeed | undefined {
		return this.#state.orgs[code];
	}
	/** the open alarms at or below an organisation; undefined until known */
	alarms(code: string): AlarmView[] | undefined {
		return this.#alarms[code];
	}

	/** Start with alarms loaded with the page; the socket replaces them whole. */
	seedAlarms(code: string, alarms: AlarmView[]) {
		if (!this.#alarms[code]) this.#alarms = { ...this.#alarms, [code]: alarms };
	}

	/** Start with figures loaded with the page, so nothing waits for the socket to draw. */
	seed(snapshots: MetricSnapshot[]) {
		let state = this.#state;
		for (const s of snapshots) if (!state.orgs[s.org]) state = applySnapshot(state, s, 0);
		this.#state = state;
	}

	connect(
		orgs: string[],
		options: { playlist?: number; onPlaylist?: (message: PlaylistMessage) => void } = {}
	) {
		for (const o of orgs) this.#orgs.add(o);
		this.#playlist = options.playlist ?? null;
		this.#onPlaylist = options.onPlaylist ?? null;
		const socket = io('/live', {
			transports: ['websocket'],
			reconnectionDelay: 500,
			reconnectionDelayMax: 5_000
		});
		this.#socket = socket;
		socket.on('connect', () => {
			this.#heard();
			this.#connection = 'connecting';
			this.#subscribeAll();
		});
		socket.on('disconnect', () => (this.#connection = 'lost'));
		socket.on('connect_error', (err) => {
			if (/try again/.test(err.message)) {
				// the server answered but cannot reach its data store: socket.io will not ask again by itself
				this.#heard();
				this.#connection = 'reconnecting';
				setTimeout(() => socket === this.#socket && !socket.connected && socket.connect(), RETRY_MS);
			} else this.#connection = /sign in|pair/.test(err.message) ? 'refused' : 'lost';
		});
		socket.on('snapshot', (s: MetricSnapshot) => {
			this.#heard();
			this.#state = applySnapshot(this.#state, s, Date.now());
		});
		socket.on('metrics', (d: Delta) => {
			this.#heard();
			const { state, resync } = applyDelta(this.#state, d, Date.now());
			this.#state = state;
			if (resync) socket.emit('subscribe', subscription(d.org));
		});
		socket.on('alarms', ({ org, alarms }: AlarmsMessage) => {
			this.#heard();
			this.#alarms = { ...this.#alarms, [org]: alarms };
		});
		socket.on('fresh', ({ asOf }: Fresh) => {
			this.#heard();
			this.#state = applyFresh(this.#state, asOf);
		});
		socket.on('store', ({ up }: StoreStatus) => {
			this.#heard();
			const wasUp = this.#storeUp;
			this.#storeUp = up;
			if (!up) this.#connection = 'reconnecting';
			// subscriptions refused while it was away are asked for again; the server also sends fresh snapshots
			else if (!wasUp) this.#subscribeAll();
		});
		socket.on('playlist', (message: PlaylistMessage) => {
			this.#heard();
			this.#onPlaylist?.(message);
		});
		this.#timers.push(
			setInterval(() => this.#heartbeat(), HEARTBEAT_MS),
			setInterval(() => this.#watchdog(), 1_000)
		);
	}

	/** Follow more organisations (a playlist that grew). */
	watch(orgs: string[]) {
		for (const org of orgs) {
			if (this.#orgs.has(org)) continue;
			this.#orgs.add(org);
			if (this.#socket?.connected) this.#socket.emit('subscribe', subscription(org));
		}
	}

	dispose() {
		for (const t of this.#timers) clearInterval(t);
		this.#timers = [];
		this.#socket?.removeAllListeners();
		this.#socket?.disconnect();
		this.#socket = null;
	}

	#heard() {
		this.#lastHeard = Date.now();
	}

	/** Asks for every organisation again; those refused for a passing reason (no data store) are asked again later. */
	#subscribeAll() {
		const socket = this.#socket!;
		let pending = this.#orgs.size;
		let retry = false;
		const done = (err: Error | null, reply?: { ok: boolean; error?: string }) => {
			if (err || /try again/.test(reply?.error ?? '')) retry = true;
			if (--pending > 0 || !socket.connected || socket !== this.#socket) return;
			if (!retry) this.#connection = this.#storeUp ? 'live' : 'reconnecting';
			else {
				this.#connection = 'reconnecting';
				setTimeout(() => socket === this.#socket && socket.connected && this.#subscribeAll(), RETRY_MS);
			}
		};
		for (const org of this.#orgs) socket.timeout(5_000).emit('subscribe', subscription(org), done);
		if (this.#playlist !== null) socket.emit('playlist', { id: this.#playlist });
		if (!this.#orgs.size) this.#connection = this.#storeUp ? 'live' : 'reconnecting';
	}

	#heartbeat() {
		const socket = this.#socket;
		if (!socket?.connected) return;
		socket.timeout(HEARTBEAT_MS).emit('heartbeat', (err: Error | null) => {
			if (!err) this.#heard();
		});
	}

	#watchdog() {
		this.#now = Date.now();
		if (this.#now - this.#lastHeard < LOST_AFTER_MS) return;
		if (this.#connection === 'refused') {
			if (this.#now - this.#lastReconnect > REFUSED_RETRY_MS && this.#socket) {
				this.#lastReconnect = this.#now;
				this.#socket.connect();
			}
			return;
		}
		this.#connection = 'lost';
		// a connection that has gone quiet is not trusted: start a new one, which resyncs every organisation
		if (this.#now - this.#lastReconnect > RETRY_MS && this.#socket) {
			this.#lastReconnect = this.#now;
			this.#socket.disconnect();
			this.#socket.connect();
		}
	}
}
