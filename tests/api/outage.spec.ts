// The database going away under a running node, in miniature (tests/faults runs the real thing): the node talks to
// PostgreSQL through a proxy this spec can cut. While cut, the API answers 503 with Retry-After (the key check in the
// hooks included), people get the self-reloading page, a screen hears that the store is away and a subscription
// made then is refused with "try again" instead of taking the process down; once restored, all of it comes back.
import { createServer, connect, type Server, type Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { StoreStatus } from '../../src/lib/live/protocol.ts';
import { backends, POSTGRES_URL } from '../stores.ts';
import { startServer, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

/** A TCP proxy to PostgreSQL that can drop every connection and refuse new ones. */
class Cuttable {
	#server: Server;
	#open = new Set<NetSocket>();
	cut = false;
	port = 0;
	constructor(target: URL) {
		this.#server = createServer((client) => {
			if (this.cut) return client.destroy();
			const upstream = connect(Number(target.port || 5432), target.hostname);
			for (const s of [client, upstream]) {
				this.#open.add(s);
				s.on('close', () => this.#open.delete(s));
				s.on('error', () => {});
			}
			client.pipe(upstream).pipe(client);
		});
	}
	async listen() {
		await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
		this.port = (this.#server.address() as { port: number }).port;
	}
	drop() {
		this.cut = true;
		for (const s of this.#open) s.destroy();
	}
	close() {
		this.drop();
		this.#server.close();
	}
}

const until = async (check: () => Promise<boolean> | boolean, ms: number) => {
	const started = Date.now();
	while (!(await check())) {
		if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return Date.now() - started;
};

describe.runIf(hasPostgres)('a database outage under a running node', () => {
	let direct: RunningServer;
	let server: RunningServer;
	const proxy = new Cuttable(new URL(POSTGRES_URL));
	beforeAll(async () => {
		await proxy.listen();
		// the first server prepares a database (users, keys); the second runs on it through the proxy
		direct = await startServer('postgres');
		const url = new URL(direct.databaseUrl!);
		url.host = `127.0.0.1:${proxy.port}`;
		await direct.terminate();
		server = await startServer(
			'postgres',
			{ ...direct, databaseUrl: url.toString() },
			{ FLOWDECK_DB_HEALTH_MS: '500' }
		);
	});
	afterAll(async () => {
		await server?.stop();
		proxy.close();
		await direct?.stop();
	});

	it('answers 503 with Retry-After, never 500, and recovers by itself', async () => {
		const socket = io(`${server.url}/live`, {
			transports: ['websocket'],
			forceNew: true,
			extraHeaders: { cookie: server.cookies.exec }
		});
		const statuses: boolean[] = [];
		socket.on('store', (s: StoreStatus) => statuses.push(s.up));
		await until(() => socket.connected, 5_000);

		proxy.drop();
		await until(() => statuses.includes(false), 5_000);
		const ingest = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
			body: JSON.stringify({ events: [] })
		});
		expect(ingest.status).toBe(503);
		expect(ingest.headers.get('retry-after')).toBe('5');
		const read = await fetch(`${server.url}/api/v1/metrics?org=medway-maritime`, {
			headers: { authorization: `Bearer ${server.key}` }
		});
		expect(read.status).toBe(503);
		const page = await fetch(`${server.url}/org/medway-maritime`, {
			headers: { cookie: server.cookies.exec }
		});
		expect(page.status).toBe(503);
		const html = await page.text();
		expect(html).toContain('Data store unavailable');
		expect(html).toContain('http-equiv="refresh"');
		const data = await fetch(`${server.url}/org/medway-maritime/__data.json`, {
			headers: { cookie: server.cookies.exec }
		});
		expect(data.status).toBe(503);
		expect(await data.json()).toMatchObject({ message: expect.stringMatching(/data store/) });
		const refused = await socket.timeout(5_000).emitWithAck('subscribe', { org: 'medway-maritime' });
		expect(refused).toEqual({ ok: false, error: expect.stringMatching(/try again/) });

		proxy.cut = false;
		const tookMs = await until(() => statuses.at(-1) === true, 15_000);
		console.log(`store back on the socket ${tookMs} ms after the proxy was restored`);
		const joined = await socket.timeout(5_000).emitWithAck('subscribe', { org: 'medway-maritime' });
		expect(joined).toEqual({ ok: true });
		const back = await fetch(`${server.url}/api/v1/metrics?org=medway-maritime`, {
			headers: { authorization: `Bearer ${server.key}` }
		});
		expect(back.status).toBe(200);
		expect(server.log()).not.toMatch(/unhandledRejection|uncaughtException|Unhandled 'error'/);
		socket.disconnect();
	});
});
