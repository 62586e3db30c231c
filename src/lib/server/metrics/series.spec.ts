// Series against the engine's own figures: a census bucket's value is the figure at its end; a flow bucket's value
// is what "today" showed at the end of that day (a percentage of the day's events likewise). Run on a simulated
// fortnight across the spring clock change, on every backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { Simulation } from '../simulator/model.ts';
import { SITE_PROFILES } from '../simulator/sites.ts';
import { nextBucket } from '../time.ts';
import { computeMetrics } from './current.ts';
import { dataFrom, series } from './series.ts';

const KEY = { id: 'test', source: 'series-spec', orgs: null };
const end = new Date('2026-04-05T12:00:00Z');

for (const backend of await backends()) {
	describe(`series on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
			const sim = new Simulation(
				7,
				new Date('2026-03-15T00:00:00Z'),
				SITE_PROFILES.filter((p) => p.site === 'medway-maritime' || p.site === 'rutland-memorial')
			);
			const events = sim.advance(end);
			for (let i = 0; i < events.length; i += 500)
				await ingest(store.db, KEY, events.slice(i, i + 500), { now: end });
		});
		afterAll(() => store?.drop());

		it.each([
			['kent-medway', 'inpatients'],
			['medway-maritime', 'msl'],
			['medway-maritime.coe-a', 'los_over_7'],
			['medway-maritime', 'dtoc'],
			['medway-maritime', 'msl_with_plan_pct'],
			['llr', 'los_over_15'],
			['medway-maritime', 'past_edd']
		])('%s %s by day equals the figure at each day end, across the spring DST night', async (org, metric) => {
			const from = new Date('2026-03-22T00:00:00Z');
			const points = await series(store.db, { org, metric, from, to: end, bucket: 'day', now: end });
			expect(points.length).toBe(15);
			for (const p of points) {
				const at = new Date(Math.min(nextBucket('day', new Date(p.t)).getTime(), end.getTime()));
				const figures = await computeMetrics(store.db, [org], at);
				expect(p.value, `${p.t}`).toBe(figures.get(org)?.[metric]);
			}
		});

		it('counts each day\'s discharges as "today" showed them at midnight', async () => {
			const points = await series(store.db, {
				org: 'medway-maritime',
				metric: 'discharges_today',
				from: new Date('2026-03-25T00:00:00Z'),
				to: new Date('2026-04-01T00:00:00Z'),
				bucket: 'day',
				now: end
			});
			for (const p of points) {
				const figures = await computeMetrics(store.db, ['medway-maritime'], nextBucket('day', new Date(p.t)));
				expect(p.value).toBe(figures.get('medway-maritime')?.discharges_today);
			}
			// an ISO week (Monday 23 March) is the sum of its seven days, one of them 23 hours long
			const week = {
				org: 'medway-maritime',
				metric: 'discharges_today',
				from: new Date('2026-03-23T00:00:00Z'),
				to: new Date('2026-03-29T12:00:00Z'),
				now: end
			};
			const [days, weeks] = await Promise.all([
				series(store.db, { ...week, bucket: 'day' }),
				series(store.db, { ...week, bucket: 'week' })
			]);
			expect(days.length).toBe(7);
			expect(weeks).toEqual([
				{ t: '2026-03-23T00:00:00.000Z', value: days.reduce((s, p) => s + (p.value ?? 0), 0) }
			]);
			expect(weeks[0].value).toBeGreaterThan(50);
		});

		it.each([
			'emergency_admissions_today',
			'emergency_admissions_75_today',
			'care_home_discharges_today',
			'edd_within_24h_pct',
			'discharged_on_edd_pct',
			'weekend_discharges_pct',
			'discharges_home_pct',
			'mean_los_under_28',
			'mean_los_emergency_65'
		])(
			'%s (catalogue v2) by day is what "today" showed at each midnight, across the DST night',
			async (metric) => {
				const points = await series(store.db, {
					org: 'kent-medway',
					metric,
					from: new Date('2026-03-25T00:00:00Z'),
					to: new Date('2026-04-01T12:00:00Z'),
					bucket: 'day',
					now: end
				});
				expect(points.length).toBe(8);
				for (const p of points) {
					const figures = await computeMetrics(store.db, ['kent-medway'], nextBucket('day', new Date(p.t)));
					expect(p.value, p.t).toBe(figures.get('kent-medway')?.[metric]);
				}
				// something to count (two days at least: the weekend share is above 0 on Saturday and Sunday only), since a
				// series of nothing but 0 or no data would pass the comparison too
				expect(points.filter((p) => (p.value ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
			}
		);

		it('counts bed-days a day as the stays add up, across the DST night', async () => {
			const request = {
				org: 'kent-medway',
				from: new Date('2026-03-25T00:00:00Z'),
				to: new Date('2026-04-01T12:00:00Z'),
				bucket: 'day' as const,
				now: end
			};
			const [all, long, share] = await Promise.all(
				['bed_days', 'bed_days_los_over_15', 'bed_days_los_over_15_pct'].map((metric) =>
					series(store.db, { ...request, metric })
				)
			);
			// worked out here from each spell's admission and discharge, not from the census intervals
			const stays = (
				await store.db
					.selectFrom('spell')
					.innerJoin('org_closure', 'org_closure.descendant', 'spell.site')
					.select(['admitted_at', 'discharged_at'])
					.where('org_closure.ancestor', '=', 'kent-medway')
					.execute()
			).map((s) => [s.admitted_at!.getTime(), s.discharged_at?.getTime() ?? end.getTime()]);
			const days = (from: number, to: number, after = 0) =>
				stays.reduce((sum, [a, d]) => sum + Math.max(0, Math.min(d, to) - Math.max(a + after, from)), 0) /
				86_400_000;
			for (const [i, p] of all.entries()) {
				const [from, to] = [Date.parse(p.t), nextBucket('day', new Date(p.t)).getTime()];
				const [inpatients, over15] = [days(from, to), days(from, to, 15 * 86_400_000)];
				expect(Math.abs(p.value! - inpatients), p.t).toBeLessThanOrEqual(0.05 + 1e-9);
				expect(Math.abs(long[i].value! - over15), p.t).toBeLessThanOrEqual(0.05 + 1e-9);
				expect(Math.abs(share[i].value! - (100 * over15) / inpatients), p.t).toBeLessThanOrEqual(0.05 + 1e-9);
			}
			// something to count, since a series of nothing would pass the comparison too
			expect(all.every((p) => (p.value ?? 0) > 100)).toBe(true);
			expect(long.filter((p) => (p.value ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
		});

		it('says no data before the first event, never 0, and marks the buckets the data covers only in part', async () => {
			const request = { org: 'medway-maritime', from: new Date('2026-03-01T00:00:00Z'), to: end, now: end };
			const first = (await dataFrom(store.db, 'medway-maritime'))!;
			expect(first.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-15T00:00:00Z'));
			for (const metric of ['msl', 'discharges_today']) {
				const days = await series(store.db, { ...request, metric, bucket: 'day' });
				for (const p of days) {
					const bucketEnd = nextBucket('day', new Date(p.t));
					if (bucketEnd <= first) expect(p, metric).toEqual({ t: p.t, value: null });
					else expect(p.value, `${metric} ${p.t}`).not.toBeNull();
				}
				// the day the data starts in and the day still running are figures of part of a day
				expect(days.filter((p) => p.partial).map((p) => p.t)).toEqual([
					days.find((p) => p.value !== null)!.t,
					days.at(-1)!.t
				]);
			}
			// the month the data starts in holds data; the months before it do not
			const months = await series(store.db, {
				...request,
				from: new Date('2026-01-01T00:00:00Z'),
				metric: 'msl',
				bucket: 'month'
			});
			expect(months.map((p) => [p.value === null, p.partial ?? false])).toEqual([
				[true, false],
				[true, false],
				[false, true],
				[false, true]
			]);
			// a site no source has sent anything for has no data at all
			expect(await dataFrom(store.db, 'qeqm')).toBeNull();
			const quiet = await series(store.db, { ...request, org: 'qeqm', metric: 'msl', bucket: 'day' });
			expect(quiet.every((p) => p.value === null && !p.partial)).toBe(true);
			// a ward's data starts with its site's
			expect(await dataFrom(store.db, 'medway-maritime.coe-a')).toEqual(first);
		});
	});
}
