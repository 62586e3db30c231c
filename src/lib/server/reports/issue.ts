// Issuing a report freezes it: its content is stored as it stands and never recomputed, so last month's report reads
// the same after late data arrives. Issuing again makes a new version, shown as a revision of the one before.
import type { Kysely } from 'kysely';
import type { Database, ReportTable } from '../db/schema.ts';

export type ReportKind = ReportTable['kind'];

export async function issueReport(
	db: Kysely<Database>,
	report: {
		kind: ReportKind;
		scope: string;
		period: string;
		title: string;
		asOf: string;
		content: unknown;
		by: string;
	}
): Promise<{ id: number; version: number }> {
	return db.transaction().execute(async (trx) => {
		const last = await trx
			.selectFrom('report')
			.select((eb) => eb.fn.max('version').as('version'))
			.where('kind', '=', report.kind)
			.where('scope', '=', report.scope)
			.where('period', '=', report.period)
			.executeTakeFirst();
		const version = Number(last?.version ?? 0) + 1;
		const row = await trx
			.insertInto('report')
			.values({
				kind: report.kind,
				scope: report.scope,
				period: report.period,
				version,
				title: report.title,
				issued_by: report.by,
				data_as_of: report.asOf,
				content: JSON.stringify({ ...(report.content as object), version })
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { id: row.id, version };
	});
}

export interface IssuedReport {
	id: number;
	kind: ReportKind;
	scope: string;
	period: string;
	version: number;
	title: string;
	issuedAt: string;
	issuedBy: string;
	asOf: string;
	/** the version this one revises, and when that was issued */
	revises: { id: number; version: number; issuedAt: string } | null;
	/** a later version exists */
	revisedBy: { id: number; version: number } | null;
}

const toIssued = (r: {
	id: number;
	kind: ReportKind;
	scope: string;
	period: string;
	version: number;
	title: string;
	issued_at: Date;
	issued_by: string;
	data_as_of: Date;
}) => ({
	id: r.id,
	kind: r.kind,
	scope: r.scope,
	period: r.period,
	version: r.version,
	title: r.title,
	issuedAt: r.issued_at.toISOString(),
	issuedBy: r.issued_by,
	asOf: r.data_as_of.toISOString()
});

const COLUMNS = [
	'id',
	'kind',
	'scope',
	'period',
	'version',
	'title',
	'issued_at',
	'issued_by',
	'data_as_of'
] as const;

export async function getReport(
	db: Kysely<Database>,
	id: number
): Promise<(IssuedReport & { content: unknown }) | null> {
	const row = await db
		.selectFrom('report')
		.select([...COLUMNS, 'content'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const siblings = await db
		.selectFrom('report')
		.select(['id', 'version', 'issued_at'])
		.where('kind', '=', row.kind)
		.where('scope', '=', row.scope)
		.where('period', '=', row.period)
		.orderBy('version')
		.execute();
	const before = siblings.filter((s) => s.version < row.version).at(-1);
	const after = siblings.filter((s) => s.version > row.version).at(-1);
	return {
		...toIssued(row),
		content: typeof row.content === 'string' ? JSON.parse(row.content) : row.content,
		revises: before
			? { id: before.id, version: before.version, issuedAt: before.issued_at.toISOString() }
			: null,
		revisedBy: after ? { id: after.id, version: after.version } : null
	};
}

/** Issued reports, newest first, for the history of each meeting. */
/**
 * The organisation a report is about, which decides who may read it: a pack's scope, a scheme's organisation (from
 * `schemeOrg`), null for the whole programme.
 */
export function orgOfReport(
	kind: string,
	scope: string,
	schemeOrg: (id: string) => string | null
): string | null {
	if (kind === 'weekly') return scope;
	return scope === 'programme' ? null : schemeOrg(scope);
}

/** The same, for one report: its scheme read from the database when it has one. */
export async function reportOrg(db: Kysely<Database>, kind: string, scope: string): Promise<string | null> {
	if (kind === 'weekly' || scope === 'programme') return orgOfReport(kind, scope, () => null);
	const scheme = await db.selectFrom('scheme').select('org').where('id', '=', scope).executeTakeFirst();
	return scheme?.org ?? null;
}

export async function listReports(db: Kysely<Database>, kind?: ReportKind) {
	let q = db
		.selectFrom('report')
		.select([...COLUMNS])
		.orderBy('period', 'desc')
		.orderBy('version', 'desc');
	if (kind) q = q.where('kind', '=', kind);
	return (await q.limit(500).execute()).map(toIssued);
}
