// The metrics engine against the oracle, on random event streams arriving shuffled and in random batches,
// around both DST nights, on every backend.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELAY_REASONS } from '../../catalogue.ts';
import { backends, clearEvents, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest } from '../ingest/ingest.ts';
import { IC_OUTCOMES, RISK_TIERS } from '../../community.ts';
import { AGE_BANDS, DESTINATIONS, ORIGINS } from '../ingest/validate.ts';
import { computeMetrics } from './current.ts';
import { oracleMetrics, type RawEvent } from '../../../../tests/oracle.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SITES = {
	'medway-maritime': ['medway-maritime.amu', 'medway-maritime.coe-a', 'medway-maritime.stroke'],
	'rutland-memorial': ['rutland-memorial.inpatient']
};
const KEY = { id: 'test', source: 'property', orgs: null };
const PRACTICES = ['rutland-omp', 'rutland-practice-b'];
const UNITS = ['rutland-ics', 'leics-virtual-wards'];

// windows that contain a spring-forward night (2026) and a fall-back night (2025)
const WINDOWS = [Date.UTC(2026, 2, 20), Date.UTC(2025, 9, 14)];

const spellArb = fc.record({
	site: fc.constantFrom(...(Object.keys(SITES) as (keyof typeof SITES)[])),
	patient: fc.integer({ min: 0, max: 5 }),
	admitOffset: fc.integer({ min: 0, max: 18 * DAY }),
	admitWard: fc.option(fc.nat(2), { nil: null }),
	dementia: fc.boolean(),
	method: fc.constantFrom('emergency', 'elective'),
	/** contract v2: where the patient came from */
	from: fc.option(fc.constantFrom(...ORIGINS), { nil: null }),
	ageBand: fc.option(fc.constantFrom(...AGE_BANDS), { nil: null }),
	destination: fc.constantFrom(...DESTINATIONS),
	/** an EDD set soon after admission (DIS-02), hours after it */
	earlyEdd: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
	stayLength: fc.option(fc.integer({ min: 1, max: 40 * DAY }), { nil: null }),
	steps: fc.array(
		fc.record({
			kind: fc.constantFrom(
				'ward_transfer',
				'medically_stable',
				'medically_stable_revoked',
				'discharge_plan',
				'delay_started',
				'delay_ended',
				'expected_discharge_date'
			),
			at: fc.integer({ min: -2 * HOUR, max: 40 * DAY }),
			n: fc.nat(20)
		}),
		{ maxLength: 8 }
	)
});

const streamArb = fc.record({
	window: fc.constantFrom(...WINDOWS),
	spells: fc.array(spellArb, { minLength: 1, maxLength: 10 }),
	assessments: fc.array(
		fc.record({
			at: fc.integer({ min: 0, max: 30 * DAY }),
			avoided: fc.boolean(),
			seenBy: fc.constantFrom('idt', 'idt_gp', 'other'),
			/** the attendance (contract v2) some hours before, and where from; null: the source sent none */
			attended: fc.option(
				fc.record({
					before: fc.integer({ min: 0, max: 6 * HOUR }),
					from: fc.constantFrom(...ORIGINS),
					/** a patient who may attend again within the week (READ-01) */
					patient: fc.option(fc.nat(3), { nil: null })
				}),
				{ nil: null }
			),
			site: fc.constantFrom(...Object.keys(SITES))
		}),
		{ maxLength: 6 }
	),
	/** the GP in A&E going on and off duty (contract v2): some sessions never end, some end before they begin */
	gpSessions: fc.array(
		fc.record({
			site: fc.constantFrom(...Object.keys(SITES)),
			on: fc.option(fc.integer({ min: 0, max: 30 * DAY }), { nil: null }),
			offs: fc.array(fc.integer({ min: -6 * HOUR, max: 20 * HOUR }), { maxLength: 2 }),
			/** sessions sharing a name at one site are one session */
			name: fc.nat(3)
		}),
		{ maxLength: 5 }
	),
	/** contract v3: people on two practices' registers, and what happens to them */
	people: fc.array(
		fc.record({
			practice: fc.constantFrom(...PRACTICES),
			patient: fc.nat(4),
			steps: fc.array(
				fc.record({
					kind: fc.constantFrom(
						'register_added',
						'register_removed',
						'care_plan_agreed',
						'mdt_review',
						'care_home_entered',
						'care_home_left'
					),
					at: fc.integer({ min: 0, max: 30 * DAY }),
					n: fc.nat(7)
				}),
				{ maxLength: 6 }
			)
		}),
		{ maxLength: 4 }
	),
	/** contract v3: stays in two units, some never admitted or discharged, and the units' beds */
	stays: fc.array(
		fc.record({
			unit: fc.constantFrom(...UNITS),
			admitted: fc.option(fc.integer({ min: 0, max: 30 * DAY }), { nil: null }),
			discharges: fc.array(fc.integer({ min: -3 * DAY, max: 20 * DAY }), { maxLength: 2 }),
			step: fc.constantFrom('up', 'down'),
			outcome: fc.constantFrom(...IC_OUTCOMES)
		}),
		{ maxLength: 5 }
	),
	beds: fc.array(
		fc.record({
			unit: fc.constantFrom(...UNITS),
			at: fc.integer({ min: 0, max: 30 * DAY }),
			beds: fc.nat(6)
		}),
		{ maxLength: 3 }
	),
	probes: fc.array(fc.integer({ min: 0, max: 45 * DAY }), { minLength: 3, maxLength: 6 }),
	seed: fc.integer(),
	batch: fc.integer({ min: 1, max: 12 })
});

