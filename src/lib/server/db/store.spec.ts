// The store itself: concurrent writers on PGlite, concurrent starts on PostgreSQL, and the TimescaleDB path.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ingest } from '../ingest/ingest.ts';
import { computeMetrics } from '../metrics/current.ts';
import { series } from '../metrics/series.ts';
import { migrations } from '../../../../db/migrations/index.ts';
import { migrate } from './migrate.ts';
import { ownerConnection } from './roles.ts';
import { backends, testStore } from '../../../../tests/stores.ts';

const KEY = { id: 'test', source: 'store-spec', orgs: null };
const event = (i: number, at: string) => ({
	id: `adm-${i}`,
	type: 'admission',
	occurredAt: at,
	site: 'glenfield',
	spell: `sp-${i}`,
	patient: `pt-${i}`,
	method: 'emergency'
});

describe('PGlite', () => {
	it('loses no committed write when transactions overlap', async () => {
		const store = await testStore('pglite');
		try {
			await sql`CREATE TABLE probe (n int)`.execute(store.db);
			const rolledBack = store.db.transaction().execute(async (trx) => {
				await sql`INSERT INTO probe VALUES (-1)`.execute(trx);
				await new Promise((r) => setTimeout(r, 50));
				throw new Error('roll back');
			});
			const writers = Array.from({ length: 20 }, (_, n) =>
				sql`INSERT INTO probe VALUES (${n})`.execute(store.db)
			);
			const ingests = Array.from({ length: 5 }, (_, n) =>
				ingest(store.db, KEY, [event(n, '2026-11-01T10:00:00Z')])
			);
			await expect(rolledBack).rejects.toThrow('roll back');
			await Promise.all([...writers, ...ingests]);
			const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM probe`.execute(store.db);
			expect(rows[0].n).toBe(20);
			const figures = await computeMetrics(store.db, ['glenfield'], new Date('2026-11-02T00:00:00Z'));
			expect(figures.get('glenfield')?.inpatients).toBe(5);
		} finally {
			await store.drop();
		}
	});
});

const serverBackends = (await backends()).filter((b) => b === 'postgres');
describe.skipIf(!serverBackends.length)('PostgreSQL', () => {
	it('applies migrations once when two nodes start together', async () => {
		const store = await testStore('postgres');
		try {
			// two nodes migrate as the owner role (README, "Database roles")
			const [first, second] = [ownerConnection(store.urls!.owner), ownerConnection(store.urls!.owner)];
			await sql`DROP SCHEMA public CASCADE`.execute(first);
			await sql`CREATE SCHEMA public`.execute(first);
			const results = await Promise.all([migrate(first), migrate(second)]);
			await Promise.all([first.destroy(), second.destroy()]);
			expect(results.flat().sort()).toEqual(Object.keys(migrations).sort());
		} finally {
			await store.drop();
		}
	});
});

describe('TimescaleDB (PGlite build with the extension)', () => {
	it('makes hypertables and a real-time continuous aggregate, and answers the same queries', async () => {
		const store = await testStore('timescaledb');
		try {
			const hypertables = await sql<{ hypertable_name: string }>`
				SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1
			`.execute(store.db);
			expect(hypertables.rows.map((r) => r.hypertable_name)).toEqual(['event', 'metric_snapshot']);
			const caggs = await sql<{ view_name: string; materialized_only: boolean }>`
				SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates
			`.execute(store.db);
			expect(caggs.rows).toEqual([{ view_name: 'event_daily', materialized_only: false }]);
			const jobs = await sql<{
				proc_name: string;
			}>`SELECT proc_name FROM timescaledb_information.jobs WHERE job_id >= 1000 ORDER BY 1`.execute(
				store.db
			);
			expect(jobs.rows.map((r) => r.proc_name)).toEqual([
				'policy_compression',
				'policy_refresh_continuous_aggregate',
				'policy_retention'
			]);

			const result = await ingest(store.db, KEY, [
				event(1, '2026-03-29T00:30:00Z'),
				event(2, '2026-03-29T23:30:00Z')
			]);
			expect(result.accepted).toBe(2);
			const daily = await sql<{
				day: Date;
				events: number;
			}>`SELECT day, events FROM event_daily ORDER BY day`.execute(store.db);
			// 29 March 2026 is 23 hours long in London: 23:30 UTC is already 30 March
			expect(daily.rows.map((r) => [r.day.toISOString(), r.events])).toEqual([
				['2026-03-29T00:00:00.000Z', 1],
				['2026-03-29T23:00:00.000Z', 1]
			]);
			const points = await series(store.db, {
				org: 'llr',
				metric: 'admissions_today',
				from: new Date('2026-03-28T12:00:00Z'),
				to: new Date('2026-03-31T00:00:00Z'),
				bucket: 'day'
			});
			// 28 March is before the first event: no data, not 0; the last bucket is 31 March, which starts at 23:00
			// UTC on the 30th
			expect(points.map((p) => p.value)).toEqual([null, 1, 1, 0]);
		} finally {
			await store.drop();
		}
	});
});
