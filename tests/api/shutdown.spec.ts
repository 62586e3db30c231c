// A node stopped with SIGTERM (a deploy, systemd) lets the ingest in flight commit and answer, refuses new ones with
// a retryable 503 meanwhile, and exits cleanly; what it acknowledged is in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import { makeStream, toCsv } from '../faults/stream.ts';
import { backends } from '../stores.ts';
import { startServer, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

describe.runIf(hasPostgres)('graceful shutdown', () => {
	let server: RunningServer;
	let store: Store;
	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl!, poolSize: 2 });
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('finishes the upload in flight, answers 503 to new ingests, and exits 0', async () => {
		const events = makeStream('g', 6_000, 3);
		const post = (body: string, type: string) =>
			fetch(`${server.url}/api/v1/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${server.key}`, 'content-type': type },
				body
			});
		const upload = post(toCsv(events), 'text/csv');
		await new Promise((r) => setTimeout(r, 400));
		const exit = server.terminate();
		await new Promise((r) => setTimeout(r, 100));
		const late = await post(JSON.stringify({ events: [makeStream('h', 1, 4)[0]] }), 'application/json');
		expect(late.status).toBe(503);
		expect(late.headers.get('retry-after')).toBeTruthy();
		expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/shutting down/);

		const answer = await upload;
		expect(answer.status).toBe(200);
		expect(((await answer.json()) as { accepted: number }).accepted).toBe(events.length);
		expect(await exit).toBe(0);
		const stored = await store.db
			.selectFrom('event')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('source', '=', 'demo')
			.where('event_id', 'like', 'g-%')
			.executeTakeFirstOrThrow();
		expect(Number(stored.n)).toBe(events.length);
		expect(server.log()).toMatch(/SIGTERM: draining/);
	});
});
