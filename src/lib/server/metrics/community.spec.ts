// Ingest contract v3's community events as figures, worked by hand in January 2026 (London on GMT), on every backend:
// Rutland's OMP practice registers four people, Rutland's Intensive Community Support unit has 8 beds and three
// stays, and the figures roll up to the CCG, the HWB area and the system whatever order the events arrive in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { icStay, registerEpisodes, residency, unitBeds, type CommunityEvent } from './community.ts';
import { unitsOver } from './units.ts';
import { computeMetrics } from './current.ts';
import { medicallyStableList } from './medicallyStable.ts';
import { acuteSinceJoining } from './hospitalUse.ts';
import { registeredPeople } from './register.ts';
import { series } from './series.ts';

const KEY = { id: 'test', source: 'community-spec', orgs: null };
const PRACTICE = 'rutland-omp';
const UNIT = 'rutland-ics';
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 0, day, hour));
const ev = (type: string, day: number, body: Record<string, unknown> = {}, id = `${type}-${day}`) =>
	({ id, type, at: at(day), body }) as CommunityEvent;

describe('a person on the register', () => {
	it('is registered from joining to leaving, in the tier of their latest joining, with a plan from its agreement', () => {
		const { spans, points } = registerEpisodes([
			ev('care_plan_agreed', 3), // before joining: not this episode's plan
			ev('register_removed', 20, { reason: 'completed' }),
			ev('register_added', 5, { tier: 'high' }),
			ev('register_added', 10, { tier: 'very_high' }), // re-stratified
			ev('care_plan_agreed', 12),
			ev('mdt_review', 15)
		]);
		expect(spans).toEqual([
			{ metric: 'registered_high', start: at(5), end: at(10) },
			{ metric: 'registered', start: at(5), end: at(20) },
			{ metric: 'registered_very_high', start: at(10), end: at(20) },
			{ metric: 'registered_with_plan', start: at(12), end: at(20) }
		]);
		expect(points.map((p) => p.metric)).toEqual([
			'registered_joined',
			'care_plans_agreed',
			'mdt_reviews',
			'registered_left'
		]);
	});

	it('lives in one care home at a time', () => {
		expect(
			residency([
				ev('care_home_entered', 2, { careHome: 'ch-a', beds: 40 }),
				ev('care_home_entered', 6, { careHome: 'ch-b', beds: 20 }),
				ev('care_home_left', 9, { careHome: 'ch-b' })
			])
		).toEqual([
			{ home: 'ch-a', start: at(2), end: at(6) },
			{ home: 'ch-b', start: at(6), end: at(9) }
		]);
	});
});

describe('a stay in intermediate care', () => {
	it('occupies a bed from admission to the first discharge after it, whichever arrived first', () => {
		const stay = icStay([
			ev('ic_discharge', 9, { outcome: 'home' }),
			ev('ic_admission', 4, { step: 'down' })
		]);
		expect(stay.spans).toEqual([
			{ metric: 'ic_occupied', start: at(4), end: at(9) },
			{ metric: 'ic_occupied_step_down', start: at(4), end: at(9) }
		]);
		expect(stay.points.map((p) => p.metric)).toEqual([
			'ic_admissions',
			'ic_step_down',
			'ic_discharges',
			'ic_outcome_home'
		]);
		expect(icStay([ev('ic_discharge', 9, { outcome: 'home' })])).toEqual({ spans: [], points: [] });
	});

	it('counts a unit’s beds from each ic_beds to the next, one interval a bed', () => {
		const beds = unitBeds([ev('ic_beds', 8, { beds: 3 }, 'b2'), ev('ic_beds', 1, { beds: 2 }, 'b1')]);
		expect(beds.map((b) => [b.ref, b.start.getUTCDate(), b.end?.getUTCDate() ?? null])).toEqual([
			['beds:b1#0', 1, 8],
			['beds:b1#1', 1, 8],
			['beds:b2#0', 8, null],
			['beds:b2#1', 8, null],
			['beds:b2#2', 8, null]
		]);
	});
});

