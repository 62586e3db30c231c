// Storing returns and moving them through their workflow. Every write is a new row or a draft edited in place;
// nothing approved is ever changed: a correction is the next version, with its reason, and needs approving again.
// The figure in force for a KPI, organisation and period is its latest approved version.
import type { Kysely } from 'kysely';
import type { Database, KpiReturnTable } from '../db/schema.ts';
import { returnPeriod, SPEND, type ReturnContext, type ReturnInput } from './validate.ts';
import { measuredBy } from './coverage.ts';

export class ReturnRefused extends Error {}

export interface Sender {
	/** the person (username) or the key (`key:<id>`) that sent it */
	by: string;
	/** form, csv, api:<source>, simulator */
	source: string;
	simulated?: boolean;
}

export interface StoredReturn {
	id: number;
	kpi: string;
	org: string;
	scheme: string;
	period: string;
	version: number;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	state: KpiReturnTable['state'];
	reason: string | null;
	source: string;
	simulated: boolean;
	enteredBy: string;
	enteredAt: string;
	decidedBy: string | null;
	decidedAt: string | null;
	decisionNote: string | null;
	/** a later version exists */
	superseded: boolean;
}

/** What a return may name: the KPIs fed by returns with their units, the organisations, the schemes. */
export async function returnContext(db: Kysely<Database>, now = new Date()): Promise<ReturnContext> {
	const [kpis, orgs, schemes] = await Promise.all([
		db.selectFrom('kpi').select(['id', 'unit']).execute(),
		db.selectFrom('organisation').select('code').execute(),
		db.selectFrom('scheme').select(['id', 'org']).execute()
	]);
	return {
		kpis: new Map(kpis.filter((k) => measuredBy(k.id) === 'returns').map((k) => [k.id, k.unit])),
		orgs: new Set(orgs.map((o) => o.code)),
		schemes: new Map(schemes.map((s) => [s.id, s.org])),
		now
	};
}

const key = (r: { kpi: string; org: string; scheme: string; period: string }) =>
	`${r.kpi}|${r.org}|${r.scheme}|${r.period}`;

/**
 * Saves a return as a draft, or submits it. A draft is edited in place; once submitted, approved or rejected, a
 * change is the next version, and a change to a figure someone has submitted or approved must say why.
 */
export async function saveReturn(
	db: Kysely<Database>,
	input: ReturnInput,
	sender: Sender,
	submit: boolean
): Promise<{ id: number; version: number; state: 'draft' | 'submitted' }> {
	const state = submit ? 'submitted' : 'draft';
	try {
		return await db.transaction().execute(async (trx) => {
			const versions = await trx
				.selectFrom('kpi_return')
				.select(['id', 'version', 'state'])
				.where('kpi', '=', input.kpi)
				.where('org', '=', input.org)
				.where('scheme', '=', input.scheme)
				.where('period', '=', input.period)
				.orderBy('version', 'desc')
				.forUpdate()
				.execute();
			const latest = versions[0];
			const figures = {
				value: input.value,
				numerator: input.numerator,
				denominator: input.denominator,
				reason: input.reason,
				source: sender.source,
				simulated: sender.simulated ?? false,
				entered_by: sender.by,
				entered_at: new Date(),
				state
			} as const;
			if (latest?.state === 'draft') {
				if (latest.version > 1 && !input.reason)
					throw new ReturnRefused(`version ${latest.version} corrects an earlier one: say why (reason)`);
				await trx.updateTable('kpi_return').set(figures).where('id', '=', latest.id).execute();
				return { id: latest.id, version: latest.version, state };
			}
			if (latest && !input.reason)
				throw new ReturnRefused(
					`${input.kpi} for ${input.period} already has version ${latest.version} (${latest.state}): a correction needs a reason`
				);
			const row = await trx
				.insertInto('kpi_return')
				.values({
					...figures,
					kpi: input.kpi,
					org: input.org,
					scheme: input.scheme,
					period: input.period,
					version: (latest?.version ?? 0) + 1
				})
				.returning(['id', 'version'])
				.executeTakeFirstOrThrow();
			return { id: row.id, version: row.version, state };
		});
	} catch (e) {
		if ((e as { code?: string }).code === '23505')
			throw new ReturnRefused(
				`${input.kpi} for ${input.period} was changed at the same moment; send it again`
			);
		throw e;
	}
}

async function latestOf(db: Kysely<Database>, id: number) {
	const row = await db.selectFrom('kpi_return').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) throw new ReturnRefused(`there is no return ${id}`);
	const newer = await db
		.selectFrom('kpi_return')
		.select('version')
		.where('kpi', '=', row.kpi)
		.where('org', '=', row.org)
		.where('scheme', '=', row.scheme)
		.where('period', '=', row.period)
		.where('version', '>', row.version)
		.executeTakeFirst();
	if (newer) throw new ReturnRefused(`version ${row.version} has been corrected by version ${newer.version}`);
	return row;
}

