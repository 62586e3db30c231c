// Test oracle: catalogue v1, v2 and v3 figures recomputed straight from raw events by replaying each spell, person on
// a register and stay in a unit up to the instant, sharing nothing with the engine's interval machinery. Specs check
// the engine against it.
import type { MetricValues } from '../src/lib/types.ts';
import { londonDayStart, londonFields, londonHour, londonMidnight } from '../src/lib/server/time.ts';
import { toMetricValues } from '../src/lib/server/metrics/current.ts';
import { msKey } from '../src/lib/catalogue.ts';
import { COMMUNITY_TYPES } from '../src/lib/community.ts';

export interface RawEvent {
	id: string;
	type: string;
	occurredAt: string;
	site: string;
	spell?: string;
	[field: string]: unknown;
}

export interface OracleOrg {
	code: string;
	parent: string | null;
}

const DAY = 86_400_000;
/** the London calendar date of an instant as a day number, for "within a day of" */
const londonDayNumber = (ms: number) => {
	const f = londonFields(new Date(ms));
	return Date.UTC(f.year, f.month - 1, f.day) / DAY;
};
const isWeekend = (ms: number) => {
	const f = londonFields(new Date(ms));
	return [0, 6].includes(new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay());
};
const rank = (type: string) =>
	type === 'admission' ? 0 : type === 'ward_transfer' ? 1 : type === 'discharge' ? 9 : 5;

const COMMUNITY = new Set(COMMUNITY_TYPES);

const groupBy = (events: RawEvent[], key: (e: RawEvent) => string) => {
	const groups = new Map<string, RawEvent[]>();
	for (const e of events) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
	return [...groups.values()].map((list) =>
		[...list].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt))
	);
};

/**
 * Contract v3, replayed as the documents put it: a person is on the register from joining to leaving, in the tier
 * of their latest joining, with a plan once one is agreed while on it; a stay occupies a bed from its admission to
 * its first discharge after it; a unit has the beds its latest ic_beds said; a person lives in the home they last
 * entered until they leave it. `census(leaf, metric)` counts at the instant, `flow` since the day began.
 */
function community(
	events: RawEvent[],
	t: number,
	dayStart: number,
	census: (leaf: string, metric: string) => void,
	flow: (leaf: string, metric: string) => void
) {
	const when = (e: RawEvent) => Date.parse(e.occurredAt);
	const today = (ms: number) => ms >= dayStart && ms < t;
	const person = events.filter(
		(e) => e.patient !== undefined && COMMUNITY.has(e.type) && !e.type.startsWith('ic_')
	);
	for (const list of groupBy(person, (e) => `${e.site}/${e.patient}`)) {
		const site = list[0].site;
		let tier: string | null = null;
		let plan = false;
		let home: string | null = null;
		for (const e of list) {
			if (when(e) >= t) break;
			if (e.type === 'register_added') {
				if (tier === null && today(when(e))) flow(site, 'registered_joined');
				if (tier === null) plan = false;
				tier = e.tier as string;
			} else if (e.type === 'register_removed') tier = null;
			else if (e.type === 'care_plan_agreed' && tier !== null) plan = true;
			else if (e.type === 'mdt_review' && today(when(e))) flow(site, 'mdt_reviews');
			else if (e.type === 'care_home_entered') home = e.careHome as string;
			else if (e.type === 'care_home_left' && home === e.careHome) home = null;
		}
		if (tier !== null) {
			census(site, 'registered');
			census(site, `registered_${tier}`);
			if (plan) census(site, 'registered_with_plan');
		}
		if (home !== null) census(site, 'care_home_residents');
	}
	const stays = events.filter((e) => e.type === 'ic_admission' || e.type === 'ic_discharge');
	for (const list of groupBy(stays, (e) => `${e.site}/${e.stay}`)) {
		const site = list[0].site;
		const admission = list.find((e) => e.type === 'ic_admission');
		if (!admission) continue;
		const discharge = list.find((e) => e.type === 'ic_discharge' && when(e) > when(admission));
		if (when(admission) < t && (!discharge || when(discharge) >= t)) census(site, 'ic_occupied');
		if (today(when(admission))) {
			flow(site, 'ic_admissions');
			flow(site, `ic_step_${admission.step}`);
		}
		if (discharge && today(when(discharge))) {
			flow(site, 'ic_discharges');
			flow(site, `ic_outcome_${discharge.outcome}`);
		}
	}
	for (const list of groupBy(
		events.filter((e) => e.type === 'ic_beds'),
		(e) => e.site
	)) {
		const inForce = list.filter((e) => when(e) < t).at(-1);
		for (let n = 0; n < Number(inForce?.beds ?? 0); n++) census(list[0].site, 'ic_beds');
	}
}

