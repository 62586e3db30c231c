// Live protocol v1 over real sockets against the production build: two app nodes on one PostgreSQL both deliver an
// update committed through either; a burst reaches a screen that asked for coalescing one message a window and
// applies exactly, while a v1 screen beside it still gets every update as its own message; the handshake checks
// Origin; joins are checked and rate-limited (B10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { applyDelta, applySnapshot, emptyFeed } from '../../src/lib/live/sequence.ts';
import { backends } from '../stores.ts';
import { admit } from './http.ts';
import { startServer, type RunningServer, type TestUser } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

/** A socket signed in as a test user (the executive, who sees all of Kent and Medway, unless told). */
function connect(server: RunningServer, headers: Record<string, string> = {}, user: TestUser = 'exec') {
	return io(`${server.url}/live`, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: { cookie: server.cookies[user], ...headers }
	});
}

function next<T>(
	socket: Socket,
	event: string,
	where: (m: T) => boolean = () => true,
	ms = 3_000
): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
		const on = (m: T) => {
			if (!where(m)) return;
			clearTimeout(timer);
			socket.off(event, on);
			resolve(m);
		};
		socket.on(event, on);
	});
}

/** Subscribes, asking again while a node that has just started is still starting its hub. */
async function join(socket: Socket, org: string, coalesce?: boolean) {
	for (let i = 0; i < 50; i++) {
		const reply = await socket.emitWithAck('subscribe', { org, coalesce });
		if (reply.ok) return;
		if (reply.error !== 'starting; try again') throw new Error(reply.error);
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`could not subscribe to ${org}`);
}

describe.skipIf(!hasPostgres)('two app nodes on one PostgreSQL', () => {
	let a: RunningServer;
	let b: RunningServer;
	beforeAll(async () => {
		a = await startServer('postgres');
		b = await startServer('postgres', a);
	});
	afterAll(async () => {
		await b?.stop();
		await a?.stop();
	});

	it('deliver an update committed through either node, in sequence', async () => {
		const onA = connect(a);
		const onB = connect(b);
		try {
			const [snapA, snapB] = await Promise.all([
				next<{ seq: number; metrics: Record<string, number> }>(onA, 'snapshot', () => true, 15_000),
				next<{ seq: number; metrics: Record<string, number> }>(onB, 'snapshot', () => true, 15_000),
				join(onA, 'qeqm'),
				join(onB, 'qeqm')
			]);
			expect(snapB.seq).toBe(snapA.seq);

			const deltas = Promise.all([
				next<{ seq: number; changed: Record<string, number> }>(onA, 'metrics'),
				next<{ seq: number; changed: Record<string, number> }>(onB, 'metrics')
			]);
			await admit(a, 'qeqm');
			const [fromA, fromB] = await deltas;
			expect(fromA.seq).toBe(snapA.seq + 1);
			expect(fromB).toEqual(fromA);
			expect(fromB.changed.inpatients).toBe(snapA.metrics.inpatients + 1);

			const again = Promise.all([
				next<{ seq: number }>(onA, 'metrics'),
				next<{ seq: number }>(onB, 'metrics')
			]);
			await admit(b, 'qeqm');
			expect((await again).map((d) => d.seq)).toEqual([snapA.seq + 2, snapA.seq + 2]);
		} finally {
			onA.disconnect();
			onB.disconnect();
		}
	});
});

