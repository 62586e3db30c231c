// Ingest contract v3's community events as intervals and points, beside the spells' and under prefixes no spell may
// take (ingest/validate.ts), so the census, roll-ups, series and live figures count them like any other:
// - a person on a practice's case-management register (`reg:PATIENT`): on the register, in a risk tier, with an
//   agreed care plan; joining, leaving, MDT reviews, care-plan reviews, co-ordinator contacts as points;
// - a stay in an intermediate care unit or virtual ward (`ic:STAY`): occupied from admission to discharge, step up or
//   down, its outcome;
// - a unit's beds (`beds:EVENT#n`): one interval per bed from each `ic_beds` to the next, so beds add up like any count;
// - a care-home resident (`ch:PATIENT`): in a home from entering to leaving.
// Every event of the thing is read again whenever one arrives, so the end state does not depend on their order.
import { sql, type Transaction } from 'kysely';
import { PERSON_TYPES } from '../../community.ts';
import type { Database } from '../db/schema.ts';
import { replaceIntervals, replacePoints, type IntervalRow, type PointRow } from './rows.ts';

export interface CommunityEvent {
	id: string;
	type: string;
	at: Date;
	body: Record<string, unknown>;
}

export interface Span {
	metric: string;
	start: Date;
	end: Date | null;
}

export interface Point {
	metric: string;
	at: Date;
}

const byTime = (a: CommunityEvent, b: CommunityEvent) =>
	a.at.getTime() - b.at.getTime() || (a.type === 'register_added' ? -1 : b.type === 'register_added' ? 1 : 0);

/** Points that are counted whenever they happen, on the register or not. */
const PERSON_POINTS: Record<string, string> = {
	mdt_review: 'mdt_reviews',
	care_plan_reviewed: 'care_plan_reviews',
	coordinator_contact: 'coordinator_contacts',
	outcome_score: 'outcome_scores'
};

/**
 * A person's time on a practice's register: each joining opens an episode that the next leaving closes; a joining
 * while on the register re-stratifies (the tier changes from then). A care plan counts from the first one agreed in
 * an episode; one agreed before joining is not the episode's.
 */
export function registerEpisodes(events: CommunityEvent[]): { spans: Span[]; points: Point[] } {
	const spans: Span[] = [];
	const points: Point[] = [];
	let episode: { start: Date; tier: string; tierFrom: Date; plan: Date | null } | null = null;
	const close = (end: Date | null) => {
		if (!episode) return;
		spans.push({ metric: 'registered', start: episode.start, end });
		spans.push({ metric: `registered_${episode.tier}`, start: episode.tierFrom, end });
		if (episode.plan) spans.push({ metric: 'registered_with_plan', start: episode.plan, end });
	};
	for (const e of [...events].sort(byTime)) {
		if (e.type === 'register_added') {
			const tier = String(e.body.tier);
			if (!episode) {
				episode = { start: e.at, tier, tierFrom: e.at, plan: null };
				points.push({ metric: 'registered_joined', at: e.at });
			} else if (tier !== episode.tier) {
				spans.push({ metric: `registered_${episode.tier}`, start: episode.tierFrom, end: e.at });
				episode.tier = tier;
				episode.tierFrom = e.at;
			}
		} else if (e.type === 'register_removed' && episode) {
			close(e.at);
			points.push({ metric: 'registered_left', at: e.at });
			episode = null;
		} else if (e.type === 'care_plan_agreed' && episode && !episode.plan) {
			episode.plan = e.at;
			points.push({ metric: 'care_plans_agreed', at: e.at });
		}
		if (PERSON_POINTS[e.type]) points.push({ metric: PERSON_POINTS[e.type], at: e.at });
	}
	if (episode) close(null);
	return { spans, points };
}

