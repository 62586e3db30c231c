// A discrete-event model of patient flow through the real sites: arrivals by hour and weekday, assessment-unit
// stays, clinical recovery to medically stable, discharge planning, delays by reason and attribution, IDT reviews
// in A&E that avoid admissions, discharges shaped by the discharge teams' hours and the weekend. Deterministic for a
// seed and an epoch, so a restarted simulator replays its past exactly and posts only what is new.
import { londonFields, londonMidnight } from '../time.ts';
import { Agenda } from './agenda.ts';
import { Random } from './random.ts';
import {
	ARRIVAL_BY_HOUR,
	ARRIVAL_BY_WEEKDAY,
	MAX_ARRIVAL_FACTOR,
	DISCHARGE_BY_HOUR,
	EDD_SET_SHARE,
	CLINICAL_MEDIAN_DAYS,
	PATHWAYS,
	DELAYS,
	CARE_HOME_SHARE,
	DESTINATION,
	type AgeBand
} from './calibration.ts';
import { CommunityModel } from './community.ts';
import { SITE_PROFILES, type SiteProfile } from './sites.ts';

/** An event as the model draws it, before it gets its id and time. */
export interface SimEventBody {
	type: string;
	site: string;
	[field: string]: unknown;
}

export type SimEvent = SimEventBody & { id: string; occurredAt: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Entry = { t: number } & (
	| { kind: 'emit'; event: SimEventBody }
	| { kind: 'arrival'; profile: SiteProfile; patient: string | null }
	| { kind: 'review'; profile: SiteProfile }
	| { kind: 'rota'; profile: SiteProfile }
);
export class Simulation {
	readonly seed: number;
	readonly epoch: number;
	#random: Random;
	#agenda = new Agenda<Entry>();
	#counter = 0;
	#now: number;
	#profiles: SiteProfile[];
	#community: CommunityModel | null;

	/** `community`: run the practices, care homes and units too (contract v3); by default with the real sites */
	constructor(
		seed: number,
		epoch: Date,
		profiles: SiteProfile[] = SITE_PROFILES,
		community = profiles === SITE_PROFILES
	) {
		this.seed = seed;
		this.epoch = epoch.getTime();
		this.#now = this.epoch;
		this.#profiles = profiles;
		this.#random = new Random(seed);
		this.#community = community ? new CommunityModel(seed, this.epoch) : null;
		for (const profile of profiles) {
			this.#scheduleArrival(profile, this.epoch);
			if (profile.aeReviewsPerDay > 0) this.#scheduleReview(profile, this.epoch);
			if (profile.aeReviewsPerDay > 0) this.#scheduleRota(profile, this.epoch);
		}
	}

	/** The simulated clock: every event up to it has been produced. */
	get now() {
		return this.#now;
	}

	/** Runs the model to `until` and returns the events that happened, in time order. */
	advance(until: Date): SimEvent[] {
		const out: SimEvent[] = [];
		const end = until.getTime();
		// the community's events, and its registered people's emergency arrivals for the acute model to admit
		if (this.#community) {
			const { events, arrivals } = this.#community.advance(end);
			for (const e of events) this.#agenda.push({ t: e.t, kind: 'emit', event: e.event });
			for (const a of arrivals) {
				const profile = this.#profiles.find((p) => p.site === a.site);
				if (profile) this.#agenda.push({ t: a.t, kind: 'arrival', profile, patient: a.patient });
			}
		}
		while (this.#agenda.size && this.#agenda.peek().t <= end) {
			const item = this.#agenda.pop()!;
			if (item.kind === 'emit') {
				out.push({
					id: `s${this.seed.toString(36)}-${++this.#counter}`,
					occurredAt: new Date(item.t).toISOString(),
					...item.event
				});
			} else if (item.kind === 'arrival') {
				this.#admit(item.profile, item.t, item.patient);
				if (!item.patient) this.#scheduleArrival(item.profile, item.t);
			} else if (item.kind === 'rota') {
				this.#rota(item.profile, item.t);
			} else {
				this.#review(item.profile, item.t);
				this.#scheduleReview(item.profile, item.t);
			}
		}
		this.#now = Math.max(this.#now, end);
		return out;
	}

	#emit(t: number, event: SimEventBody) {
		this.#agenda.push({ t: Math.round(t), kind: 'emit', event });
	}

	// Arrivals are a Poisson process thinned by hour of day and weekday.
	#scheduleArrival(profile: SiteProfile, from: number) {
		const maxRate = (profile.admissionsPerDay / 24) * MAX_ARRIVAL_FACTOR;
		for (let t = from; ;) {
			t += this.#random.exponential(HOUR / maxRate);
			const f = londonFields(new Date(t));
			const weekday = (new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay() + 6) % 7;
			if (this.#random.chance((ARRIVAL_BY_HOUR[f.hour] * ARRIVAL_BY_WEEKDAY[weekday]) / MAX_ARRIVAL_FACTOR)) {
				this.#agenda.push({ t, kind: 'arrival', profile, patient: null });
				return;
			}
		}
	}

	// IDT reviews in A&E happen in the team's hours: 8-8 on weekdays, 8-4 at weekends.
	#scheduleReview(profile: SiteProfile, from: number) {
		const rate = profile.aeReviewsPerDay / 11;
		for (let t = from; ;) {
			t += this.#random.exponential(HOUR / rate);
			const { hour, weekend } = this.#local(t);
			if (hour >= 8 && hour < (weekend ? 16 : 20)) {
				this.#agenda.push({ t, kind: 'review', profile });
				return;
			}
		}
	}

	// The GP in A&E works the IDT's hours, a session a day: on and off duty (contract v2), for ADM-15's hours.
	#scheduleRota(profile: SiteProfile, from: number) {
		for (let day = 0; ; day++) {
			const f = this.#local(from + day * DAY);
			// eight hours after midnight is 07:00 or 09:00 on a clock-change day: set it right
			const guess = londonMidnight(f.year, f.month, f.day).getTime() + 8 * HOUR;
			const eight = guess + (8 - this.#local(guess).hour) * HOUR;
			if (eight > from) {
				this.#agenda.push({ t: eight, kind: 'rota', profile });
				return;
			}
		}
	}

	#rota(profile: SiteProfile, t: number) {
		const session = `gp-${profile.site}-${Math.floor(t / DAY)}`;
		this.#emit(t, { type: 'gp_on_duty', site: profile.site, session });
		this.#emit(t + (this.#local(t).weekend ? 8 : 12) * HOUR, {
			type: 'gp_off_duty',
			site: profile.site,
			session
		});
		this.#scheduleRota(profile, t + HOUR);
	}

	#local(t: number) {
		const f = londonFields(new Date(t));
		const weekday = (new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay() + 6) % 7;
		return { ...f, weekday, weekend: weekday >= 5 };
	}

	#review(profile: SiteProfile, t: number) {
		const r = this.#random;
		const avoided = r.chance(profile.avoidedShare);
		const attendance = r.pseudonym('ae');
		const fromCareHome = r.chance(0.05);
		// the review comes some time after the person arrives in A&E
		this.#emit(t, {
			type: 'ae_attendance',
			site: profile.site,
			attendance,
			arrivedFrom: fromCareHome ? 'care_home' : 'usual_residence',
			...(fromCareHome ? { careHome: `ch-${profile.site}-${'abcdefghijkl'[Math.floor(r.next() * 12)]}` } : {})
		});
		this.#emit(t + r.between(0.5, 3) * HOUR, {
			type: 'ae_assessment',
			site: profile.site,
			attendance,
			seenBy: r.chance(0.25) ? 'idt_gp' : 'idt',
			outcome: avoided ? 'avoided' : 'admitted'
		});
	}

	/** The next moment the discharge team discharges after `ready`: its hours, fewer at weekends. */
	#dischargeSlot(ready: number): number {
		const r = this.#random;
		for (let day = 0; day < 14; day++) {
			const base = this.#local(ready + day * DAY);
			const midnight = londonMidnight(base.year, base.month, base.day).getTime();
			if (base.weekend && r.chance(0.4)) continue; // weekend discharges fall short (DIS-11)
			const last = base.weekend ? 15 : 19;
			const earliest = day === 0 ? Math.floor((ready - midnight) / HOUR) + 1 : 8;
			const hours = Object.entries(DISCHARGE_BY_HOUR)
				.map(([h, w]) => [Number(h), w] as [number, number])
				.filter(([h]) => h >= Math.max(8, earliest) && h <= last);
			if (!hours.length) continue;
			return midnight + r.pick(hours) * HOUR + r.between(0, 59) * 60_000;
		}
		return ready + DAY;
	}

	#admit(profile: SiteProfile, arrived: number, returning: string | null) {
		const r = this.#random;
		const site = profile.site;
		const spell = r.pseudonym('sp');
		const patient = returning ?? r.pseudonym('pt');
		const age = r.pick<AgeBand>([
			['18-64', 0.25],
			['65-74', 0.2],
			['75-84', 0.3],
			['85+', 0.25]
		]);
		const dementia = r.chance({ '18-64': 0.02, '65-74': 0.08, '75-84': 0.2, '85+': 0.3 }[age]);
		const elective = r.chance(0.1);
		// contract v2: where they came from; an emergency admission comes through A&E, its attendance first
		const from = elective || !r.chance(CARE_HOME_SHARE[age]) ? 'usual_residence' : 'care_home';
		const careHome =
			from === 'care_home' ? `ch-${profile.site}-${'abcdefghijkl'[Math.floor(r.next() * 12)]}` : null;
		const where = { from, ...(careHome ? { careHome } : {}) };
		// an emergency admission is decided in A&E some hours after the attendance; an elective one is booked
		const a = elective ? arrived : arrived + r.between(1, 4) * HOUR;
		const baseWard =
			age === '75-84' || age === '85+'
				? r.pick(profile.wards.map((w, i) => [w, i < 2 ? 3 : 1] as [string, number]))
				: r.pick(profile.wards.map((w) => [w, 1] as [string, number]));
		const firstWard = profile.assessmentUnit && !elective ? profile.assessmentUnit : baseWard;
		const on = { site, spell };
		// the journey is drawn whole, then nothing after the discharge is sent
		const journey: [number, SimEventBody][] = [];
		const plan = (t: number, event: SimEventBody) => journey.push([t, event]);
		const send = (dischargedAt: number) => {
			for (const [t, event] of journey)
				if (t < dischargedAt || event.type === 'discharge') this.#emit(t, event);
		};

		plan(a, {
			type: 'admission',
			...on,
			patient,
			ward: firstWard,
			method: elective ? 'elective' : 'emergency',
			ageBand: age,
			dementia,
			...where
		});
		if (!elective)
			this.#emit(arrived, {
				type: 'ae_attendance',
				site,
				attendance: r.pseudonym('ae'),
				patient,
				arrivedFrom: from,
				...(careHome ? { careHome } : {}),
				ageBand: age
			});
		if (firstWard !== baseWard)
			plan(a + Math.min(72, Math.max(4, r.logNormal(20, 0.5))) * HOUR, {
				type: 'ward_transfer',
				...on,
				ward: baseWard
			});

		const clinical = (0.3 + r.logNormal(CLINICAL_MEDIAN_DAYS[age], 0.85)) * DAY;
		// most EDDs are set on the take, some a day or more later (DIS-02 counts those within 24 hours)
		if (r.chance(EDD_SET_SHARE)) {
			const edd = this.#local(a + clinical * r.between(0.7, 1.2));
			plan(a + r.between(2, 30) * HOUR, {
				type: 'expected_discharge_date',
				...on,
				edd: `${edd.year}-${String(edd.month).padStart(2, '0')}-${String(edd.day).padStart(2, '0')}`
			});
		}
		if (r.chance(age === '85+' ? 0.06 : 0.03)) {
			plan(a + clinical * 0.8, { type: 'discharge', ...on, destination: 'died' });
			send(a + clinical * 0.8);
			return;
		}

		let stable = a + clinical;
		plan(stable, { type: 'medically_stable', ...on });
		if (r.chance(0.05)) {
			const revoked = stable + r.between(6, 36) * HOUR;
			plan(revoked, { type: 'medically_stable_revoked', ...on });
			stable = revoked + r.between(1, 3) * DAY;
			plan(stable, { type: 'medically_stable', ...on });
		}

		const pathway = r.pick(PATHWAYS[age]);
		const planned = r.chance(0.4)
			? a + (stable - a) * r.between(0.3, 0.9)
			: r.chance(0.85)
				? stable + r.between(1, 48) * HOUR
				: null;
		if (planned !== null) plan(planned, { type: 'discharge_plan', ...on, pathway });

		let ready = stable + (pathway === 0 ? r.between(2, 20) : r.between(6, 24)) * HOUR;
		const delay = DELAYS[pathway];
		if (r.chance(delay.chance)) {
			const [reason, attribution] = r.pick(delay.reasons);
			const start = ready;
			ready = start + Math.max(0.1, r.logNormal(delay.medianDays, 0.8)) * DAY;
			plan(start, { type: 'delay_started', ...on, reason, attribution });
			plan(ready, { type: 'delay_ended', ...on });
		}
		const discharged = Math.max(this.#dischargeSlot(ready), (planned ?? 0) + HOUR);
		plan(discharged, {
			type: 'discharge',
			...on,
			destination: r.chance(0.03) ? 'hospice' : DESTINATION[pathway]
		});
		send(discharged);

		// some patients come back: a readmission within 30 days is what READ-02/03 count
		if (r.chance(0.08)) {
			this.#agenda.push({
				t: discharged + Math.min(45 * DAY, r.exponential(10 * DAY)) + HOUR,
				kind: 'arrival',
				profile,
				patient
			});
		}
	}
}
