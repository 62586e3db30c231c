// The community half of the simulation (ingest contract v3): Rutland's four practices and their case-management
// register, care-home residents, and the intermediate care units and virtual wards. Its own random source and
// agenda, so the acute model draws exactly what it drew before; what it asks of the hospitals (a registered
// person's emergency arrivals at Leicester Royal) it hands to the acute model, which draws the spell.
//
// The register and the care homes have a year's past before the epoch, so a new demo opens on a caseload already
// under way (simulator/run.ts posts it first); the hospitals start at the epoch, so a registered person's emergency
// arrivals are only drawn from then on.
//
// Calibration, from the documents where they say, the model's own assumption where they do not:
// - joinings: the co-ordinator's indicative caseload of 20 new people a month (RS-01); the model runs at 18;
// - formal reviews at 3 and 6 months, discharge from the programme at 12 (Rutland UP4), MDT monthly;
// - risk tiers and emergency admission rates of the ICS paper's pyramid (very high 1,170, high 346, moderate 107 a
//   year per 1,000 people); after joining the model lowers them by 30%, the reduction the schemes aim at;
// - Rutland's Intensive Community Support has 8 virtual beds (REAB-06); the Virtual Wards' occupancy target is 90%
//   from 82% (RS-05) and they run at 84%; Westbrook House supports people 6–8 weeks after discharge;
// - list sizes (about 38,000 people in Rutland), the Virtual Wards' and Westbrook's beds, the care homes and their
//   beds are the model's: the documents give none.
import { Agenda } from './agenda.ts';
import { Random } from './random.ts';
import type { SimEventBody } from './model.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTH = 30.44 * DAY;

const PRACTICES: [string, number][] = [
	['rutland-omp', 11_200],
	['rutland-practice-b', 9_400],
	['rutland-practice-c', 7_900],
	['rutland-practice-d', 9_600]
];
const JOINS_PER_MONTH = 18;
const TIERS: [string, number][] = [
	['very_high', 0.3],
	['high', 0.5],
	['moderate', 0.2]
];
/** emergency admissions a person a year, by tier (the ICS paper's per-1,000 rates) */
const ADMISSION_RATE: Record<string, number> = { very_high: 1.17, high: 0.346, moderate: 0.107, low: 0.032 };
const AFTER_JOINING = 0.7;

const UNITS = [
	{ site: 'rutland-ics', beds: 8, medianDays: 9, occupancy: 0.86, stepDown: 0.4 },
	{ site: 'leics-virtual-wards', beds: 40, medianDays: 11, occupancy: 0.84, stepDown: 0.45 },
	{ site: 'westbrook-house', beds: 12, medianDays: 45, occupancy: 0.88, stepDown: 0.95 }
];
const OUTCOMES: [string, number][] = [
	['home', 0.76],
	['readmitted', 0.1],
	['long_term_care', 0.08],
	['died', 0.04],
	['other', 0.02]
];

/** the care homes around Leicester Royal, by the codes the acute model gives their residents' admissions */
const CARE_HOMES: [string, number][] = [
	['ch-leicester-royal-a', 32],
	['ch-leicester-royal-b', 45],
	['ch-leicester-royal-c', 60],
	['ch-leicester-royal-d', 28],
	['ch-leicester-royal-e', 40],
	['ch-leicester-royal-f', 52]
];

type Entry = { t: number } & (
	| { kind: 'emit'; event: SimEventBody }
	| { kind: 'candidate' }
	| { kind: 'ic'; unit: (typeof UNITS)[number] }
	| { kind: 'resident'; home: string; beds: number; practice: string }
	| { kind: 'freed'; site: string }
);

/** An emergency arrival the acute model is to admit: a registered person's, at their hospital. */
export interface AcuteArrival {
	t: number;
	site: string;
	patient: string;
}

export class CommunityModel {
	#random: Random;
	#agenda = new Agenda<Entry>();
	#occupied = new Map<string, number>();
	#arrivals: AcuteArrival[] = [];

	#epoch: number;