/** The return a decision or a submission is about, for checking who may make it. */
export async function findReturn(db: Kysely<Database>, id: number) {
	return db
		.selectFrom('kpi_return')
		.select(['id', 'kpi', 'org', 'scheme', 'period', 'version', 'state'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function submitReturn(db: Kysely<Database>, id: number, by: string) {
	const row = await latestOf(db, id);
	if (row.state !== 'draft') throw new ReturnRefused(`version ${row.version} is ${row.state}, not a draft`);
	await db
		.updateTable('kpi_return')
		.set({ state: 'submitted', entered_by: by, entered_at: new Date() })
		.where('id', '=', id)
		.where('state', '=', 'draft')
		.execute();
}

/** Approves or rejects a submitted return; a rejection says why. */
export async function decideReturn(
	db: Kysely<Database>,
	id: number,
	decision: 'approved' | 'rejected',
	by: string,
	note: string | null
) {
	const row = await latestOf(db, id);
	if (row.state !== 'submitted')
		throw new ReturnRefused(
			`version ${row.version} is ${row.state}: only a submitted return is approved or rejected`
		);
	if (decision === 'rejected' && !note?.trim()) throw new ReturnRefused('a rejection says why (note)');
	// four eyes: whoever entered a figure does not approve it
	if (row.entered_by === by)
		throw new ReturnRefused(`${by} entered version ${row.version}; someone else approves it`);
	const done = await db
		.updateTable('kpi_return')
		.set({ state: decision, decided_by: by, decided_at: new Date(), decision_note: note?.trim() || null })
		.where('id', '=', id)
		.where('state', '=', 'submitted')
		.executeTakeFirst();
	if (!done.numUpdatedRows)
		throw new ReturnRefused('the return was decided by someone else at the same moment');
}

const toStored = (r: KpiReturnRow, superseded: boolean): StoredReturn => ({
	id: r.id,
	kpi: r.kpi,
	org: r.org,
	scheme: r.scheme,
	period: r.period,
	version: r.version,
	value: r.value === null ? null : Number(r.value),
	numerator: r.numerator === null ? null : Number(r.numerator),
	denominator: r.denominator === null ? null : Number(r.denominator),
	state: r.state,
	reason: r.reason,
	source: r.source,
	simulated: r.simulated,
	enteredBy: r.entered_by,
	enteredAt: r.entered_at.toISOString(),
	decidedBy: r.decided_by,
	decidedAt: r.decided_at?.toISOString() ?? null,
	decisionNote: r.decision_note,
	superseded
});
type KpiReturnRow = Awaited<ReturnType<typeof allVersions>>[number];

function allVersions(db: Kysely<Database>, org: string, kpis: string[], scheme: string | null) {
	return db
		.selectFrom('kpi_return')
		.selectAll()
		.where('org', '=', org)
		.where((eb) => {
			const figures = eb.and([eb('scheme', '=', ''), eb('kpi', 'in', kpis.length ? kpis : [''])]);
			if (scheme === null) return figures;
			return eb.or([figures, eb.and([eb('scheme', '=', scheme), eb('kpi', '=', SPEND)])]);
		})
		.orderBy('period', 'desc')
		.orderBy('kpi')
		.orderBy('version', 'desc')
		.execute();
}

/** Every version of the returns of a scheme's KPIs and of its spend at its organisation, latest period first. */
export async function listReturns(db: Kysely<Database>, org: string, kpis: string[], scheme: string) {
	const rows = await allVersions(db, org, kpis, scheme);
	const latest = new Map<string, number>();
	for (const r of rows) latest.set(key(r), Math.max(latest.get(key(r)) ?? 0, r.version));
	return rows.map((r) => toStored(r, r.version < latest.get(key(r))!));
}

/** The figures in force: for each KPI and period, its latest approved version. */
export async function approvedReturns(
	db: Kysely<Database>,
	org: string,
	kpis: string[],
	scheme: string | null = null
): Promise<StoredReturn[]> {
	const rows = await allVersions(db, org, kpis, scheme);
	return inForce(rows.map((r) => toStored(r, false)));
}

/** Of any versions, the figures in force (each KPI and period's latest approved version), oldest period first. */
export function inForce(rows: StoredReturn[]): StoredReturn[] {
	const latest = new Map<string, StoredReturn>();
	for (const r of rows)
		if (r.state === 'approved' && (latest.get(key(r))?.version ?? 0) < r.version) latest.set(key(r), r);
	return [...latest.values()].sort(
		(a, b) => returnPeriod(a.period)!.start.getTime() - returnPeriod(b.period)!.start.getTime()
	);
}

/** Pending returns an approver can decide, oldest first. */
export async function pendingReturns(db: Kysely<Database>, orgs: string[] | null) {
	let q = db.selectFrom('kpi_return').selectAll().where('state', '=', 'submitted');
	if (orgs) q = q.where('org', 'in', orgs.length ? orgs : ['']);
	const rows = await q.orderBy('entered_at').limit(500).execute();
	return rows.map((r) => toStored(r, false));
}
