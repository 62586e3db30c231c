// Screens for the fault suite: socket.io clients that follow live protocol v1 as the browser's LiveFeed does
// (subscribe on every connect, apply deltas in sequence, ask again on a gap or when the store comes back) and keep
// the sequence number they have reached for each organisation.
import { io, type Socket } from 'socket.io-client';
import type { Delta, StoreStatus } from '../../src/lib/live/protocol.ts';
import type { MetricSnapshot } from '../../src/lib/types.ts';

export class Screen {
	readonly seq = new Map<string, number>();
	#socket: Socket;
	#orgs: string[];

	constructor(url: string, cookie: string, orgs: string[]) {
		this.#orgs = orgs;
		this.#socket = io(`${url}/live`, {
			transports: ['websocket'],
			forceNew: true,
			reconnectionDelay: 500,
			reconnectionDelayMax: 2_000,
			extraHeaders: { cookie }
		});
		this.#socket.on('connect', () => this.#subscribe());
		// a handshake refused while the store is away is not retried by socket.io: ask again, as the browser does
		this.#socket.on('connect_error', () => setTimeout(() => this.#socket.connect(), 2_000));
		this.#socket.on('snapshot', (s: MetricSnapshot) => {
			if (s.seq >= (this.seq.get(s.org) ?? -1)) this.seq.set(s.org, s.seq);
		});
		this.#socket.on('metrics', (d: Delta) => {
			const have = this.seq.get(d.org);
			if (have === undefined || d.seq <= have) return;
			if (d.seq === have + 1) this.seq.set(d.org, d.seq);
			else this.#socket.emit('subscribe', { org: d.org });
		});
		this.#socket.on('store', (s: StoreStatus) => s.up && this.#subscribe());
	}

	#subscribe() {
		let pending = this.#orgs.length;
		let retry = false;
		for (const org of this.#orgs)
			this.#socket.timeout(5_000).emit('subscribe', { org }, (err: Error | null, reply?: { ok: boolean }) => {
				if (err || !reply?.ok) retry = true;
				// refused while the store was away: ask again shortly, as the browser does
				if (--pending === 0 && retry) setTimeout(() => this.#socket.connected && this.#subscribe(), 2_000);
			});
	}

	close() {
		this.#socket.disconnect();
	}
}

/** The seconds until every screen has reached at least `target` for every organisation, or null after `ms`. */
export async function caughtUp(
	screens: Screen[],
	target: Map<string, number>,
	ms: number
): Promise<number | null> {
	const started = Date.now();
	while (Date.now() - started < ms) {
		const behind = screens.some((s) => [...target].some(([org, seq]) => (s.seq.get(org) ?? -1) < seq));
		if (!behind) return (Date.now() - started) / 1000;
		await new Promise((r) => setTimeout(r, 100));
	}
	return null;
}
