// Mean lengths of stay (LOS-03, LOS-05), bed-days (LOS-06) and the weekend discharge rate (DIS-11), worked by hand
// on six spells at Rutland Memorial in January 2026 (London on GMT), on every backend.
//
//   A  emergency 75–84  Mon  5 Jan 10:00 → Wed  7 Jan 22:00   2.5 days
//   B  elective         Thu  1 Jan 00:00 → Wed 21 Jan 00:00  20 days; past 15 days from 16 Jan: 5 bed-days
//   C  emergency 85+    Wed 10 Dec 12:00 → Fri  9 Jan 12:00  30 days (not under 28); past 15 from 25 Dec 12:00
//   D  elective         Sat 10 Jan 00:00 → still in           past 15 days from 25 Jan 00:00
//   E  elective         Fri  9 Jan 10:00 → Sat 10 Jan 10:00   1 day
//   F  elective         Sat 10 Jan 08:00 → Sun 11 Jan 08:00   1 day
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { computeMetrics } from './current.ts';
import { series } from './series.ts';

const KEY = { id: 'test', source: 'length-of-stay-spec', orgs: null };
const SITE = 'rutland-memorial';
const WARD = 'rutland-memorial.inpatient';

const spell = (id: string, admitted: string, discharged: string | null, method: string, ageBand?: string) => [
	{
		id: `${id}-in`,
		type: 'admission',
		occurredAt: admitted,
		site: SITE,
		spell: id,
		patient: `pt-${id}`,
		ward: WARD,
		method,
		...(ageBand ? { ageBand } : {})
	},
	...(discharged
		? [
				{
					id: `${id}-out`,
					type: 'discharge',
					occurredAt: discharged,
					site: SITE,
					spell: id,
					destination: 'usual_residence'
				}
			]
		: [])
];

const EVENTS = [
	...spell('A', '2026-01-05T10:00:00Z', '2026-01-07T22:00:00Z', 'emergency', '75-84'),
	...spell('B', '2026-01-01T00:00:00Z', '2026-01-21T00:00:00Z', 'elective'),
	...spell('C', '2025-12-10T12:00:00Z', '2026-01-09T12:00:00Z', 'emergency', '85+'),
	...spell('D', '2026-01-10T00:00:00Z', null, 'elective'),
	...spell('E', '2026-01-09T10:00:00Z', '2026-01-10T10:00:00Z', 'elective'),
	...spell('F', '2026-01-10T08:00:00Z', '2026-01-11T08:00:00Z', 'elective')
];

const now = new Date('2026-02-01T00:00:00Z');
const january = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-31T12:00:00Z'), now };

for (const backend of await backends()) {
	describe(`lengths of stay and bed-days on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
			// sent in reverse, in two batches: the figures follow event time, not arrival
			const reversed = [...EVENTS].reverse();
			await ingest(store.db, KEY, reversed.slice(0, 5), { now });
			await ingest(store.db, KEY, reversed.slice(5), { now });
		});
		afterAll(() => store?.drop());

		const month = async (metric: string, org = SITE) =>
			(await series(store.db, { ...january, org, metric, bucket: 'month' }))[0].value;

		it('averages the stays of the month’s discharges: under 28 days, and emergency 65+', async () => {
			// A 2.5 + B 20 + E 1 + F 1 = 24.5 over 4; C's 30 days are not under 28
			expect(await month('mean_los_under_28')).toBe(6.1);
			// A 2.5 + C 30 = 32.5 over 2
			expect(await month('mean_los_emergency_65')).toBe(16.3);
			// the ward's figures are the site's: every stay was on it
			expect(await month('mean_los_under_28', WARD)).toBe(6.1);
		});

		it('counts bed-days beyond 15 days, and their share of all bed-days', async () => {
			// B 5 (16–21 Jan) + C 8.5 (1 Jan to 9 Jan 12:00) + D 7 (25 Jan to 1 Feb)
			expect(await month('bed_days_los_over_15')).toBe(20.5);
			// all bed-days in January: A 2.5 + B 20 + C 8.5 + D 22 + E 1 + F 1 = 55
			expect(await month('bed_days')).toBe(55);
			expect(await month('bed_days_los_over_15_pct')).toBe(37.3);
			// by day, across the intervals spanning many: on 9 Jan C until noon; on 20 Jan B all day
			const days = await series(store.db, {
				...january,
				org: SITE,
				metric: 'bed_days_los_over_15',
				bucket: 'day'
			});
			const day = (date: string) => days.find((p) => p.t === `${date}T00:00:00.000Z`)?.value;
			expect([day('2026-01-09'), day('2026-01-20'), day('2026-01-14')]).toEqual([0.5, 1, 0]);
			expect(days.reduce((s, p) => s + (p.value ?? 0), 0)).toBeCloseTo(20.5, 6);
		});

		it('rates weekend discharges a day against weekday discharges a day, by week', async () => {
			const weeks = await series(store.db, {
				org: SITE,
				metric: 'weekend_discharge_rate_pct',
				from: new Date('2026-01-05T00:00:00Z'),
				to: new Date('2026-01-28T12:00:00Z'),
				bucket: 'week',
				now: new Date('2026-01-28T12:00:00Z')
			});
			// 5–11 Jan: E and F on the weekend (2 a day over 2 days = 1), A and C on weekdays (2 over 5 = 0.4)
			expect(weeks[0]).toEqual({ t: '2026-01-05T00:00:00.000Z', value: 250 });
			// 19–25 Jan: B left on a Wednesday, nobody at the weekend
			expect(weeks[2].value).toBe(0);
			// the week still running has had no weekend day yet: no rate, not 0
			expect(weeks[3]).toEqual({ t: '2026-01-26T00:00:00.000Z', value: null });
		});

		it('shows the means live for the day so far; bed-days and rates are figures of a period', async () => {
			const at = new Date('2026-01-09T18:00:00Z');
			const live = (await computeMetrics(store.db, [SITE], at)).get(SITE)!;
			// C left today after 30 days: no stay under 28 to average; 65+ averages C alone
			expect(live.mean_los_under_28).toBeNull();
			expect(live.mean_los_emergency_65).toBe(30);
			// bed-days grow by the minute with no event to mark it: live they would disagree with themselves
			expect(live.bed_days_los_over_15).toBeNull();
			expect(live.bed_days_los_over_15_pct).toBeNull();
			// a day is a weekend day or a weekday: no rate of one against the other
			expect(live.weekend_discharge_rate_pct).toBeNull();
		});
	});
}
