// The case-management register of the practices at or below an organisation (ingest contract v3), as its page shows
// it: who is on it now by practice and tier against the practices' lists, joinings, care plans, the formal reviews
// due and overdue at 3, 6 and 12 months (Rutland UP4: reviews at 3 and 6 months, discharge from the programme at 12),
// and the Outcomes Star's change. Their hospital use, by the same pseudonym, is read in hospitalUse.ts.
import { sql, type Kysely } from 'kysely';
import { RISK_TIERS, type RiskTierCode } from '../../community.ts';
import type { Database } from '../db/schema.ts';

const DAY = 86_400_000;
/** a review counts for a milestone from a month before it (MDTs are monthly) */
const REVIEW_WINDOW = 30 * DAY;
export const MILESTONES = [3, 6, 12] as const;

export interface RegisteredPerson {
	patient: string;
	practice: string;
	tier: RiskTierCode | null;
	joined: Date;
	planAgreed: Date | null;
	lastReview: Date | null;
	lastContact: Date | null;
	/** per milestone (months after joining): reviewed, due within a month, overdue, or not yet near */
	milestones: Record<(typeof MILESTONES)[number], 'done' | 'due' | 'overdue' | 'later'>;
	firstScore: number | null;
	latestScore: number | null;
}

/** The same calendar day `months` later (the 31st rolls into the next month, as date arithmetic does). */
export const monthsAfter = (t: Date, months: number) => {
	const d = new Date(t);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d;
};

/** Where a person stands at one milestone, from the reviews held (MDT or care plan review). */
export function milestoneState(joined: Date, months: number, reviews: Date[], now: Date) {
	const due = monthsAfter(joined, months).getTime();
	if (reviews.some((r) => r.getTime() >= due - REVIEW_WINDOW && r.getTime() <= now.getTime())) return 'done';
	if (now.getTime() >= due) return 'overdue';
	return now.getTime() >= due - REVIEW_WINDOW ? 'due' : 'later';
}

/** The practices at or below an organisation. */
export async function practicesUnder(db: Kysely<Database>, org: string) {
	return db
		.selectFrom('org_closure')
		.innerJoin('organisation', 'organisation.code', 'org_closure.descendant')
		.select(['organisation.code', 'organisation.name'])
		.where('org_closure.ancestor', '=', org)
		.where('organisation.kind', '=', 'practice')
		.orderBy('organisation.position')
		.execute();
}

/** Everyone on the registers of `practices` at `now`, with their reviews, contacts and scores. */
export async function registeredPeople(
	db: Kysely<Database>,
	practices: string[],
	now: Date
): Promise<RegisteredPerson[]> {
	if (!practices.length) return [];
	const { rows: spans } = await sql<{ org: string; spell: string; metric: string; start_at: Date }>`
		SELECT org, spell, metric, start_at FROM census_interval
		WHERE org = ANY(${practices}::text[]) AND metric = ANY(${['registered', 'registered_with_plan', ...RISK_TIERS.map((t) => `registered_${t}`)]}::text[])
			AND start_at <= ${now} AND (end_at IS NULL OR end_at > ${now})
	`.execute(db);
	const people = new Map<string, RegisteredPerson>();
	for (const s of spans.filter((s) => s.metric === 'registered'))
		people.set(`${s.org}\u0000${s.spell}`, {
			patient: s.spell.slice('reg:'.length),
			practice: s.org,
			tier: null,
			joined: new Date(s.start_at),
			planAgreed: null,
			lastReview: null,
			lastContact: null,
			milestones: { 3: 'later', 6: 'later', 12: 'later' },
			firstScore: null,
			latestScore: null
		});
	for (const s of spans) {
		const p = people.get(`${s.org}\u0000${s.spell}`);
		if (!p) continue;
		if (s.metric === 'registered_with_plan') p.planAgreed = new Date(s.start_at);
		else if (s.metric !== 'registered') p.tier = s.metric.slice('registered_'.length) as RiskTierCode;
	}
	const list = [...people.values()];
	if (!list.length) return [];
	const { rows: events } = await sql<{
		site: string;
		patient: string;
		type: string;
		at: Date;
		score: number | null;
	}>`
		SELECT e.site, e.body ->> 'patient' AS patient, e.type, e.occurred_at AS at, (e.body ->> 'score')::int AS score
		FROM event e JOIN unnest(${list.map((p) => p.practice)}::text[], ${list.map((p) => p.patient)}::text[]) AS k(site, patient)
			ON e.site = k.site AND e.body ->> 'patient' = k.patient
		WHERE e.type IN ('mdt_review', 'care_plan_reviewed', 'coordinator_contact', 'outcome_score')
			AND e.occurred_at <= ${now}
		ORDER BY e.occurred_at
	`.execute(db);
	const byPerson = new Map<string, typeof events>();
	for (const e of events) {
		const key = `${e.site}\u0000reg:${e.patient}`;
		byPerson.set(key, [...(byPerson.get(key) ?? []), e]);
	}
	for (const [key, p] of people) {
		const own = byPerson.get(key) ?? [];
		const reviews = own
			.filter((e) => e.type === 'mdt_review' || e.type === 'care_plan_reviewed')
			.filter((e) => new Date(e.at) >= p.joined)
			.map((e) => new Date(e.at));
		const scores = own.filter(
			(e) => e.type === 'outcome_score' && e.score !== null && new Date(e.at) >= p.joined
		);
		const contacts = own.filter((e) => e.type === 'coordinator_contact');
		p.lastReview = reviews.at(-1) ?? null;
		p.lastContact = contacts.length ? new Date(contacts.at(-1)!.at) : null;
		p.firstScore = scores[0]?.score ?? null;
		p.latestScore = scores.length > 1 ? scores.at(-1)!.score : null;
		for (const m of MILESTONES) p.milestones[m] = milestoneState(p.joined, m, reviews, now);
	}
	return list.sort((a, b) => a.joined.getTime() - b.joined.getTime());
}

/** Each practice's latest list size at `now` (practice_list), where one was sent. */
export async function listSizes(db: Kysely<Database>, practices: string[], now: Date) {
	if (!practices.length) return new Map<string, number>();
	const { rows } = await sql<{ site: string; size: number }>`
		SELECT DISTINCT ON (site) site, (body ->> 'listSize')::int AS size FROM event
		WHERE type = 'practice_list' AND site = ANY(${practices}::text[]) AND occurred_at <= ${now}
		ORDER BY site, occurred_at DESC
	`.execute(db);
	return new Map(rows.map((r) => [r.site, r.size]));
}

/** People who joined the registers of `practices` in [from, to). */
export async function joinings(db: Kysely<Database>, practices: string[], from: Date, to: Date) {
	if (!practices.length) return 0;
	const { rows } = await sql<{ n: number }>`
		SELECT count(*)::int AS n FROM flow_event
		WHERE org = ANY(${practices}::text[]) AND metric = 'registered_joined' AND at >= ${from} AND at < ${to}
	`.execute(db);
	return rows[0]?.n ?? 0;
}

/** The organisations a register can be read for: those at or above a practice. */
export async function registerOrgs(db: Kysely<Database>) {
	return db
		.selectFrom('organisation as o')
		.select(['o.code', 'o.name', 'o.kind'])
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('org_closure as c')
					.innerJoin('organisation as p', 'p.code', 'c.descendant')
					.select('c.ancestor')
					.whereRef('c.ancestor', '=', 'o.code')
					.where('p.kind', '=', 'practice')
			)
		)
		.orderBy('o.position')
		.execute();
}
