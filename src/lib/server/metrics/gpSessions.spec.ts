// The GP in A&E's patients per GP hour (ADM-15), worked by hand at William Harvey in January 2026 (London on GMT),
// on every backend. 5 Jan: on duty 08:00–20:00 (12 hours), 6 patients: 0.5 an hour. 6 Jan: 08:00–16:00 (8 hours),
// the end sent before the start, 8 patients: 1 an hour. 7 Jan: 2 patients and no session sent: no figure, not 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { computeMetrics } from './current.ts';
import { dutySpan } from './gpSessions.ts';
import { series } from './series.ts';

const KEY = { id: 'test', source: 'gp-session-spec', orgs: null };
const SITE = 'william-harvey';
const HOUR = 3_600_000;

const duty = (id: string, type: string, at: string, session: string) => ({
	id,
	type,
	occurredAt: at,
	site: SITE,
	session
});
/** `n` patients seen by the GP, an hour apart from `first` */
const seen = (day: string, first: number, n: number) =>
	Array.from({ length: n }, (_, i) => ({
		id: `gp-${day.slice(8)}-${i}`,
		type: 'ae_assessment',
		occurredAt: new Date(Date.parse(`${day}T00:00:00Z`) + (first + i) * HOUR + 10 * 60_000).toISOString(),
		site: SITE,
		attendance: `att-${day.slice(8)}-${i}`,
		seenBy: 'idt_gp',
		outcome: 'avoided'
	}));

describe('a GP session', () => {
	const at = (h: number) => new Date(Date.UTC(2026, 0, 5, h));
	it('runs from its first going on duty to the first going off after it', () => {
		expect(
			dutySpan([
				{ type: 'gp_off_duty', at: at(7) },
				{ type: 'gp_on_duty', at: at(8) },
				{ type: 'gp_off_duty', at: at(20) },
				{ type: 'gp_off_duty', at: at(19) }
			])
		).toEqual({ start: at(8), end: at(19) });
		expect(dutySpan([{ type: 'gp_on_duty', at: at(8) }])).toEqual({ start: at(8), end: null });
		expect(dutySpan([{ type: 'gp_off_duty', at: at(8) }])).toBeNull();
	});
});

for (const backend of await backends()) {
	describe(`the GP in A&E per hour on ${backend}`, () => {
		let store: TestStore;
		const now = new Date('2026-01-10T00:00:00Z');
		beforeAll(async () => {
			store = await testStore(backend);
			await ingest(
				store.db,
				KEY,
				[
					duty('on-5', 'gp_on_duty', '2026-01-05T08:00:00Z', 'wh-a'),
					duty('off-5', 'gp_off_duty', '2026-01-05T20:00:00Z', 'wh-a'),
					...seen('2026-01-05', 9, 6),
					duty('off-6', 'gp_off_duty', '2026-01-06T16:00:00Z', 'wh-b'),
					...seen('2026-01-06', 8, 8),
					...seen('2026-01-07', 10, 2)
				],
				{ now }
			);
			// the start of the 6th's session comes last, in a batch of its own
			await ingest(store.db, KEY, [duty('on-6', 'gp_on_duty', '2026-01-06T08:00:00Z', 'wh-b')], { now });
		});
		afterAll(() => store?.drop());

		it('divides the patients the GP saw by the hours on duty, day by day', async () => {
			const days = await series(store.db, {
				org: SITE,
				metric: 'gp_patients_per_hour',
				from: new Date('2026-01-05T00:00:00Z'),
				to: new Date('2026-01-08T00:00:00Z'),
				bucket: 'day',
				now
			});
			expect(days.map((p) => p.value)).toEqual([0.5, 1, null]);
			// the week: 16 patients in 20 hours
			const [week] = await series(store.db, {
				org: SITE,
				metric: 'gp_patients_per_hour',
				from: new Date('2026-01-05T00:00:00Z'),
				to: new Date('2026-01-11T00:00:00Z'),
				bucket: 'week',
				now: new Date('2026-01-12T00:00:00Z')
			});
			expect(week.value).toBe(0.8);
		});

		it('shows the GPs on duty now, live; the rate is a figure of a period', async () => {
			const at = async (iso: string) => (await computeMetrics(store.db, [SITE], new Date(iso))).get(SITE)!;
			// the GP's hours grow by the minute with no event to mark it, so the rate is read from the series
			expect(await at('2026-01-05T14:00:00Z')).toMatchObject({ gp_on_duty: 1, gp_patients_per_hour: null });
			expect(await at('2026-01-05T21:00:00Z')).toMatchObject({ gp_on_duty: 0 });
			// the 6th's session, whose start came after its end
			expect(await at('2026-01-06T09:00:00Z')).toMatchObject({ gp_on_duty: 1 });
		});
	});
}
