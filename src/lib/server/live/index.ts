// The real-time module: socket.io on the app's own HTTP server (production: scripts/serve.js; dev: the Vite
// plugin in vite.config.ts), namespace /live, one room per organisation. A socket is a signed-in user or a paired
// wallboard, proven by the same cookies as the pages; every join goes through `may`, and sockets whose session or
// device has ended are closed. No handler lets an error escape: a database outage answers the screen "try again".
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { BASE_HEADERS } from '../http/headers.ts';
import { Server, type Namespace, type Socket } from 'socket.io';
import { auditBy } from '../auth/audit.ts';
import { DEVICE, SESSION, readCookie } from '../auth/cookies.ts';
import { liveDeviceTokens, validateDevice } from '../auth/devices.ts';
import { orgCovers } from '../auth/orgTree.ts';
import { may, type Permission, type Principal } from '../auth/policy.ts';
import { liveSessions, validateSession } from '../auth/session.ts';
import { parseToken } from '../auth/secrets.ts';
import { coalescedRoom, orgRoom, orgRooms, playlistRoom, type Subscribe } from '../../live/protocol.ts';
import { config } from '../config.ts';
import { loadClosure } from '../metrics/current.ts';
import { storeReady } from '../runtime.ts';
import { LiveHub } from './hub.ts';
import { beatNode } from './nodes.ts';
import { getPlaylist } from './playlists.ts';

const SUBSCRIBES_PER_MINUTE = 120;
/** a screen sends one every few seconds (LiveFeed); more than one a second is a flood */
const HEARTBEATS_PER_MINUTE = 60;
const CREDENTIAL_IN_QUERY = /token|session|device|key|auth/i;

let current: Namespace | null = null;

/** Closes the live sockets of a user (signed out, disabled, roles changed) or of a device (revoked) on this node. */
export function closeSocketsOf(kind: 'user' | 'device', id: number) {
	current?.in(`${kind}:${id}`).disconnectSockets(true);
}

type Credential = { kind: 'user'; token: string } | { kind: 'device'; token: string };

async function principalOf(credential: Credential): Promise<Principal | null> {
	const db = (await storeReady()).db;
	if (credential.kind === 'device') return validateDevice(db, credential.token);
	const session = await validateSession(db, credential.token);
	return session?.stage === 'full' ? { kind: 'user', ...session.user } : null;
}

/** Closes the sockets whose session or device has ended, with two queries however many sockets there are. */
async function closeEnded(live: Namespace) {
	const db = (await storeReady()).db;
	const sockets = [...live.sockets.values()].map((socket) => {
		const credential = socket.data.credential as Credential;
		return { socket, kind: credential.kind, id: parseToken(credential.token)?.id ?? '' };
	});
	const [sessions, devices] = await Promise.all([
		liveSessions(
			db,
			sockets.filter((s) => s.kind === 'user').map((s) => s.id)
		),
		liveDeviceTokens(
			db,
			sockets.filter((s) => s.kind === 'device').map((s) => s.id)
		)
	]);
	for (const s of sockets) if (!(s.kind === 'user' ? sessions : devices).has(s.id)) s.socket.disconnect(true);
}

type Ack = (reply: { ok: boolean; error?: string }) => void;

/** Browsers send Origin on the handshake: only this server's own pages (and FLOWDECK_ORIGINS) may connect. */
/** The scheme the browser used: the TLS socket's, or a trusted proxy's X-Forwarded-Proto. */
function schemeOf(req: IncomingMessage): string {
	const forwarded = config().trustProxy
		? String(req.headers['x-forwarded-proto'] ?? '')
				.split(',')[0]
				.trim()
		: '';
	return forwarded || ('encrypted' in req.socket ? 'https' : 'http');
}

export function originAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true; // not a browser: the join checks still apply
	if (config().origins.includes(origin)) return true;
	// the same scheme as well as the same host: an http page must not talk to the https site's sockets
	const scheme = schemeOf(req);
	try {
		const url = new URL(origin);
		return url.host === req.headers.host && url.protocol === `${scheme}:`;
	} catch {
		return false;
	}
}