/** A stay in a unit: occupied from its admission to the first discharge after it; nothing before an admission. */
export function icStay(events: CommunityEvent[]): { spans: Span[]; points: Point[] } {
	const admission = [...events].sort(byTime).find((e) => e.type === 'ic_admission');
	if (!admission) return { spans: [], points: [] };
	const discharge = [...events]
		.sort(byTime)
		.find((e) => e.type === 'ic_discharge' && e.at.getTime() > admission.at.getTime());
	const step = String(admission.body.step);
	const points: Point[] = [
		{ metric: 'ic_admissions', at: admission.at },
		{ metric: `ic_step_${step}`, at: admission.at }
	];
	if (discharge) {
		points.push({ metric: 'ic_discharges', at: discharge.at });
		points.push({ metric: `ic_outcome_${String(discharge.body.outcome)}`, at: discharge.at });
	}
	return {
		spans: [
			{ metric: 'ic_occupied', start: admission.at, end: discharge?.at ?? null },
			{ metric: `ic_occupied_step_${step}`, start: admission.at, end: discharge?.at ?? null }
		],
		points
	};
}

/** A unit's beds: each `ic_beds` holds from its instant to the next one's, one interval per bed. */
export function unitBeds(events: CommunityEvent[]): (Span & { ref: string })[] {
	const sorted = events.filter((e) => e.type === 'ic_beds').sort(byTime);
	return sorted.flatMap((e, i) =>
		Array.from({ length: Number(e.body.beds) }, (_, n) => ({
			ref: `beds:${e.id}#${n}`,
			metric: 'ic_beds',
			start: e.at,
			end: sorted[i + 1]?.at ?? null
		}))
	);
}

/** A person's care-home residency: in a home from entering it to the next leaving of it (or entering another). */
export function residency(events: CommunityEvent[]): { home: string; start: Date; end: Date | null }[] {
	const stays: { home: string; start: Date; end: Date | null }[] = [];
	for (const e of [...events].sort(byTime)) {
		const open = stays.at(-1)?.end === null ? stays.at(-1)! : null;
		const home = String(e.body.careHome);
		if (e.type === 'care_home_entered') {
			if (open?.home === home) continue;
			if (open) open.end = e.at;
			stays.push({ home, start: e.at, end: null });
		} else if (e.type === 'care_home_left' && open?.home === home) open.end = e.at;
	}
	return stays;
}

type Loaded = {
	site: string;
	key: string;
	id: string;
	type: string;
	at: Date;
	body: Record<string, unknown>;
};