describe('coalesced fan-out', () => {
	let server: RunningServer;
	const WINDOW = 500;
	beforeAll(async () => {
		server = await startServer(hasPostgres ? 'postgres' : 'pglite', undefined, {
			FLOWDECK_FANOUT_MS: String(WINDOW)
		});
	});
	afterAll(() => server?.stop());

	it('sends a screen that asked one message a window for a burst, and a v1 screen every update', async () => {
		const socket = connect(server);
		const v1 = connect(server);
		try {
			type Snap = { org: string; seq: number; asOf: string; metrics: Record<string, number> };
			type Message = {
				org: string;
				seq: number;
				from?: number;
				asOf: string;
				changed: Record<string, number>;
			};
			const [snap, v1Snap] = await Promise.all([
				next<Snap>(socket, 'snapshot', () => true, 15_000),
				next<Snap>(v1, 'snapshot', () => true, 15_000),
				join(socket, 'qeqm', true),
				join(v1, 'qeqm')
			]);
			expect(v1Snap.seq).toBe(snap.seq);
			const received: { at: number; delta: Message }[] = [];
			socket.on('metrics', (delta: Message) => received.push({ at: Date.now(), delta }));
			const singles: Message[] = [];
			v1.on('metrics', (delta: Message) => singles.push(delta));
			await Promise.all(Array.from({ length: 20 }, () => admit(server, 'qeqm')));
			const final = (await (
				await fetch(`${server.url}/api/v1/metrics?org=qeqm`, {
					headers: { authorization: `Bearer ${server.key}` }
				})
			).json()) as Snap;
			await new Promise((r) => setTimeout(r, 2 * WINDOW));

			expect(final.seq).toBe(snap.seq + 20);
			expect(received.length).toBeLessThan(20);
			expect(received.some((r) => r.delta.from !== undefined)).toBe(true);
			// never two messages to the room within the window (timers fire late, never early)
			for (let i = 1; i < received.length; i++)
				expect(received[i].at - received[i - 1].at).toBeGreaterThanOrEqual(WINDOW - 100);
			let state = applySnapshot(emptyFeed(), snap, 0);
			for (const { delta } of received) {
				const r = applyDelta(state, delta, 1);
				expect(r.resync, `gap before ${delta.from ?? delta.seq}..${delta.seq}`).toBe(false);
				state = r.state;
			}
			expect(state.orgs.qeqm.seq).toBe(final.seq);
			expect(state.orgs.qeqm.metrics).toEqual(final.metrics);

			// the v1 screen: twenty messages, each one update after the last, no `from`, ending at the same figures
			expect(singles.map((d) => d.seq)).toEqual(Array.from({ length: 20 }, (_, i) => snap.seq + 1 + i));
			expect(singles.every((d) => d.from === undefined)).toBe(true);
			let v1State = applySnapshot(emptyFeed(), v1Snap, 0);
			for (const delta of singles) v1State = applyDelta(v1State, delta, 1).state;
			expect(v1State.orgs.qeqm.metrics).toEqual(final.metrics);
		} finally {
			socket.disconnect();
			v1.disconnect();
		}
	});
});

describe('live handshake and joins', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer('pglite');
	});
	afterAll(() => server?.stop());

	it('refuses a browser page from another origin', async () => {
		const socket = connect(server, { origin: 'https://evil.example' });
		await expect(next(socket, 'connect_error')).resolves.toBeTruthy();
		socket.disconnect();
		// the right host with another scheme is another origin too (issue 11, finding 9)
		const scheme = connect(server, { origin: server.url.replace('http:', 'https:') });
		await expect(next(scheme, 'connect_error')).resolves.toBeTruthy();
		scheme.disconnect();
		const own = connect(server, { origin: server.url });
		await expect(next(own, 'connect')).resolves.toBeUndefined();
		own.disconnect();
	});

	it('answers every join through the authorisation check, and never with unknown rooms', async () => {
		const socket = connect(server, {}, 'flow');
		try {
			await next(socket, 'connect');
			expect(await socket.emitWithAck('subscribe', { org: 'atlantis' })).toEqual({
				ok: false,
				error: 'may not watch atlantis'
			});
			expect(await socket.emitWithAck('subscribe', 'qeqm')).toMatchObject({ ok: false });
			expect(await socket.emitWithAck('subscribe', { org: 'x'.repeat(500) })).toMatchObject({ ok: false });
			expect(await socket.emitWithAck('subscribe', { org: 'qeqm', coalesce: 'yes' })).toMatchObject({
				ok: false
			});
			// Leicestershire's figures are outside a Kent flow manager's roles
			expect(await socket.emitWithAck('subscribe', { org: 'rutland-memorial' })).toEqual({
				ok: false,
				error: 'may not watch rutland-memorial'
			});
			const snapshot = next<{ org: string; seq: number; asOf: string; metrics: object }>(socket, 'snapshot');
			expect(await socket.emitWithAck('subscribe', { org: 'medway-maritime' })).toEqual({ ok: true });
			expect(Object.keys(await snapshot)).toEqual(['org', 'asOf', 'seq', 'metrics']);
		} finally {
			socket.disconnect();
		}
	});

	it('drops a client that floods joins or sends oversized messages (B10)', async () => {
		const flood = connect(server);
		await next(flood, 'connect');
		const dropped = next(flood, 'disconnect', () => true, 5_000);
		for (let i = 0; i < 200; i++) flood.emit('subscribe', { org: 'qeqm' });
		await expect(dropped).resolves.toBe('io server disconnect');

		const big = connect(server);
		await next(big, 'connect');
		const closed = next(big, 'disconnect', () => true, 5_000);
		big.emit('subscribe', { org: 'x'.repeat(20_000) });
		await expect(closed).resolves.toBeTruthy();
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});

	it('issue 11: drops a client that floods heartbeats, and answers one at the pace of a screen', async () => {
		const screen = connect(server);
		await next(screen, 'connect');
		const reply = await screen.timeout(2_000).emitWithAck('heartbeat');
		expect(reply.now).toMatch(/^\d{4}-/);
		const flood = connect(server);
		await next(flood, 'connect');
		const dropped = next(flood, 'disconnect', () => true, 5_000);
		for (let i = 0; i < 500; i++) flood.emit('heartbeat', () => {});
		await expect(dropped).resolves.toBe('io server disconnect');
		expect(screen.connected).toBe(true);
		screen.close();
	});
});
