// The connection lifecycle against the local PostgreSQL: a connection killed under a query is an error to the caller,
// never to the process; the bus connection notices its loss, comes back by itself and LISTENs again.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { backends, testStore } from '../../../../tests/stores.ts';
import { isUnavailable } from './unavailable.ts';

const hasPostgres = (await backends()).includes('postgres');

async function until(condition: () => boolean, ms: number) {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe.runIf(hasPostgres)('the PostgreSQL connection lifecycle', () => {
	it('answers a query whose connection is killed with a retryable error, and the pool goes on', async () => {
		const store = await testStore('postgres');
		try {
			const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(store.db)).rows[0].pid;
			const killed = store.db
				.transaction()
				.execute(async (trx) => {
					await sql`SELECT pg_backend_pid()`.execute(trx);
					await sql`SELECT pg_sleep(5)`.execute(trx);
				})
				.then(
					() => null,
					(e: unknown) => e
				);
			await new Promise((r) => setTimeout(r, 300));
			// every backend of this store's pool but the bus: the one in the transaction among them
			await sql`
				SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND application_name = 'flowdeck' AND pid <> pg_backend_pid()
			`.execute(store.db);
			const error = await killed;
			expect(error).not.toBeNull();
			expect(isUnavailable(error)).toBe(true);
			expect(pid).toBeGreaterThan(0);
			const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db);
			expect(rows[0].one).toBe(1);
		} finally {
			await store.drop();
		}
	});

	it('brings the bus connection back after it is killed, says so, and hears notifications again', async () => {
		const store = await testStore('postgres');
		try {
			const heard: string[] = [];
			const changes: boolean[] = [];
			await store.listen('flowdeck_spec', (payload) => heard.push(payload));
			store.onHealth((h) => changes.push(h.up));
			expect(store.health().up).toBe(true);
			await sql`
				SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND application_name = 'flowdeck-bus'
			`.execute(store.db);
			await until(() => changes.length >= 2, 15_000);
			expect(changes.slice(0, 2)).toEqual([false, true]);
			expect(store.health().up).toBe(true);
			await sql`SELECT pg_notify('flowdeck_spec', 'after')`.execute(store.db);
			await until(() => heard.includes('after'), 5_000);
		} finally {
			await store.drop();
		}
	});
});

describe('which errors are retryable', () => {
	it('counts lost connections, timeouts and a server shutting down, and nothing else', () => {
		for (const code of ['57014', '55P03', '25P03', '57P01', '57P03', '53300', '08006', 'ECONNREFUSED'])
			expect(isUnavailable({ code }), code).toBe(true);
		expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(isUnavailable(new Error('Query read timeout'))).toBe(true);
		expect(isUnavailable({ code: '23505' })).toBe(false);
		expect(isUnavailable(new Error('relation "x" does not exist'))).toBe(false);
		expect(isUnavailable(null)).toBe(false);
	});
});
