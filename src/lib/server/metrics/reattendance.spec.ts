// READ-01, A&E re-attendance within 7 days: worked by hand on one patient's attendances, arriving out of order, on
// every backend. 6½ days after the first is a re-attendance; 14 days after is not, until a late-sent attendance 10
// days after the first puts it within a week of another; the same patient at another site counts; no patient, never.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { reattendances } from './attendance.ts';

const KEY = { id: 'test', source: 'reattendance-spec', orgs: null };
const DAY = 86_400_000;
const t0 = Date.parse('2026-03-02T10:00:00Z');
const attendance = (id: string, days: number, site = 'medway-maritime', patient: string | null = 'pt-a') => ({
	id,
	type: 'ae_attendance',
	occurredAt: new Date(t0 + days * DAY).toISOString(),
	site,
	attendance: `att-${id}`,
	...(patient ? { patient } : {})
});

describe('re-attendances, worked by hand', () => {
	it('are the attendances within 7 × 24 hours after another of the same patient', () => {
		const a = (patient: string, days: number) => ({ patient, at: new Date(t0 + days * DAY) });
		const list = [a('p', 0), a('p', 7), a('p', 14.01), a('q', 1), a('q', 1)];
		expect(reattendances(list).map((r) => [r.patient, (r.at.getTime() - t0) / DAY])).toEqual([['p', 7]]);
	});
});

for (const backend of await backends()) {
	describe(`re-attendances stored on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
		});
		afterAll(() => store?.drop());

		const reattended = async () =>
			(
				await store.db
					.selectFrom('flow_event')
					.select('ref')
					.where('metric', '=', 'ae_reattendances_7d')
					.orderBy('ref')
					.execute()
			).map((r) => r.ref);

		it('follow each new attendance, including one sent late and one at another site', async () => {
			const now = new Date(t0 + 30 * DAY);
			await ingest(
				store.db,
				KEY,
				[attendance('a1', 0), attendance('a3', 14), attendance('anon', 1, 'medway-maritime', null)],
				{ now }
			);
			await ingest(store.db, KEY, [attendance('a2', 6.5)], { now });
			expect(await reattended()).toEqual(['ae:a2']);
			// sent late: 10 days after the first, so 4 days before a3 (and 3½ after a2)
			await ingest(store.db, KEY, [attendance('late', 10, 'darent-valley')], { now });
			expect(await reattended()).toEqual(['ae:a2', 'ae:a3', 'ae:late']);
		});
	});
}