type Stream = typeof streamArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(stream: Stream): RawEvent[] {
	const events: RawEvent[] = [];
	const iso = (ms: number) => new Date(ms).toISOString();
	const reasons = Object.keys(DELAY_REASONS);
	stream.spells.forEach((s, i) => {
		const wards = SITES[s.site];
		const spell = `sp${i}`;
		const admitted = stream.window + s.admitOffset;
		const discharged = s.stayLength === null ? null : admitted + s.stayLength;
		const base = { site: s.site, spell };
		events.push({
			id: `${spell}-a`,
			type: 'admission',
			occurredAt: iso(admitted),
			...base,
			patient: `pt${s.patient}`,
			method: s.method,
			dementia: s.dementia,
			...(s.from === null
				? {}
				: { from: s.from, ...(s.from === 'care_home' ? { careHome: `ch${s.patient % 2}` } : {}) }),
			...(s.ageBand === null ? {} : { ageBand: s.ageBand }),
			...(s.admitWard === null ? {} : { ward: wards[s.admitWard % wards.length] })
		});
		if (s.earlyEdd !== null && (discharged === null || admitted + s.earlyEdd * HOUR < discharged))
			events.push({
				id: `${spell}-e`,
				type: 'expected_discharge_date',
				occurredAt: iso(admitted + s.earlyEdd * HOUR),
				...base,
				edd: iso(admitted + (s.earlyEdd % 6) * DAY).slice(0, 10)
			});
		s.steps.forEach((step, j) => {
			const at = admitted + step.at;
			if (discharged !== null && at >= discharged) return;
			const id = `${spell}-${j}`;
			const extra =
				step.kind === 'ward_transfer'
					? { ward: wards[step.n % wards.length] }
					: step.kind === 'discharge_plan'
						? { pathway: step.n % 4 }
						: step.kind === 'delay_started'
							? {
									reason: reasons[step.n % reasons.length],
									attribution: ['nhs', 'social_care', 'both'][step.n % 3]
								}
							: step.kind === 'expected_discharge_date'
								? { edd: iso(at + step.n * DAY).slice(0, 10) }
								: {};
			events.push({ id, type: step.kind, occurredAt: iso(at), ...base, ...extra });
		});
		if (discharged !== null)
			events.push({
				id: `${spell}-d`,
				type: 'discharge',
				occurredAt: iso(discharged),
				...base,
				destination: s.destination
			});
	});
	stream.assessments.forEach((a, i) => {
		events.push({
			id: `ae${i}`,
			type: 'ae_assessment',
			occurredAt: iso(stream.window + a.at),
			site: a.site,
			attendance: `att${i}`,
			seenBy: a.seenBy,
			outcome: a.avoided ? 'avoided' : 'admitted'
		});
		if (a.attended)
			events.push({
				id: `att${i}`,
				type: 'ae_attendance',
				occurredAt: iso(stream.window + a.at - a.attended.before),
				site: a.site,
				attendance: `att${i}`,
				arrivedFrom: a.attended.from,
				...(a.attended.patient === null ? {} : { patient: `pt${a.attended.patient}` }),
				...(a.attended.from === 'care_home' ? { careHome: `ch${i % 3}` } : {})
			});
	});
	// each thing's events a millisecond apart at least, so no two of them share an instant
	stream.people.forEach((p, i) => {
		const base = { site: p.practice, patient: `pt${p.patient}` };
		p.steps.forEach((step, j) => {
			const extra =
				step.kind === 'register_added'
					? { tier: RISK_TIERS[step.n % 4] }
					: step.kind === 'register_removed'
						? { reason: 'completed' }
						: step.kind.startsWith('care_home')
							? { careHome: `home${step.n % 2}`, ...(step.kind === 'care_home_entered' ? { beds: 20 } : {}) }
							: {};
			events.push({
				id: `cm${i}-${j}`,
				type: step.kind,
				occurredAt: iso(stream.window + step.at + j),
				...base,
				...extra
			});
		});
	});
	stream.stays.forEach((st, i) => {
		const base = { site: st.unit, stay: `stay${i}` };
		const admitted = stream.window + (st.admitted ?? 0);
		if (st.admitted !== null)
			events.push({
				id: `ic${i}-a`,
				type: 'ic_admission',
				occurredAt: iso(admitted),
				...base,
				patient: `pt${i % 3}`,
				step: st.step
			});
		st.discharges.forEach((d, j) =>
			events.push({
				id: `ic${i}-d${j}`,
				type: 'ic_discharge',
				occurredAt: iso(admitted + d + j + 1),
				...base,
				outcome: st.outcome
			})
		);
	});
	stream.beds.forEach((b, i) =>
		events.push({
			id: `beds${i}`,
			type: 'ic_beds',
			occurredAt: iso(stream.window + b.at + i),
			site: b.unit,
			beds: b.beds
		})
	);
	stream.gpSessions.forEach((g, i) => {
		const base = { site: g.site, session: `gp${g.name}` };
		const on = stream.window + (g.on ?? 0);
		if (g.on !== null) events.push({ id: `gp${i}-on`, type: 'gp_on_duty', occurredAt: iso(on), ...base });
		g.offs.forEach((off, j) =>
			events.push({ id: `gp${i}-off${j}`, type: 'gp_off_duty', occurredAt: iso(on + off), ...base })
		);
	});
	return events;
}