async function eventsOf(
	trx: Transaction<Database>,
	keyField: 'patient' | 'stay' | null,
	types: string[],
	keys: { site: string; key: string }[]
): Promise<Loaded[]> {
	const sites = keys.map((k) => k.site);
	const names = keys.map((k) => k.key);
	const key = keyField ? sql`e.body ->> ${keyField}` : sql`''`;
	const { rows } = await sql<Loaded>`
		SELECT e.site, ${key} AS key, e.event_id AS id, e.type, e.occurred_at AS at, e.body
		FROM event e JOIN unnest(${sites}::text[], ${names}::text[]) AS k(site, key)
			ON e.site = k.site AND ${key} = k.key
		WHERE e.type = ANY(${types}::text[])
	`.execute(trx);
	return rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

/** The intervals and points stored for the given references (`beds:` stands for every bed of the unit). */
async function derivedOf(trx: Transaction<Database>, keys: { site: string; ref: string }[]) {
	const sites = keys.map((k) => k.site);
	const refs = keys.map((k) => k.ref);
	const [intervals, points] = await Promise.all([
		sql<IntervalRow>`
			SELECT i.site, i.spell, i.org, i.metric, i.start_at, i.end_at
			FROM census_interval i JOIN unnest(${sites}::text[], ${refs}::text[]) AS k(site, ref)
				ON i.site = k.site AND (i.spell = k.ref OR (k.ref = 'beds:' AND i.metric = 'ic_beds'))
		`.execute(trx),
		sql<PointRow>`
			SELECT f.site, f.ref, f.org, f.metric, f.at
			FROM flow_event f JOIN unnest(${sites}::text[], ${refs}::text[]) AS k(site, ref)
				ON f.site = k.site AND f.ref = k.ref
		`.execute(trx)
	]);
	return { intervals: intervals.rows, points: points.rows };
}

const unique = <T extends { site: string; key: string }>(keys: T[]) => [
	...new Map(keys.map((k) => [`${k.site}\u0000${k.key}`, k])).values()
];

function group(rows: Loaded[]) {
	const by = new Map<string, { site: string; key: string; events: CommunityEvent[] }>();
	for (const r of rows) {
		const k = `${r.site}\u0000${r.key}`;
		const entry = by.get(k) ?? { site: r.site, key: r.key, events: [] };
		entry.events.push(r);
		by.set(k, entry);
	}
	return [...by.values()];
}

/**
 * Brings the community intervals and points of what a batch named up to date: `people` at their practices, `stays`
 * at their units, and the beds of `units`. Returns the organisations whose figures changed.
 */
export async function refreshCommunity(
	trx: Transaction<Database>,
	named: { people: { site: string; key: string }[]; stays: { site: string; key: string }[]; units: string[] }
): Promise<string[]> {
	const people = unique(named.people);
	const stays = unique(named.stays);
	const units = [...new Set(named.units)].map((site) => ({ site, key: '' }));
	const touched: string[] = [];

	if (people.length) {
		const [events, current] = await Promise.all([
			eventsOf(trx, 'patient', [...PERSON_TYPES], people),
			derivedOf(
				trx,
				people.flatMap((p) => [
					{ site: p.site, ref: `reg:${p.key}` },
					{ site: p.site, ref: `ch:${p.key}` }
				])
			)
		]);
		const intervals: IntervalRow[] = [];
		const points: PointRow[] = [];
		for (const { site, key, events: list } of group(events)) {
			const reg = registerEpisodes(list);
			for (const s of reg.spans)
				intervals.push({
					site,
					spell: `reg:${key}`,
					org: site,
					metric: s.metric,
					start_at: s.start,
					end_at: s.end
				});
			for (const p of reg.points)
				points.push({ site, ref: `reg:${key}`, org: site, metric: p.metric, at: p.at });
			for (const r of residency(list))
				intervals.push({
					site,
					spell: `ch:${key}`,
					org: site,
					metric: 'care_home_residents',
					start_at: r.start,
					end_at: r.end
				});
		}
		touched.push(...(await replaceIntervals(trx, current.intervals, intervals)));
		touched.push(...(await replacePoints(trx, current.points, points)));
	}

	if (stays.length) {
		const [events, current] = await Promise.all([
			eventsOf(trx, 'stay', ['ic_admission', 'ic_discharge'], stays),
			derivedOf(
				trx,
				stays.map((s) => ({ site: s.site, ref: `ic:${s.key}` }))
			)
		]);
		const intervals: IntervalRow[] = [];
		const points: PointRow[] = [];
		for (const { site, key, events: list } of group(events)) {
			const stay = icStay(list);
			for (const s of stay.spans)
				intervals.push({
					site,
					spell: `ic:${key}`,
					org: site,
					metric: s.metric,
					start_at: s.start,
					end_at: s.end
				});
			for (const p of stay.points)
				points.push({ site, ref: `ic:${key}`, org: site, metric: p.metric, at: p.at });
		}
		touched.push(...(await replaceIntervals(trx, current.intervals, intervals)));
		touched.push(...(await replacePoints(trx, current.points, points)));
	}

	if (units.length) {
		const [events, current] = await Promise.all([
			eventsOf(trx, null, ['ic_beds'], units),
			derivedOf(
				trx,
				units.map((u) => ({ site: u.site, ref: 'beds:' }))
			)
		]);
		const intervals = group(events).flatMap(({ site, events: list }) =>
			unitBeds(list).map((b) => ({
				site,
				spell: b.ref,
				org: site,
				metric: b.metric,
				start_at: b.start,
				end_at: b.end
			}))
		);
		touched.push(...(await replaceIntervals(trx, current.intervals, intervals)));
	}
	return [...new Set(touched)];
}
