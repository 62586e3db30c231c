// After each ingest, inside its transaction: re-derive the touched spells from all their events, bring their
// intervals and points up to date, and recompute readmissions for the patients involved. Returns the leaf
// organisations whose figures may have changed.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
	chunks,
	insertPoints,
	replaceIntervals,
	replacePoints,
	type IntervalRow,
	type PointRow
} from './rows.ts';
import { deriveSpell, type SpellEvent } from './spell.ts';

export interface SpellKey {
	site: string;
	spell: string;
}

export const spellKey = (site: string, spell: string) => `${site}\u0000${spell}`;

/**
 * `keys` are the spells an ingest touched; `stays` those of them whose admission, discharge or wards changed, the
 * only events that can change a patient's readmissions.
 */
export async function refreshSpells(
	trx: Transaction<Database>,
	keys: SpellKey[],
	stays: Set<string> = new Set(keys.map((k) => spellKey(k.site, k.spell)))
): Promise<Set<string>> {
	const touched = new Set<string>();
	if (!keys.length) return touched;
	const wanted = sql`unnest(${keys.map((k) => k.site)}::text[], ${keys.map((k) => k.spell)}::text[]) AS k(site, spell)`;

	const [events, currentIntervals, currentPoints] = await Promise.all([
		sql<{
			site: string;
			spell: string;
			event_id: string;
			type: string;
			occurred_at: Date;
			body: Record<string, unknown>;
		}>`
			SELECT e.site, e.spell, e.event_id, e.type, e.occurred_at, e.body
			FROM event e JOIN ${wanted} ON e.site = k.site AND e.spell = k.spell
		`.execute(trx),
		sql<IntervalRow>`
			SELECT i.site, i.spell, i.org, i.metric, i.start_at, i.end_at
			FROM census_interval i JOIN ${wanted} ON i.site = k.site AND i.spell = k.spell
		`.execute(trx),
		sql<PointRow>`
			SELECT f.site, f.ref, f.org, f.metric, f.at
			FROM flow_event f JOIN ${wanted} ON f.site = k.site AND f.ref = k.spell
			WHERE f.metric <> 'readmissions_30d'
		`.execute(trx)
	]);
	const bySpell = new Map<string, SpellEvent[]>();
	for (const e of events.rows) {
		const list = bySpell.get(spellKey(e.site, e.spell)) ?? [];
		list.push({ id: e.event_id, type: e.type, occurredAt: e.occurred_at, body: e.body });
		bySpell.set(spellKey(e.site, e.spell), list);
	}

	const spellRows = [];
	const intervals: IntervalRow[] = [];
	const points: PointRow[] = [];
	const patients = new Set<string>();
	for (const { site, spell } of keys) {
		const derived = deriveSpell(site, bySpell.get(spellKey(site, spell)) ?? []);
		spellRows.push({ site, spell, ...derived.row });
		if (derived.row.patient && stays.has(spellKey(site, spell))) patients.add(derived.row.patient);
		for (const i of derived.intervals) {
			intervals.push({ site, spell, org: i.org, metric: i.metric, start_at: i.start, end_at: i.end });
		}
		for (const p of derived.points) points.push({ site, ref: spell, org: p.org, metric: p.metric, at: p.at });
	}

	for (const rows of chunks(spellRows)) {
		await trx
			.insertInto('spell')
			.values(rows)
			.onConflict((oc) =>
				oc.columns(['site', 'spell']).doUpdateSet((eb) => ({
					patient: eb.ref('excluded.patient'),
					ward: eb.ref('excluded.ward'),
					admitted_at: eb.ref('excluded.admitted_at'),
					discharged_at: eb.ref('excluded.discharged_at'),
					method: eb.ref('excluded.method'),
					age_band: eb.ref('excluded.age_band'),
					dementia: eb.ref('excluded.dementia'),
					msl_since: eb.ref('excluded.msl_since'),
					edd: eb.ref('excluded.edd'),
					pathway: eb.ref('excluded.pathway'),
					delay_reason: eb.ref('excluded.delay_reason'),
					delay_attribution: eb.ref('excluded.delay_attribution'),
					delay_since: eb.ref('excluded.delay_since'),
					destination: eb.ref('excluded.destination')
				}))
			)
			.execute();
	}
	for (const org of await replaceIntervals(trx, currentIntervals.rows, intervals)) touched.add(org);
	for (const org of await replacePoints(trx, currentPoints.rows, points)) touched.add(org);
	for (const org of await refreshReadmissions(trx, [...patients])) touched.add(org);
	return touched;
}

/** An admission is a readmission when another spell of the same patient was discharged in the 30 days before. */
async function refreshReadmissions(trx: Transaction<Database>, patients: string[]): Promise<string[]> {
	if (!patients.length) return [];
	const [current, next] = await Promise.all([
		sql<PointRow>`
			SELECT f.site, f.ref, f.org, f.metric, f.at
			FROM flow_event f JOIN spell s ON f.site = s.site AND f.ref = s.spell
			WHERE f.metric = 'readmissions_30d' AND s.patient = ANY(${patients}::text[])
		`.execute(trx),
		sql<PointRow>`
			SELECT a.site, a.ref, a.org, 'readmissions_30d' AS metric, a.at
			FROM spell s JOIN flow_event a ON a.site = s.site AND a.ref = s.spell AND a.metric = 'admissions'
			WHERE s.patient = ANY(${patients}::text[])
				AND EXISTS (
					SELECT 1 FROM spell p
					WHERE p.patient = s.patient AND (p.site, p.spell) <> (s.site, s.spell)
						AND p.discharged_at >= a.at - INTERVAL '30 days' AND p.discharged_at < a.at
				)
		`.execute(trx)
	]);
	return replacePoints(trx, current.rows, next.rows);
}

/** A&E assessments stand alone: each avoided admission is one point at its site. */
export async function recordAssessments(
	trx: Transaction<Database>,
	assessments: { site: string; id: string; occurredAt: Date; outcome: string }[]
): Promise<Set<string>> {
	const rows = assessments
		.filter((a) => a.outcome === 'avoided')
		.map((a) => ({
			site: a.site,
			ref: `ae:${a.id}`,
			org: a.site,
			metric: 'admissions_avoided',
			at: a.occurredAt
		}));
	await insertPoints(trx, rows);
	return new Set(rows.map((r) => r.org));
}
