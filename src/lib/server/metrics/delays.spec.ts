import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { delayedBedDays } from './delays.ts';

const KEY = { id: 'test', source: 'delays-spec', orgs: null };
const H = 3_600_000;
const t0 = Date.UTC(2026, 9, 1, 0, 0);
const at = (hours: number) => new Date(t0 + hours * H).toISOString();

for (const backend of await backends()) {
	describe(`delayed bed-days on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
			const spell = (id: string, site: string) => ({ site, spell: id });
			const a = spell('sp-a', 'qeqm');
			const b = spell('sp-b', 'qeqm');
			await ingest(store.db, KEY, [
				{
					id: 'a1',
					type: 'admission',
					occurredAt: at(0),
					...a,
					patient: 'pt-a',
					method: 'emergency',
					ward: 'qeqm.coe-a'
				},
				{
					id: 'a2',
					type: 'delay_started',
					occurredAt: at(24),
					...a,
					reason: 'housing',
					attribution: 'social_care'
				},
				{ id: 'a3', type: 'delay_ended', occurredAt: at(84), ...a },
				{
					id: 'b1',
					type: 'admission',
					occurredAt: at(0),
					...b,
					patient: 'pt-b',
					method: 'emergency',
					ward: 'qeqm.coe-b'
				},
				{
					id: 'b2',
					type: 'delay_started',
					occurredAt: at(48),
					...b,
					reason: 'awaiting_assessment',
					attribution: 'nhs'
				},
				{ id: 'b3', type: 'discharge', occurredAt: at(60), ...b, destination: 'usual_residence' }
			]);
		});
		afterAll(() => store?.drop());

		it('adds up each delay overlapping the period, and clips it to the period', async () => {
			// a: 60 h delayed; b: 12 h until discharge
			expect(await delayedBedDays(store.db, 'qeqm', 'dtoc', new Date(t0), new Date(t0 + 200 * H))).toBe(3);
			expect(
				await delayedBedDays(
					store.db,
					'ekhuft',
					'dtoc.attribution.social_care',
					new Date(t0),
					new Date(t0 + 200 * H)
				)
			).toBe(2.5);
			expect(await delayedBedDays(store.db, 'qeqm.coe-b', 'dtoc', new Date(t0), new Date(t0 + 200 * H))).toBe(
				0.5
			);
			// only the 24 h from 36 h to 60 h: a is delayed throughout, b from 48 h
			expect(
				await delayedBedDays(store.db, 'qeqm', 'dtoc', new Date(t0 + 36 * H), new Date(t0 + 60 * H))
			).toBe(1.5);
			expect(await delayedBedDays(store.db, 'llr', 'dtoc', new Date(t0), new Date(t0 + 200 * H))).toBe(0);
		});
	});
}