function shuffle<T>(items: T[], seed: number): T[] {
	const out = [...items];
	let s = seed >>> 0 || 1;
	for (let i = out.length - 1; i > 0; i--) {
		s = (s * 1103515245 + 12345) >>> 0;
		const j = s % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

for (const backend of await backends()) {
	describe(`metrics engine on ${backend}`, () => {
		let store: TestStore;
		let orgs: { code: string; parent: string | null }[];
		beforeAll(async () => {
			store = await testStore(backend);
			orgs = await store.db.selectFrom('organisation').select(['code', 'parent']).execute();
		});
		afterAll(() => store?.drop());

		it('equals the oracle for shuffled arrival in random batches', async () => {
			await fc.assert(
				fc.asyncProperty(streamArb, async (stream) => {
					await clearEvents(store);
					const events = eventsOf(stream);
					const arrival = shuffle(events, stream.seed);
					const now = new Date();
					for (let i = 0; i < arrival.length; i += stream.batch) {
						const result = await ingest(store.db, KEY, arrival.slice(i, i + stream.batch), { now });
						expect(
							result.rejected,
							JSON.stringify(result.results.filter((r) => r.status === 'rejected'))
						).toBe(0);
					}
					// what the ingests stored and announced is the recomputation at their commit time
					const published = await store.db.selectFrom('metric_current').select(['org', 'metrics']).execute();
					const recomputed = oracleMetrics(events, orgs, now);
					expect(published.length).toBeGreaterThan(0);
					for (const row of published) expect(row.metrics, row.org).toEqual(recomputed.get(row.org));

					const instants = [
						...stream.probes.map((p) => stream.window + p),
						...events.map((e) => Date.parse(e.occurredAt))
					].slice(0, 12);
					for (const ms of instants) {
						const at = new Date(ms);
						const engine = await computeMetrics(store.db, null, at);
						const oracle = oracleMetrics(events, orgs, at);
						for (const org of [
							'kent-medway',
							'medway-maritime',
							'medway-maritime.amu',
							'medway-maritime.stroke',
							'rutland-memorial',
							'llr',
							...PRACTICES,
							...UNITS,
							'ccg-elr'
						]) {
							expect(engine.get(org), `${org} at ${at.toISOString()}`).toEqual(oracle.get(org));
						}
					}
				}),
				{ numRuns: backend === 'pglite' ? 40 : 25, endOnFailure: true }
			);
		});

		it('gives the same figures whether events arrive in order or reversed', async () => {
			const stream = fc.sample(streamArb, { numRuns: 1, seed: 42 })[0];
			const events = eventsOf(stream).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
			const at = new Date(stream.window + 20 * DAY);
			await clearEvents(store);
			await ingest(store.db, KEY, events);
			const inOrder = await computeMetrics(store.db, null, at);
			await clearEvents(store);
			for (const e of [...events].reverse()) await ingest(store.db, KEY, [e]);
			expect(await computeMetrics(store.db, null, at)).toEqual(inOrder);
		});
	});
}
