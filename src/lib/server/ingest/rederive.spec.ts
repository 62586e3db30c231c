// A store whose spells were derived before catalogue v2 (their v2 points and past-EDD intervals missing, marked
// derivation 1) gets every figure back by deriving them again: the same figures as a store that took the events
// under v2, in batches smaller than the spells, and nothing left to do the second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { FLOW_POINTS, MEAN_LOS_POINTS, RATIO_POINTS } from '../../catalogue.ts';
import { computeMetrics } from '../metrics/current.ts';
import { series } from '../metrics/series.ts';
import { Simulation } from '../simulator/model.ts';
import { SITE_PROFILES } from '../simulator/sites.ts';
import { ingest } from './ingest.ts';
import { rederiveStale, staleSpells } from './rederive.ts';

const KEY = { id: 'test', source: 'rederive-spec', orgs: null };
const end = new Date('2026-06-10T12:00:00Z');
const V1_POINTS = [
	'admissions',
	'discharges',
	'discharges_before_10',
	'admissions_avoided',
	'readmissions_30d'
];

for (const backend of await backends()) {
	describe(`deriving spells again on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
			const sim = new Simulation(
				3,
				new Date('2026-06-01T00:00:00Z'),
				SITE_PROFILES.filter((p) => p.site === 'medway-maritime')
			);
			const events = sim.advance(end);
			for (let i = 0; i < events.length; i += 500)
				await ingest(store.db, KEY, events.slice(i, i + 500), { now: end });
		});
		afterAll(() => store?.drop());

		it('restores the v2 figures of spells derived before them, in batches, once', async () => {
			const org = 'medway-maritime';
			const request = {
				org,
				from: new Date('2026-06-03T00:00:00Z'),
				to: end,
				bucket: 'day' as const,
				now: end
			};
			const v2 = [
				'past_edd',
				...Object.keys(FLOW_POINTS),
				...Object.keys(RATIO_POINTS),
				...Object.keys(MEAN_LOS_POINTS)
			];
			const before = await computeMetrics(store.db, [org], end);
			const seriesBefore = await Promise.all(v2.map((metric) => series(store.db, { ...request, metric })));
			expect(before.get(org)!.emergency_admissions_today).toBeGreaterThan(0);
			expect(await staleSpells(store.db)).toBe(0);

			// what a v1 server left of its spells: no v2 points, no past-EDD intervals, derivation 1 (A&E events are not spells)
			await store.db
				.deleteFrom('flow_event')
				.where('metric', 'not in', V1_POINTS)
				.where('ref', 'not like', 'ae:%')
				.execute();
			await store.db.deleteFrom('census_interval').where('metric', '=', 'past_edd').execute();
			const spells = Number(
				(await store.db.updateTable('spell').set({ derivation: 1 }).executeTakeFirst()).numUpdatedRows
			);
			expect(spells).toBeGreaterThan(100);
			expect((await computeMetrics(store.db, [org], end)).get(org)!.emergency_admissions_today).toBe(0);

			const progress: number[] = [];
			expect(
				await rederiveStale(store.db, { batch: 40, now: end, onProgress: (done) => progress.push(done) })
			).toBe(spells);
			expect(progress).toHaveLength(1 + Math.ceil(spells / 40));
			expect(progress[0]).toBe(0);
			expect(progress.at(-1)).toBe(spells);
			expect(await staleSpells(store.db)).toBe(0);
			expect(await computeMetrics(store.db, [org], end)).toEqual(before);
			for (const [i, metric] of v2.entries())
				expect(await series(store.db, { ...request, metric }), metric).toEqual(seriesBefore[i]);
			// and the stored figures screens read are the derived ones
			const current = await store.db
				.selectFrom('metric_current')
				.select('metrics')
				.where('org', '=', org)
				.executeTakeFirstOrThrow();
			expect(current.metrics.emergency_admissions_today).toBe(before.get(org)!.emergency_admissions_today);

			expect(await rederiveStale(store.db)).toBe(0);
		});
	});
}