export function oracleMetrics(events: RawEvent[], orgs: OracleOrg[], at: Date): Map<string, MetricValues> {
	const t = at.getTime();
	const dayStart = londonDayStart(new Date(t - 1)).getTime();
	const parent = new Map(orgs.map((o) => [o.code, o.parent]));
	const census = new Map<string, Map<string, number>>();
	const flows = new Map<string, Map<string, number>>();
	const bump = (table: Map<string, Map<string, number>>, leaf: string, metric: string, by = 1) => {
		for (let org: string | null = leaf; org; org = parent.get(org) ?? null) {
			const m = table.get(org) ?? new Map<string, number>();
			m.set(metric, (m.get(metric) ?? 0) + by);
			table.set(org, m);
		}
	};

	// the GP in A&E's sessions: on duty from the first gp_on_duty to the first gp_off_duty after it
	const sessions = new Map<string, RawEvent[]>();
	for (const e of events.filter((e) => e.type === 'gp_on_duty' || e.type === 'gp_off_duty')) {
		const key = `${e.site}/${e.session}`;
		sessions.set(key, [...(sessions.get(key) ?? []), e]);
	}
	for (const list of sessions.values()) {
		const times = (type: string) => list.filter((e) => e.type === type).map((e) => Date.parse(e.occurredAt));
		const on = Math.min(...times('gp_on_duty'));
		if (on === Infinity) continue;
		const off = Math.min(...times('gp_off_duty').filter((x) => x > on));
		if (on < t && off >= t) bump(census, list[0].site, 'gp_on_duty');
	}

	community(
		events,
		t,
		dayStart,
		(leaf, metric) => bump(census, leaf, metric),
		(leaf, metric) => bump(flows, leaf, metric)
	);

	const spells = new Map<string, RawEvent[]>();
	for (const e of events) {
		if (e.type === 'gp_on_duty' || e.type === 'gp_off_duty') continue;
		if (COMMUNITY.has(e.type)) continue;
		if (e.type === 'ae_assessment' || e.type === 'ae_attendance') {
			const when = Date.parse(e.occurredAt);
			if (when < dayStart || when >= t) continue;
			if (e.type === 'ae_attendance') {
				bump(flows, e.site, 'ae_attendances');
				// READ-01: the same patient attended, anywhere, within the 7 × 24 hours before
				const earlier = events.some(
					(o) =>
						o.type === 'ae_attendance' &&
						e.patient !== undefined &&
						o.patient === e.patient &&
						Date.parse(o.occurredAt) < when &&
						when - Date.parse(o.occurredAt) <= 7 * DAY
				);
				if (earlier) bump(flows, e.site, 'ae_reattendances_7d');
				if (e.arrivedFrom === 'care_home') bump(flows, e.site, 'ae_attendances_care_home');
				continue;
			}
			if (e.outcome === 'avoided') bump(flows, e.site, 'admissions_avoided');
			if (e.seenBy === 'idt') bump(flows, e.site, 'idt_reviews');
			if (e.seenBy === 'idt' && e.outcome === 'avoided') bump(flows, e.site, 'idt_reviews_home');
			if (e.seenBy === 'idt_gp') bump(flows, e.site, 'idt_gp_reviews');
			continue;
		}
		const key = `${e.site}/${e.spell}`;
		spells.set(key, [...(spells.get(key) ?? []), e]);
	}

	// every spell's admission and discharge, for readmission linkage
	const byPatient = new Map<string, { key: string; admitted: number | null; discharged: number | null }[]>();
	const ordered = new Map<string, RawEvent[]>();
	for (const [key, list] of spells) {
		const sorted = [...list].sort(
			(a, b) =>
				Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
				rank(a.type) - rank(b.type) ||
				(a.id < b.id ? -1 : 1)
		);
		ordered.set(key, sorted);
		const admission = sorted.find((e) => e.type === 'admission');
		const discharge = sorted.find((e) => e.type === 'discharge');
		if (admission) {
			const p = admission.patient as string;
			byPatient.set(p, [
				...(byPatient.get(p) ?? []),
				{
					key,
					admitted: Date.parse(admission.occurredAt),
					discharged: discharge ? Date.parse(discharge.occurredAt) : null
				}
			]);
		}
	}

	for (const [key, list] of ordered) {
		const site = list[0].site;
		const wardAt = (when: number) => {
			let ward: string | null = null;
			for (const e of list) {
				if (Date.parse(e.occurredAt) > when) break;
				if ((e.type === 'admission' || e.type === 'ward_transfer') && e.ward) ward = e.ward as string;
			}
			return ward ?? site;
		};
		let admitted: number | null = null;
		/** the first admission in event order, whenever it is: a discharge after it has a length of stay */
		let admittedAt: number | null = null;
		let admission: RawEvent | null = null;
		let discharged = false;
		let patient: string | null = null;
		let dementia = false;
		let msl = false;
		let plan = false;
		let delay: { reason: string; attribution: string } | null = null;
		let ward: string | null = null;
		let seenDischarge = false;
		let edd: string | null = null;
		let eddInForce: string | null = null;
		const eddTimes = list
			.filter((e) => e.type === 'expected_discharge_date')
			.map((e) => Date.parse(e.occurredAt));
		for (const e of list) {
			const when = Date.parse(e.occurredAt);
			const today = when >= dayStart && when < t;
			if (e.type === 'expected_discharge_date') eddInForce = e.edd as string;
			if (e.type === 'admission' && admittedAt === null) {
				admittedAt = when;
				admission = e;
			}
			if (e.type === 'admission' && admitted === null) {
				if (today) {
					bump(flows, wardAt(when), 'admissions');
					bump(flows, wardAt(when), `admissions_${e.method}`);
					const band = String(e.ageBand ?? '');
					if (e.method === 'emergency' && ['65-74', '75-84', '85+'].includes(band))
						bump(flows, wardAt(when), 'admissions_emergency_65plus');
					if (e.method === 'emergency' && ['75-84', '85+'].includes(band))
						bump(flows, wardAt(when), 'admissions_emergency_75plus');
					if (e.method === 'emergency' && e.from === 'care_home')
						bump(flows, wardAt(when), 'admissions_emergency_care_home');
					if (eddTimes.some((x) => x <= when + DAY)) bump(flows, wardAt(when), 'admissions_edd_24h');
					const others = byPatient.get(e.patient as string) ?? [];
					if (
						others.some(
							(o) =>
								o.key !== key &&
								o.discharged !== null &&
								o.discharged >= when - 30 * DAY &&
								o.discharged < when
						)
					)
						bump(flows, wardAt(when), 'readmissions_30d');
				}
			}
			if (e.type === 'discharge' && !seenDischarge) {
				seenDischarge = true;
				if (today) {
					bump(flows, wardAt(when), 'discharges');
					if (londonHour(new Date(when)) < 10) bump(flows, wardAt(when), 'discharges_before_10');
					if (isWeekend(when)) bump(flows, wardAt(when), 'discharges_weekend');
					// LOS-03 and LOS-05: the stays averaged, with their lengths
					const stay = admittedAt === null ? null : when - admittedAt;
					if (stay !== null && stay < 28 * DAY) {
						bump(flows, wardAt(when), 'discharges_los_under_28');
						bump(flows, wardAt(when), msKey('discharges_los_under_28'), stay);
					}
					const aged = ['65-74', '75-84', '85+'].includes(String(admission?.ageBand ?? ''));
					if (stay !== null && admission?.method === 'emergency' && aged) {
						bump(flows, wardAt(when), 'discharges_emergency_65plus');
						bump(flows, wardAt(when), msKey('discharges_emergency_65plus'), stay);
					}
					if (['usual_residence', 'care_home', 'intermediate_care'].includes(e.destination as string))
						bump(flows, wardAt(when), `discharges_to_${e.destination}`);
					if (
						eddInForce &&
						Math.abs(londonDayNumber(when) - Date.parse(`${eddInForce}T00:00:00Z`) / DAY) <= 1
					)
						bump(flows, wardAt(when), 'discharges_on_edd');
				}
			}
			if (when >= t) continue; // census: the state just before the instant
			switch (e.type) {
				case 'admission':
					if (admitted === null) {
						admitted = when;
						patient = e.patient as string;
						dementia = e.dementia === true;
						if (e.ward) ward = e.ward as string;
					}
					break;
				case 'ward_transfer':
					ward = e.ward as string;
					break;
				case 'medically_stable':
					msl = true;
					break;
				case 'medically_stable_revoked':
					msl = false;
					break;
				case 'discharge_plan':
					plan = true;
					break;
				case 'expected_discharge_date':
					edd = e.edd as string;
					break;
				case 'delay_started':
					delay = { reason: e.reason as string, attribution: e.attribution as string };
					break;
				case 'delay_ended':
					delay = null;
					break;
				case 'discharge':
					discharged = true;
					break;
			}
		}
		if (admitted === null || discharged || !patient) continue;
		const leaf = ward ?? site;
		const los = t - admitted;
		bump(census, leaf, 'inpatients');
		for (const n of [7, 14, 15, 21, 30]) if (los > n * DAY) bump(census, leaf, `los_over_${n}`);
		if (edd) {
			const [y, m, d] = edd.split('-').map(Number);
			if (londonMidnight(y, m, d + 1).getTime() < t) bump(census, leaf, 'past_edd');
		}
		if (msl) {
			bump(census, leaf, 'msl');
			if (plan) bump(census, leaf, 'msl_with_plan');
			if (dementia) bump(census, leaf, 'msl_dementia');
			if (los > 15 * DAY) bump(census, leaf, 'msl_los_over_15');
		}
		if (delay) {
			bump(census, leaf, 'dtoc');
			bump(census, leaf, `dtoc.attribution.${delay.attribution}`);
			bump(census, leaf, `dtoc.reason.${delay.reason}`);
		}
	}

	return new Map(
		orgs.map((o) => [o.code, toMetricValues(census.get(o.code) ?? new Map(), flows.get(o.code) ?? new Map())])
	);
}