/** The events, as a source would post them. */
const person = (
	id: string,
	type: string,
	day: number,
	patient: string,
	extra: Record<string, unknown> = {}
) => ({
	id,
	type,
	occurredAt: at(day).toISOString(),
	site: PRACTICE,
	patient,
	...extra
});
const unit = (id: string, type: string, day: number, extra: Record<string, unknown>) => ({
	id,
	type,
	occurredAt: at(day).toISOString(),
	site: UNIT,
	...extra
});
const EVENTS = [
	person('r1', 'register_added', 2, 'p1', { tier: 'very_high' }),
	person('r2', 'register_added', 2, 'p2', { tier: 'high' }),
	person('r3', 'register_added', 3, 'p3', { tier: 'moderate' }),
	person('r4', 'register_added', 6, 'p4', { tier: 'high' }),
	person('c1', 'care_plan_agreed', 4, 'p1'),
	person('c2', 'care_plan_agreed', 5, 'p2'),
	person('m1', 'mdt_review', 7, 'p1'),
	person('x3', 'register_removed', 8, 'p3', { reason: 'moved' }),
	person('h1', 'care_home_entered', 3, 'p2', { careHome: 'ch-oak', beds: 30 }),
	unit('b1', 'ic_beds', 1, { beds: 8 }),
	unit('s1a', 'ic_admission', 2, { stay: 's1', patient: 'p1', step: 'down' }),
	unit('s2a', 'ic_admission', 3, { stay: 's2', patient: 'p5', step: 'up' }),
	unit('s3a', 'ic_admission', 4, { stay: 's3', patient: 'p6', step: 'down' }),
	unit('s1d', 'ic_discharge', 6, { stay: 's1', outcome: 'home' })
];

