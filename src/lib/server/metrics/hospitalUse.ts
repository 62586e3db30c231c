// The hospitals' side of the people the practices case-manage (contract v3), linked by the patient pseudonym both
// sides send: their spells and A&E attendances, read once for a list of people, and what the register page, the
// caseload and the opportunity page make of them. Counted only while the hospitals' data runs: before that, a count
// of 0 would be no data, not none.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/**
 * When the hospitals' data begins: the first event sent for any hospital (a site with wards; an intermediate care
 * unit has none), one index probe a site.
 */
export async function hospitalDataFrom(db: Kysely<Database>): Promise<Date | null> {
	const { rows } = await sql<{ first: Date | null }>`
		SELECT min((SELECT min(e.occurred_at) FROM event e WHERE e.site = o.code)) AS first
		FROM organisation o
		WHERE o.kind = 'site' AND EXISTS (SELECT 1 FROM organisation w WHERE w.parent = o.code AND w.kind = 'ward')
	`.execute(db);
	return rows[0]?.first ? new Date(rows[0].first) : null;
}

export interface HospitalUse {
	spells: { site: string; admitted: number; discharged: number | null; emergency: boolean }[];
	attendances: number[];
}

/** Each person's spells (with the hospital's name) and A&E attendances up to `now`, by pseudonym. */
export async function hospitalUse(
	db: Kysely<Database>,
	patients: string[],
	now: Date
): Promise<Map<string, HospitalUse>> {
	const use = new Map<string, HospitalUse>(patients.map((p) => [p, { spells: [], attendances: [] }]));
	if (!patients.length) return use;
	const [spells, attendances] = await Promise.all([
		sql<{
			patient: string;
			site: string;
			admitted_at: Date;
			discharged_at: Date | null;
			method: string | null;
		}>`
			SELECT s.patient, o.name AS site, s.admitted_at, s.discharged_at, s.method
			FROM spell s JOIN organisation o ON o.code = s.site
			WHERE s.patient = ANY(${patients}::text[]) AND s.admitted_at IS NOT NULL AND s.admitted_at <= ${now}
		`.execute(db),
		// found through event_attendance_patient (migration 13)
		sql<{ patient: string; at: Date }>`
			SELECT body ->> 'patient' AS patient, occurred_at AS at FROM event
			WHERE type = 'ae_attendance' AND body ->> 'patient' = ANY(${patients}::text[]) AND occurred_at <= ${now}
		`.execute(db)
	]);
	for (const s of spells.rows)
		use.get(s.patient)?.spells.push({
			site: s.site,
			admitted: new Date(s.admitted_at).getTime(),
			discharged: s.discharged_at ? new Date(s.discharged_at).getTime() : null,
			emergency: s.method === 'emergency'
		});
	for (const a of attendances.rows) use.get(a.patient)?.attendances.push(new Date(a.at).getTime());
	return use;
}

/** A person's A&E attendances, emergency admissions and bed-days in [from, to). */
export function useIn(use: HospitalUse | undefined, from: number, to: number) {
	const tally = { attendances: 0, admissions: 0, bedDays: 0 };
	for (const at of use?.attendances ?? []) if (at >= from && at < to) tally.attendances++;
	for (const s of use?.spells ?? []) {
		if (s.emergency && s.admitted >= from && s.admitted < to) tally.admissions++;
		tally.bedDays += Math.max(0, Math.min(to, s.discharged ?? to) - Math.max(from, s.admitted)) / DAY;
	}
	return tally;
}

export interface CohortActivity {
	people: number;
	/** person-years observed before joining (at most a year each, and only while the hospitals' data runs) */
	yearsBefore: number;
	yearsAfter: number;
	before: { attendances: number; admissions: number; bedDays: number };
	after: { attendances: number; admissions: number; bedDays: number };
}

/**
 * The hospital use of everyone who has joined the registers of `practices`: in the year before each joined and from
 * joining to leaving (or now). Null when no one has joined or the hospitals have sent nothing.
 */
export async function cohortActivity(
	db: Kysely<Database>,
	practices: string[],
	now: Date
): Promise<CohortActivity | null> {
	if (!practices.length) return null;
	const [{ rows: members }, start] = await Promise.all([
		sql<{ patient: string; joined: Date; left: Date | null }>`
			SELECT substr(spell, 5) AS patient, min(start_at) AS joined, max(coalesce(end_at, ${now})) AS left
			FROM census_interval
			WHERE org = ANY(${practices}::text[]) AND metric = 'registered' AND start_at <= ${now}
			GROUP BY 1
		`.execute(db),
		hospitalDataFrom(db)
	]);
	if (!members.length || !start) return null;
	const dataFrom = start.getTime();
	const use = await hospitalUse(
		db,
		members.map((m) => m.patient),
		now
	);
	const result: CohortActivity = {
		people: members.length,
		yearsBefore: 0,
		yearsAfter: 0,
		before: { attendances: 0, admissions: 0, bedDays: 0 },
		after: { attendances: 0, admissions: 0, bedDays: 0 }
	};
	for (const m of members) {
		const joined = new Date(m.joined).getTime();
		const left = Math.min(now.getTime(), new Date(m.left ?? now).getTime());
		const windows = {
			before: [Math.max(joined - YEAR, dataFrom), joined],
			after: [Math.max(joined, dataFrom), left]
		} as const;
		for (const side of ['before', 'after'] as const) {
			const [from, to] = windows[side];
			if (to <= from) continue;
			result[side === 'before' ? 'yearsBefore' : 'yearsAfter'] += (to - from) / YEAR;
			const t = useIn(use.get(m.patient), from, to);
			result[side].attendances += t.attendances;
			result[side].admissions += t.admissions;
			result[side].bedDays += t.bedDays;
		}
	}
	return result;
}

/** Per 1,000 people a year, to one decimal; null with nobody observed. */
export const per1000Years = (count: number, years: number) =>
	years > 0 ? Math.round((10_000 * count) / years) / 10 : null;

export interface AcuteSince {
	/** the hospital they are in now, if any */
	inHospital: string | null;
	admissions: number;
	attendances: number;
	/** counted from here: their joining, or the start of the hospitals' data if that came later; null: none sent */
	since: string | null;
}

/** Each registered person's hospital use since joining: in hospital now, emergency admissions, A&E attendances. */
export async function acuteSinceJoining(
	db: Kysely<Database>,
	people: { patient: string; joined: Date }[],
	now: Date
): Promise<Map<string, AcuteSince>> {
	const [use, start] = await Promise.all([
		hospitalUse(
			db,
			people.map((p) => p.patient),
			now
		),
		hospitalDataFrom(db)
	]);
	return new Map(
		people.map((p) => {
			const own = use.get(p.patient);
			const from = start ? Math.max(p.joined.getTime(), start.getTime()) : null;
			const t = from === null ? null : useIn(own, from, now.getTime() + 1);
			const open = own?.spells.find((s) => s.discharged === null || s.discharged > now.getTime());
			return [
				p.patient,
				{
					inHospital: open?.site ?? null,
					admissions: t?.admissions ?? 0,
					attendances: t?.attendances ?? 0,
					since: from === null ? null : new Date(from).toISOString()
				}
			];
		})
	);
}
