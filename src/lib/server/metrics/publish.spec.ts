// Publishing at national scale: each ingest moves the stored totals of the organisations above its wards only, and the
// ticker counts again only what time moved; both must leave every figure equal to a full recount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, clearEvents, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { computeMetrics, loadClosure } from './current.ts';
import { crossedSince, publishDue } from './publish.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KEY = { id: 'test', source: 'publish-spec', orgs: null };

const admission = (spell: string, ward: string, at: number) => ({
	id: `${spell}-a`,
	type: 'admission',
	occurredAt: new Date(at).toISOString(),
	site: ward.slice(0, ward.indexOf('.')),
	spell,
	patient: `pt-${spell}`,
	method: 'emergency',
	ward
});

for (const backend of await backends()) {
	describe(`publishing figures on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => (store = await testStore(backend)));
		afterAll(() => store?.drop());

		/** every published figure against a recount of everything at the instant it claims */
		async function expectRecount() {
			const rows = await store.db.selectFrom('metric_current').select(['org', 'as_of', 'metrics']).execute();
			const at = rows[0].as_of;
			const recount = await computeMetrics(store.db, null, at);
			for (const row of rows) expect(row.metrics, row.org).toEqual(recount.get(row.org));
		}

		it('moves only the totals above the ward an event names, and they equal a recount', async () => {
			await clearEvents(store);
			const closure = await loadClosure(store.db);
			const now = Date.now();
			await ingest(store.db, KEY, [admission('p1', 'medway-maritime.amu', now - DAY)], {
				now: new Date(now)
			});
			await publishDue(store.db, closure, null, new Date(now + 1));
			const before = new Map(
				(await store.db.selectFrom('metric_total').select(['org', 'at']).execute()).map((r) => [r.org, r.at])
			);
			const then = new Date(now + 2);
			await ingest(store.db, KEY, [admission('p2', 'qeqm.resp', now - 2 * DAY)], { now: then });
			const moved = (await store.db.selectFrom('metric_total').select(['org', 'at']).execute())
				.filter((r) => r.at.getTime() !== before.get(r.org)?.getTime())
				.map((r) => r.org)
				.sort();
			const above = closure
				.filter((c) => c.descendant === 'qeqm.resp')
				.map((c) => c.ancestor)
				.sort();
			expect(moved).toEqual(above);
			expect(moved).not.toContain('medway-maritime');
			await publishDue(store.db, closure, then, new Date(now + 3));
			await expectRecount();
		});

		it('rebuilds a total it does not hold from the counts below it', async () => {
			await clearEvents(store);
			const now = Date.now();
			await ingest(store.db, KEY, [admission('p3', 'medway-maritime.amu', now - DAY)], {
				now: new Date(now)
			});
			await store.db
				.deleteFrom('metric_total')
				.where('org', 'in', ['kent-medway', 'medway-maritime'])
				.execute();
			await ingest(store.db, KEY, [admission('p4', 'medway-maritime.stroke', now - DAY)], {
				now: new Date(now + 1)
			});
			const figures = await store.db
				.selectFrom('metric_current')
				.select(['org', 'metrics'])
				.where('org', 'in', ['kent-medway', 'medway-maritime'])
				.execute();
			const recount = await computeMetrics(store.db, ['kent-medway', 'medway-maritime'], new Date(now + 1));
			for (const row of figures) expect(row.metrics, row.org).toEqual(recount.get(row.org));
			expect(figures.find((r) => r.org === 'medway-maritime')?.metrics.inpatients).toBe(2);
		});

		it('counts again on a tick only the wards whose stays crossed a band since the last', async () => {
			await clearEvents(store);
			const closure = await loadClosure(store.db);
			const now = Date.now();
			// one stay passes 15 days two minutes from now; another at Leicester is a day short of it
			await ingest(
				store.db,
				KEY,
				[
					admission('p5', 'medway-maritime.amu', now - 15 * DAY + 2 * MINUTE),
					admission('p6', 'leicester-royal.amu', now - 14 * DAY)
				],
				{ now: new Date(now) }
			);
			const first = new Date(now + 1);
			await publishDue(store.db, closure, null, first);
			const later = new Date(now + 3 * MINUTE);
			expect(await crossedSince(store.db, first, later)).toEqual(['medway-maritime.amu']);
			const published = await publishDue(store.db, closure, first, later);
			expect(published.map((p) => p.org).sort()).toEqual(
				closure
					.filter((c) => c.descendant === 'medway-maritime.amu')
					.map((c) => c.ancestor)
					.sort()
			);
			expect(published.find((p) => p.org === 'medway-maritime')?.changed.los_over_15).toBe(1);
			await expectRecount();
		});

		it('counts everything again when the day turns', async () => {
			await clearEvents(store);
			const closure = await loadClosure(store.db);
			const now = Date.now();
			await ingest(store.db, KEY, [admission('p7', 'medway-maritime.amu', now - 2 * DAY)], {
				now: new Date(now)
			});
			// the last tick yesterday: today's admissions counted since midnight fall back to none
			await publishDue(store.db, closure, new Date(now - DAY), new Date(now + 1));
			await expectRecount();
		});
	});
}
