// Care homes by their pseudonymous codes, worked by hand at Medway Maritime over the first week of March 2026, on
// every backend: home ch-a sent two people to A&E and had one admitted as an emergency; ch-b one to A&E; someone
// came from a home the source did not name; an elective admission from a home, an arrival from home and anything
// outside the week do not count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { careHomeCounts } from './careHomes.ts';
import { series } from './series.ts';

const KEY = { id: 'test', source: 'care-home-spec', orgs: null };
const SITE = 'medway-maritime';
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();
const attendance = (id: string, day: number, from: string, careHome?: string) => ({
	id,
	type: 'ae_attendance',
	occurredAt: at(day),
	site: SITE,
	attendance: `att-${id}`,
	arrivedFrom: from,
	...(careHome ? { careHome } : {})
});
const admission = (id: string, day: number, method: string, careHome: string) => ({
	id,
	type: 'admission',
	occurredAt: at(day, 14),
	site: SITE,
	spell: `sp-${id}`,
	patient: `pt-${id}`,
	ward: 'medway-maritime.amu',
	method,
	from: 'care_home',
	careHome
});

for (const backend of await backends()) {
	describe(`care homes on ${backend}`, () => {
		let store: TestStore;
		const week = { from: new Date(at(2, 0)), to: new Date(at(9, 0)) };
		beforeAll(async () => {
			store = await testStore(backend);
			const results = await ingest(
				store.db,
				KEY,
				[
					attendance('a1', 2, 'care_home', 'ch-a'),
					attendance('a2', 4, 'care_home', 'ch-a'),
					attendance('b1', 5, 'care_home', 'ch-b'),
					attendance('x1', 6, 'care_home'),
					attendance('h1', 6, 'usual_residence'),
					attendance('late', 10, 'care_home', 'ch-b'),
					admission('ea', 4, 'emergency', 'ch-a'),
					admission('eb', 5, 'elective', 'ch-b')
				],
				{ now: new Date(at(12)) }
			);
			expect(results.results.every((r) => r.status === 'accepted')).toBe(true);
		});
		afterAll(() => store?.drop());

		it('counts each home’s attendances and emergency admissions over the period, most admitted first', async () => {
			expect(await careHomeCounts(store.db, SITE, week.from, week.to)).toEqual([
				{ home: 'ch-a', attendances: 2, admissions: 1 },
				{ home: 'ch-b', attendances: 1, admissions: 0 },
				{ home: null, attendances: 1, admissions: 0 }
			]);
			// the ward the admission came to, and the system above: the same admission
			expect(await careHomeCounts(store.db, 'medway-maritime.amu', week.from, week.to)).toEqual([
				{ home: 'ch-a', attendances: 0, admissions: 1 }
			]);
			expect((await careHomeCounts(store.db, 'kent-medway', week.from, week.to))[0]).toEqual({
				home: 'ch-a',
				attendances: 2,
				admissions: 1
			});
		});

		it('adds up to the catalogue’s care-home figures for the period', async () => {
			const homes = await careHomeCounts(store.db, SITE, week.from, week.to);
			const total = async (metric: string) =>
				(await series(store.db, { org: SITE, metric, ...week, bucket: 'week', now: new Date(at(12)) }))[0]
					.value;
			expect(await total('care_home_attendances_today')).toBe(homes.reduce((s, h) => s + h.attendances, 0));
			expect(await total('care_home_admissions_today')).toBe(homes.reduce((s, h) => s + h.admissions, 0));
		});
	});
}
