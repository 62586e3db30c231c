// The medically stable list of a site or ward: the open spells that no longer meet the criteria to reside.
// Patient-level (pseudonymous): callers check mayViewPatientLists first.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface ListedSpell {
	spell: string;
	ward: string | null;
	wardName: string | null;
	daysMedicallyStable: number;
	lengthOfStayDays: number;
	edd: string | null;
	pathway: number | null;
	delayReason: string | null;
	delayAttribution: string | null;
	/** the practice whose case-management register the patient is on now (contract v3), if any */
	caseManagedBy: string | null;
}

export const SORTS = [
	'daysMedicallyStable',
	'lengthOfStayDays',
	'ward',
	'edd',
	'pathway',
	'delayReason'
] as const;
export type Sort = (typeof SORTS)[number];

const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 8_640_000) / 10;

export async function medicallyStableList(
	db: Kysely<Database>,
	org: { code: string; kind: string },
	now = new Date()
): Promise<ListedSpell[]> {
	const rows = await db
		.selectFrom('spell')
		.leftJoin('organisation', 'organisation.code', 'spell.ward')
		.select([
			'spell.spell',
			'spell.ward',
			'organisation.name as ward_name',
			'spell.msl_since',
			'spell.admitted_at',
			sql<string | null>`spell.edd::text`.as('edd'),
			'spell.pathway',
			'spell.delay_reason',
			'spell.delay_attribution',
			'spell.patient'
		])
		.where('spell.discharged_at', 'is', null)
		.where('spell.msl_since', 'is not', null)
		.where('spell.admitted_at', 'is not', null)
		.where(org.kind === 'ward' ? 'spell.ward' : 'spell.site', '=', org.code)
		.execute();
	const registered = await caseManaged(
		db,
		rows.flatMap((r) => (r.patient ? [r.patient] : [])),
		now
	);
	return rows.map((r) => ({
		spell: r.spell,
		ward: r.ward,
		wardName: r.ward_name,
		daysMedicallyStable: days(r.msl_since!, now),
		lengthOfStayDays: days(r.admitted_at!, now),
		edd: r.edd,
		pathway: r.pathway,
		delayReason: r.delay_reason,
		delayAttribution: r.delay_attribution,
		caseManagedBy: (r.patient && registered.get(r.patient)) ?? null
	}));
}

/** Which of `patients` are on a practice's register now, with the practice's name. */
async function caseManaged(
	db: Kysely<Database>,
	patients: string[],
	now: Date
): Promise<Map<string, string>> {
	if (!patients.length) return new Map();
	const { rows } = await sql<{ patient: string; practice: string }>`
		SELECT substr(c.spell, 5) AS patient, o.name AS practice
		FROM census_interval c JOIN organisation o ON o.code = c.org
		WHERE c.org IN (SELECT code FROM organisation WHERE kind = 'practice') AND c.metric = 'registered'
			AND c.spell = ANY(${patients.map((p) => `reg:${p}`)}::text[])
			AND c.start_at <= ${now} AND (c.end_at IS NULL OR c.end_at > ${now})
	`.execute(db);
	return new Map(rows.map((r) => [r.patient, r.practice]));
}

export function sortList(list: ListedSpell[], sort: Sort, descending: boolean): ListedSpell[] {
	const sign = descending ? -1 : 1;
	return [...list].sort((a, b) => {
		const x = a[sort] ?? '';
		const y = b[sort] ?? '';
		return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.spell < b.spell ? -1 : 1);
	});
}

/** A CSV cell: quoted when needed, and a leading = + - @ tab or CR neutralised so spreadsheets show it as text. */
export function csvCell(value: unknown): string {
	let text = value === null || value === undefined ? '' : String(value);
	if (/^[=+\-@\t\r\0]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
