// The real-time module: socket.io on the app's own HTTP server (production: scripts/serve.js; dev: the Vite
// plugin in vite.config.ts), namespace /live, one room per organisation, every join through mayWatch.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { loadClosure } from '../metrics/current.ts';
import { storeReady } from '../runtime.ts';
import { mayWatch, type Viewer } from './authorize.ts';
import { LiveHub, orgRoom, playlistRoom } from './hub.ts';
import { getPlaylist } from './playlists.ts';

const SUBSCRIBES_PER_MINUTE = 120;
type Ack = (reply: { ok: boolean; error?: string }) => void;

/** Browsers send Origin on the handshake: only this server's own pages (and FLOWDECK_ORIGINS) may connect. */
export function originAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true; // not a browser: the join checks still apply
	const allowed = (process.env.FLOWDECK_ORIGINS ?? '')
		.split(',')
		.map((o) => o.trim())
		.filter(Boolean);
	if (allowed.includes(origin)) return true;
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

export function attachLive(httpServer: HttpServer): Server {
	const io = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		maxHttpBufferSize: 16 * 1024,
		allowRequest: (req, callback) =>
			callback(originAllowed(req) ? null : 'origin not allowed', originAllowed(req))
	});
	const live = io.of('/live');
	let hub: LiveHub | null = null;
	storeReady().then(async (store) => {
		const h = new LiveHub(live, store);
		await h.start();
		hub = h;
	});

	live.use((socket, next) => {
		socket.data.viewer = { kind: 'anonymous' } satisfies Viewer;
		socket.data.joins = [] as number[];
		next();
	});

	live.on('connection', (socket) => {
		const tooFast = () => {
			const now = Date.now();
			const joins = (socket.data.joins as number[]).filter((t) => now - t < 60_000);
			joins.push(now);
			socket.data.joins = joins;
			return joins.length > SUBSCRIBES_PER_MINUTE;
		};

		socket.on('subscribe', async (payload: unknown, ack?: Ack) => {
			const reply: Ack = typeof ack === 'function' ? ack : () => {};
			if (tooFast()) return socket.disconnect(true);
			const org = (payload as { org?: unknown })?.org;
			if (typeof org !== 'string' || org.length > 64)
				return reply({ ok: false, error: 'subscribe with {org: CODE}' });
			if (!hub) return reply({ ok: false, error: 'starting; try again' });
			const store = await storeReady();
			const known = new Set((await loadClosure(store.db)).map((c) => c.ancestor));
			if (!mayWatch(socket.data.viewer, org, known))
				return reply({ ok: false, error: `may not watch ${org}` });
			await socket.join(orgRoom(org));
			const snapshot = await hub.snapshot(org);
			if (snapshot) socket.emit('snapshot', snapshot);
			reply({ ok: true });
		});

		socket.on('unsubscribe', async (payload: unknown) => {
			const org = (payload as { org?: unknown })?.org;
			if (typeof org === 'string') await socket.leave(orgRoom(org));
		});

		socket.on('playlist', async (payload: unknown, ack?: Ack) => {
			const reply: Ack = typeof ack === 'function' ? ack : () => {};
			if (tooFast()) return socket.disconnect(true);
			const id = (payload as { id?: unknown })?.id;
			if (!Number.isInteger(id)) return reply({ ok: false, error: 'ask with {id: NUMBER}' });
			await socket.join(playlistRoom(id as number));
			socket.emit('playlist', { id, playlist: await getPlaylist((await storeReady()).db, id as number) });
			reply({ ok: true });
		});

		// the client's own heartbeat: a screen that hears nothing back for a few seconds says so, and reconnects
		socket.on('heartbeat', (ack?: (reply: { now: string }) => void) => {
			if (typeof ack === 'function') ack({ now: new Date().toISOString() });
		});
	});
	return io;
}