for (const backend of await backends()) {
	describe(`community figures on ${backend}`, () => {
		let store: TestStore;
		const now = new Date('2026-01-10T00:00:00Z');
		beforeAll(async () => {
			store = await testStore(backend);
			// the second half first, then the first, each in a batch of its own
			const result = await ingest(store.db, KEY, EVENTS.slice(7).reverse(), { now });
			const first = await ingest(store.db, KEY, EVENTS.slice(0, 7), { now });
			expect(result.rejected + first.rejected).toBe(0);
		});
		afterAll(() => store?.drop());

		const figures = async (org: string, day: number) =>
			(await computeMetrics(store.db, [org], at(day, 12))).get(org)!;

		it('counts the register by tier, with care plans, at the practice and every organisation above it', async () => {
			expect(await figures(PRACTICE, 5)).toMatchObject({
				registered: 3,
				registered_very_high: 1,
				registered_high: 1,
				registered_moderate: 1,
				registered_low: 0,
				registered_with_plan_pct: 66.7
			});
			// p3 left on the 8th, p4 joined on the 6th
			for (const org of [PRACTICE, 'ccg-elr', 'hwb-rutland', 'llr'])
				expect(await figures(org, 9), org).toMatchObject({
					registered: 3,
					registered_moderate: 0,
					registered_high: 2,
					registered_with_plan_pct: 66.7,
					care_home_residents: 1
				});
			// the acute figures of the system are untouched
			expect((await figures('llr', 9)).inpatients).toBe(0);
		});

		it('gives a unit’s occupancy of its beds, and no figure where no beds were sent', async () => {
			expect(await figures(UNIT, 5)).toMatchObject({ ic_occupied: 3, ic_beds: 8, ic_occupancy_pct: 37.5 });
			expect(await figures(UNIT, 7)).toMatchObject({ ic_occupied: 2, ic_occupancy_pct: 25 });
			expect(await figures('leics-virtual-wards', 7)).toMatchObject({ ic_beds: 0, ic_occupancy_pct: null });
		});

		it('sums a unit’s stays over a period: step down and up, discharges, mean stay, outcomes, beds', async () => {
			const [unit, ...others] = await unitsOver(store.db, 'ccg-elr', at(1, 0), at(10, 0));
			expect(others).toEqual([]);
			expect(unit).toEqual({
				unit: UNIT,
				name: expect.stringContaining('Intensive Community Support'),
				beds: 8,
				admissions: 3,
				stepDown: 2,
				stepUp: 1,
				discharges: 1,
				meanStayDays: 4,
				outcomes: { home: 1 }
			});
		});

		it('charts step-down against step-up, and joinings, over a period', async () => {
			const [week] = await series(store.db, {
				org: UNIT,
				metric: 'ic_step_down_pct',
				from: at(1, 0),
				to: at(8, 0),
				bucket: 'week',
				now
			});
			expect(week.value).toBe(66.7); // two of three stepped down
			const days = await series(store.db, {
				org: PRACTICE,
				metric: 'registered',
				from: at(1, 0),
				to: at(10, 0),
				bucket: 'day',
				now
			});
			expect(days.map((d) => d.value)).toEqual([null, 2, 3, 3, 3, 4, 4, 3, 3]);
		});

		it('links a registered person to the hospitals by pseudonym: in hospital now, and since joining', async () => {
			await ingest(
				store.db,
				KEY,
				[
					{
						id: 'acute-p2',
						type: 'admission',
						occurredAt: at(8).toISOString(),
						site: 'leicester-royal',
						spell: 'sp-p2',
						patient: 'p2',
						method: 'emergency'
					},
					{
						id: 'msl-p2',
						type: 'medically_stable',
						occurredAt: at(9).toISOString(),
						site: 'leicester-royal',
						spell: 'sp-p2'
					},
					{
						id: 'ae-p2',
						type: 'ae_attendance',
						occurredAt: at(1).toISOString(),
						site: 'leicester-royal',
						attendance: 'att-p2',
						patient: 'p2'
					}
				],
				{ now }
			);
			const people = await registeredPeople(store.db, [PRACTICE], at(9, 12));
			const linked = await acuteSinceJoining(store.db, people, at(9, 12));
			// p2 joined on the 2nd: the attendance on the 1st was before, the admission on the 8th since
			expect(linked.get('p2')).toEqual({
				inHospital: 'Leicester Royal Infirmary',
				admissions: 1,
				attendances: 0,
				since: at(2).toISOString()
			});
			expect(linked.get('p1')).toEqual({
				inHospital: null,
				admissions: 0,
				attendances: 0,
				since: at(2).toISOString()
			});
			// the hospital's medically stable list says p2 is case-managed, and by which practice
			const list = await medicallyStableList(store.db, { code: 'leicester-royal', kind: 'site' }, at(9, 12));
			expect(list.map((s) => [s.spell, s.caseManagedBy])).toEqual([['sp-p2', 'OMP (Rutland GP practice)']]);
			// p1 joined on the 2nd with an MDT review on the 7th: the 3-month review is not due yet
			expect(people.find((p) => p.patient === 'p1')!.milestones[3]).toBe('later');
		});

		it('refuses a register event away from a practice, and a hospital event at one, naming the field', async () => {
			const result = await ingest(
				store.db,
				KEY,
				[
					{ ...person('bad1', 'register_added', 9, 'p9', { tier: 'high' }), site: 'medway-maritime' },
					{
						id: 'bad2',
						type: 'admission',
						occurredAt: at(9).toISOString(),
						site: PRACTICE,
						spell: 'sp1',
						patient: 'p9',
						method: 'emergency'
					},
					person('bad3', 'register_added', 9, 'p9', { tier: 'extreme' }),
					unit('bad4', 'ic_admission', 9, { stay: 's9', patient: 'p9', step: 'sideways' }),
					unit('bad5', 'ic_beds', 9, { beds: -1 }),
					person('bad6', 'outcome_score', 9, 'p1', { score: 5 })
				],
				{ now }
			);
			expect(result.results.map((r) => r.errors?.[0])).toEqual([
				{ field: 'site', reason: 'is not a GP practice (a register_added is sent by the practice)' },
				{ field: 'site', reason: 'is a GP practice, not a site (a practice sends only register events)' },
				{ field: 'tier', reason: 'must be one of very_high, high, moderate, low' },
				{ field: 'step', reason: 'must be one of up, down' },
				{ field: 'beds', reason: 'must be a whole number 0–1000' },
				{ field: 'score', reason: 'must be a whole number 10–100' }
			]);
		});
	});
}