export function attachLive(httpServer: HttpServer): Server {
	const io = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		maxHttpBufferSize: 16 * 1024,
		// a screen back from a short cut resumes its rooms, but only after the middleware has checked it again
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
		allowRequest: (req, callback) =>
			callback(originAllowed(req) ? null : 'origin not allowed', originAllowed(req))
	});
	// socket.io answers its own HTTP requests; they carry the same base headers as the app's
	const withBase = (headers: Record<string, string>) => Object.assign(headers, BASE_HEADERS);
	io.engine.on('initial_headers', withBase);
	io.engine.on('headers', withBase);
	const live = io.of('/live');
	current = live;
	let hub: LiveHub | null = null;
	storeReady()
		.then(async (store) => {
			const h = new LiveHub(live, store, config().fanoutMs);
			await h.start();
			hub = h;
			const stopBeat = beatNode(store.db, live);
			httpServer.once('close', stopBeat);
		})
		.catch((e) => console.error(`[live] the hub did not start: ${e.message}`));

	live.use(async (socket, next) => {
		try {
			// a credential in the URL ends up in logs and histories: refuse it rather than ignore it
			if (Object.keys(socket.handshake.query).some((k) => CREDENTIAL_IN_QUERY.test(k)))
				return next(new Error('credentials are not accepted in the URL'));
			const cookies = parseCookie(socket.handshake.headers.cookie ?? '');
			const get = (name: string) => cookies[name];
			const secure = schemeOf(socket.request) === 'https';
			const session = readCookie(get, SESSION, secure);
			const device = readCookie(get, DEVICE, secure);
			const credential: Credential | null = session
				? { kind: 'user', token: session }
				: device
					? { kind: 'device', token: device }
					: null;
			const principal = credential && (await principalOf(credential));
			if (!credential || !principal || principal.kind === 'anonymous')
				return next(new Error('sign in (or pair this screen) to watch live figures'));
			socket.data.credential = credential;
			socket.data.principal = principal;
			socket.data.joins = [] as number[];
			await socket.join(`${principal.kind}:${principal.id}`);
			next();
		} catch (e) {
			console.error(`[live] handshake: ${e instanceof Error ? e.message : e}`);
			next(new Error('the data store is unavailable; try again'));
		}
	});

	// revocations on another node (or expiry) close a socket within this time; those on this node at once
	const recheck = setInterval(
		() => closeEnded(live).catch((e) => console.error(`[live] re-check: ${e.message}`)),
		config().socketRecheckMs
	);
	recheck.unref();
	httpServer.once('close', () => clearInterval(recheck));

	/** Re-reads the principal (a playlist may have changed, a role been removed) and asks `may`; audits a refusal. */
	const allowed = async (socket: Socket, permission: Permission): Promise<boolean> => {
		const principal = await principalOf(socket.data.credential as Credential);
		if (!principal) {
			socket.disconnect(true);
			return false;
		}
		socket.data.principal = principal;
		const db = (await storeReady()).db;
		if (may(principal, permission, await orgCovers(db))) return true;
		await auditBy(db, principal, {
			org: 'org' in permission ? permission.org : null,
			action: permission.to,
			target: `live ${'org' in permission ? orgRoom(permission.org ?? '') : `playlist:${'id' in permission ? permission.id : ''}`}`,
			outcome: 'denied',
			ip: socket.handshake.address
		});
		return false;
	};

	/** A message handler whose failure (the database away, say) is logged and answered, never thrown. */
	const safely =
		<A extends unknown[]>(name: string, handler: (...args: A) => Promise<unknown>) =>
		async (...args: A) => {
			try {
				await handler(...args);
			} catch (e) {
				console.error(`[live] ${name}: ${e instanceof Error ? e.message : e}`);
				const ack = args.at(-1);
				if (typeof ack === 'function') ack({ ok: false, error: 'the data store is unavailable; try again' });
			}
		};

	live.on('connection', (socket) => {
		if (hub) socket.emit('store', hub.status());
		const recent: Record<'joins' | 'beats', number[]> = { joins: socket.data.joins ?? [], beats: [] };
		const over = (kind: 'joins' | 'beats', perMinute: number) => {
			const now = Date.now();
			recent[kind] = recent[kind].filter((t) => now - t < 60_000);
			recent[kind].push(now);
			socket.data.joins = recent.joins;
			return recent[kind].length > perMinute;
		};
		const tooFast = () => over('joins', SUBSCRIBES_PER_MINUTE);

		socket.on(
			'subscribe',
			safely('subscribe', async (payload: unknown, ack?: Ack) => {
				const reply: Ack = typeof ack === 'function' ? ack : () => {};
				if (tooFast()) return socket.disconnect(true);
				const { org, coalesce = false } = (payload ?? {}) as Partial<Record<keyof Subscribe, unknown>>;
				if (typeof org !== 'string' || org.length > 64 || typeof coalesce !== 'boolean')
					return reply({ ok: false, error: 'subscribe with {org: CODE, coalesce?: BOOLEAN}' });
				if (!hub) return reply({ ok: false, error: 'starting; try again' });
				const store = await storeReady();
				const known = new Set((await loadClosure(store.db)).map((c) => c.ancestor));
				if (!known.has(org) || !(await allowed(socket, { to: 'watch', org })))
					return reply({ ok: false, error: `may not watch ${org}` });
				// one room of the two: a screen that changes its mind leaves the other
				await socket.leave(coalesce ? orgRoom(org) : coalescedRoom(org));
				await socket.join(coalesce ? coalescedRoom(org) : orgRoom(org));
				const snapshot = await hub.snapshot(org);
				if (snapshot) socket.emit('snapshot', snapshot);
				socket.emit('alarms', await hub.alarms(org));
				reply({ ok: true });
			})
		);

		socket.on(
			'unsubscribe',
			safely('unsubscribe', async (payload: unknown) => {
				const org = (payload as { org?: unknown })?.org;
				if (typeof org === 'string') for (const room of orgRooms(org)) await socket.leave(room);
			})
		);

		socket.on(
			'playlist',
			safely('playlist', async (payload: unknown, ack?: Ack) => {
				const reply: Ack = typeof ack === 'function' ? ack : () => {};
				if (tooFast()) return socket.disconnect(true);
				const id = (payload as { id?: unknown })?.id;
				if (!Number.isInteger(id)) return reply({ ok: false, error: 'ask with {id: NUMBER}' });
				if (!(await allowed(socket, { to: 'play-playlist', id: id as number })))
					return reply({ ok: false, error: `may not play playlist ${id}` });
				await socket.join(playlistRoom(id as number));
				socket.emit('playlist', { id, playlist: await getPlaylist((await storeReady()).db, id as number) });
				reply({ ok: true });
			})
		);

		// the client's own heartbeat: a screen that hears nothing back for a few seconds says so, and reconnects
		socket.on('heartbeat', (ack?: (reply: { now: string }) => void) => {
			if (over('beats', HEARTBEATS_PER_MINUTE)) return socket.disconnect(true);
			if (typeof ack === 'function') ack({ now: new Date().toISOString() });
		});
	});
	return io;
}
