// After each ingest, inside its transaction: re-derive the touched spells from all their events, bring their
// intervals and points up to date, and recompute readmissions for the patients involved. Returns the leaf
// organisations whose figures may have changed.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { insertPoints, replaceIntervals, replacePoints, type IntervalRow, type PointRow } from './rows.ts';
import { attendancePoints, reattendances } from './attendance.ts';
import { DERIVATION, deriveSpell, type SpellEvent, type SpellRow } from './spell.ts';

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

	await upsertSpells(trx, spellRows);
	for (const org of await replaceIntervals(trx, currentIntervals.rows, intervals)) touched.add(org);
	for (const org of await replacePoints(trx, currentPoints.rows, points)) touched.add(org);
	for (const org of await refreshReadmissions(trx, [...patients])) touched.add(org);
	return touched;
}

/** Spell rows as arrays, one parameter per column (a batch touches hundreds of spells). */
async function upsertSpells(
	trx: Transaction<Database>,
	rows: ({ site: string; spell: string } & SpellRow)[]
) {
	const col = <K extends keyof SpellRow>(k: K) => rows.map((r) => r[k]);
	await sql`
		INSERT INTO spell (site, spell, patient, ward, admitted_at, discharged_at, method, age_band, dementia, msl_since, edd,
			pathway, delay_reason, delay_attribution, delay_since, destination, derivation)
		SELECT *, ${DERIVATION}::smallint FROM unnest(
			${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.spell)}::text[], ${col('patient')}::text[], ${col('ward')}::text[],
			${col('admitted_at')}::timestamptz[], ${col('discharged_at')}::timestamptz[], ${col('method')}::text[], ${col('age_band')}::text[],
			${col('dementia')}::boolean[], ${col('msl_since')}::timestamptz[], ${col('edd')}::date[], ${col('pathway')}::int[],
			${col('delay_reason')}::text[], ${col('delay_attribution')}::text[], ${col('delay_since')}::timestamptz[], ${col('destination')}::text[]
		)
		ON CONFLICT (site, spell) DO UPDATE SET
			patient = excluded.patient, ward = excluded.ward, admitted_at = excluded.admitted_at,
			discharged_at = excluded.discharged_at, method = excluded.method, age_band = excluded.age_band,
			dementia = excluded.dementia, msl_since = excluded.msl_since, edd = excluded.edd, pathway = excluded.pathway,
			delay_reason = excluded.delay_reason, delay_attribution = excluded.delay_attribution,
			delay_since = excluded.delay_since, destination = excluded.destination, derivation = excluded.derivation
	`.execute(trx);
}

/** An admission is a readmission when another spell of the same patient was discharged in the 30 days before. */
async function refreshReadmissions(trx: Transaction<Database>, candidates: string[]): Promise<string[]> {
	if (!candidates.length) return [];
	// a patient with a single spell has no readmission to find or to remove
	const repeat = await sql<{ patient: string }>`
		SELECT patient FROM spell WHERE patient = ANY(${candidates}::text[]) GROUP BY patient HAVING count(*) > 1
	`.execute(trx);
	const patients = repeat.rows.map((r) => r.patient);
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

/** A&E attendances and assessments stand alone: their points, at their site (attendance.ts). */
export async function recordAttendances(
	trx: Transaction<Database>,
	events: { site: string; id: string; type: string; occurredAt: Date; body: Record<string, unknown> }[]
): Promise<Set<string>> {
	const rows = events.flatMap((e) =>
		attendancePoints(e.type, e.body).map((metric) => ({
			site: e.site,
			ref: `ae:${e.id}`,
			org: e.site,
			metric,
			at: e.occurredAt
		}))
	);
	await insertPoints(trx, rows);
	const touched = new Set(rows.map((r) => r.org));
	const patients = events
		.filter((e) => e.type === 'ae_attendance' && e.body.patient)
		.map((e) => e.body.patient as string);
	for (const org of await refreshReattendances(trx, [...new Set(patients)])) touched.add(org);
	return touched;
}

/**
 * An attendance is a re-attendance when the same patient attended A&E (any site) in the 7 × 24 hours before it
 * (READ-01). Worked out again for every attendance of the patients a batch names, since a late one can make or
 * unmake another's.
 */
async function refreshReattendances(trx: Transaction<Database>, patients: string[]): Promise<string[]> {
	if (!patients.length) return [];
	const [current, attended] = await Promise.all([
		sql<PointRow>`
			SELECT f.site, f.ref, f.org, f.metric, f.at
			FROM event e JOIN flow_event f ON f.site = e.site AND f.ref = 'ae:' || e.event_id
			WHERE e.type = 'ae_attendance' AND e.body ->> 'patient' = ANY(${patients}::text[])
				AND f.metric = 'ae_reattendances_7d'
		`.execute(trx),
		sql<{ site: string; event_id: string; at: Date; patient: string }>`
			SELECT e.site, e.event_id, e.occurred_at AS at, e.body ->> 'patient' AS patient
			FROM event e
			WHERE e.type = 'ae_attendance' AND e.body ->> 'patient' = ANY(${patients}::text[])
		`.execute(trx)
	]);
	const next = reattendances(attended.rows).map((a) => ({
		site: a.site,
		ref: `ae:${a.event_id}`,
		org: a.site,
		metric: 'ae_reattendances_7d',
		at: a.at
	}));
	return replacePoints(trx, current.rows, next);
}