	constructor(seed: number, epoch: number, historyDays = 365) {
		this.#random = new Random((seed ^ 0x5bd1e995) >>> 0);
		this.#epoch = epoch;
		const start = epoch - historyDays * DAY;
		PRACTICES.forEach(([practice, listSize], i) =>
			this.#emit(start + i * 60_000, { type: 'practice_list', site: practice, listSize })
		);
		UNITS.forEach((unit, i) => {
			this.#emit(epoch + i * 60_000, { type: 'ic_beds', site: unit.site, beds: unit.beds });
			// a unit starts near its usual occupancy rather than empty
			for (let n = 0; n < Math.round(unit.beds * unit.occupancy * 0.9); n++)
				this.#stay(unit, epoch + HOUR + n * 60_000, this.#random.between(0.05, 1));
			this.#scheduleStay(unit, epoch);
		});
		CARE_HOMES.forEach(([home, beds], i) => {
			const practice = PRACTICES[i % PRACTICES.length][0];
			for (let n = 0; n < Math.round(beds * 0.9); n++)
				this.#agenda.push({
					t: start + this.#random.between(0, historyDays) * DAY,
					kind: 'resident',
					home,
					beds,
					practice
				});
		});
		this.#scheduleCandidate(start);
	}

	/** The community events up to `until`, and the acute arrivals they ask for, in time order. */
	advance(until: number): { events: { t: number; event: SimEventBody }[]; arrivals: AcuteArrival[] } {
		const events: { t: number; event: SimEventBody }[] = [];
		while (this.#agenda.size && this.#agenda.peek().t <= until) {
			const item = this.#agenda.pop()!;
			if (item.kind === 'emit') events.push({ t: item.t, event: item.event });
			else if (item.kind === 'candidate') {
				this.#candidate(item.t);
				this.#scheduleCandidate(item.t);
			} else if (item.kind === 'ic') {
				this.#stay(item.unit, item.t, 1);
				this.#scheduleStay(item.unit, item.t);
			} else if (item.kind === 'freed')
				this.#occupied.set(item.site, (this.#occupied.get(item.site) ?? 1) - 1);
			else this.#resident(item.home, item.beds, item.practice, item.t);
		}
		const arrivals = this.#arrivals.filter((a) => a.t <= until);
		this.#arrivals = this.#arrivals.filter((a) => a.t > until);
		return { events, arrivals };
	}

	#emit(t: number, event: SimEventBody) {
		this.#agenda.push({ t: Math.round(t), kind: 'emit', event });
	}

	// people at risk are found at JOINS_PER_MONTH a month; each joins some weeks after being found
	#scheduleCandidate(from: number) {
		this.#agenda.push({ t: from + this.#random.exponential(MONTH / JOINS_PER_MONTH), kind: 'candidate' });
	}

	#candidate(found: number) {
		const r = this.#random;
		const practice = r.pick(PRACTICES);
		const patient = r.pseudonym('pt');
		let tier = r.pick(TIERS);
		const joined = found + r.between(30, 120) * DAY;
		const person = { site: practice, patient };
		const removedAt = r.chance(0.06)
			? joined + r.between(10, 360) * DAY
			: r.chance(0.04)
				? joined + r.between(30, 300) * DAY
				: joined + 365 * DAY;
		const reason = removedAt === joined + 365 * DAY ? 'completed' : r.chance(0.6) ? 'died' : 'moved';
		// emergency arrivals from being found to six months after leaving, fewer once on the register
		for (let t = found; t < removedAt + 180 * DAY;) {
			const rate = ADMISSION_RATE[tier] * (t >= joined && t < removedAt ? AFTER_JOINING : 1);
			t += r.exponential((365 * DAY) / rate);
			if (t >= this.#epoch && t < removedAt + 180 * DAY && (reason !== 'died' || t < removedAt))
				this.#arrivals.push({ t, site: 'leicester-royal', patient });
		}
		this.#arrivals.sort((a, b) => a.t - b.t);
		const within = (t: number) => t < removedAt;
		this.#emit(joined, { type: 'register_added', ...person, tier });
		if (r.chance(0.9)) {
			const agreed = joined + r.between(5, 25) * DAY;
			if (within(agreed)) this.#emit(agreed, { type: 'care_plan_agreed', ...person });
		}
		let score = Math.round(r.between(35, 60));
		for (const months of [0, 3, 6]) {
			const due = joined + months * MONTH;
			// the first MDT within the month of joining; the formal reviews at 3 and 6 months, some late
			const mdt =
				months === 0
					? joined + r.between(7, 30) * DAY
					: due + (r.chance(0.85) ? r.between(-10, 10) : r.between(20, 60)) * DAY;
			if (within(mdt)) {
				this.#emit(mdt, { type: 'mdt_review', ...person });
				if (months) this.#emit(mdt + HOUR, { type: 'care_plan_reviewed', ...person });
				this.#emit(mdt + 2 * HOUR, { type: 'outcome_score', ...person, score: Math.min(100, score) });
				score += Math.round(r.between(-2, 12));
			}
			if (months === 3 && within(mdt) && r.chance(0.15)) {
				tier = tier === 'very_high' ? 'high' : r.chance(0.5) ? 'very_high' : 'moderate';
				this.#emit(mdt + 3 * HOUR, { type: 'register_added', ...person, tier });
			}
		}
		for (let t = joined + r.exponential(10 * DAY); within(t); t += r.exponential(10 * DAY))
			this.#emit(t, { type: 'coordinator_contact', ...person });
		this.#emit(removedAt, { type: 'register_removed', ...person, reason });
	}

	#scheduleStay(unit: (typeof UNITS)[number], from: number) {
		const perDay = (unit.beds * unit.occupancy) / (unit.medianDays * 1.12);
		this.#agenda.push({ t: from + this.#random.exponential(DAY / perDay), kind: 'ic', unit });
	}

	/** A stay of `share` of its full length (a stay already under way when the model starts is part done). */
	#stay(unit: (typeof UNITS)[number], t: number, share: number) {
		const r = this.#random;
		const occupied = this.#occupied.get(unit.site) ?? 0;
		if (occupied >= unit.beds) return; // full: the referral goes elsewhere
		this.#occupied.set(unit.site, occupied + 1);
		const stay = r.pseudonym('ic');
		const days = Math.max(1, r.logNormal(unit.medianDays, 0.45)) * share;
		const on = { site: unit.site, stay };
		this.#emit(t, {
			type: 'ic_admission',
			...on,
			patient: r.pseudonym('pt'),
			step: r.chance(unit.stepDown) ? 'down' : 'up'
		});
		this.#emit(t + days * DAY, { type: 'ic_discharge', ...on, outcome: r.pick(OUTCOMES) });
		this.#agenda.push({ t: t + days * DAY, kind: 'freed', site: unit.site });
	}

	#resident(home: string, beds: number, practice: string, t: number) {
		const r = this.#random;
		const patient = r.pseudonym('pt');
		const person = { site: practice, patient, careHome: home };
		this.#emit(t, { type: 'care_home_entered', ...person, beds });
		const left = t + r.exponential(2 * 365 * DAY);
		this.#emit(left, { type: 'care_home_left', ...person });
		// the bed is taken again a week or two later
		this.#agenda.push({ t: left + r.between(3, 14) * DAY, kind: 'resident', home, beds, practice });
	}
}
