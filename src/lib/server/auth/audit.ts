// The access audit: patient-list views and exports, every denial, sign-ins and changes to users, roles, keys and
// devices. Rows are only ever inserted (the table refuses UPDATE, DELETE and TRUNCATE), and never hold the data
// that was shown, only what was asked for.
import type { Kysely } from 'kysely';
import type { AccessAuditTable, Database } from '../db/schema.ts';
import { actorLabel, roleLabel, type Principal } from './policy.ts';

export type AuditEntry = Omit<AccessAuditTable, 'id' | 'at'> & { at?: Date };
export type Outcome = AccessAuditTable['outcome'];

const clip = (v: string | null | undefined, n: number) => (v == null ? null : v.slice(0, n));

export async function audit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('access_audit')
		.values({
			...entry,
			actor: entry.actor.slice(0, 120),
			target: clip(entry.target, 500),
			detail: clip(entry.detail, 20_000)
		})
		.execute();
}

/** A row about something a principal (a user, a screen) did or was refused, with who and which roles they held. */
export function auditBy(
	db: Kysely<Database>,
	principal: Principal,
	entry: Pick<AuditEntry, 'action' | 'outcome'> &
		Partial<Pick<AuditEntry, 'org' | 'target' | 'detail' | 'ip' | 'request_id'>>
) {
	return audit(db, {
		actor: actorLabel(principal),
		role: roleLabel(principal),
		org: null,
		target: null,
		detail: null,
		ip: null,
		request_id: null,
		...entry
	});
}

export interface AuditFilter {
	actor?: string;
	action?: string;
	outcome?: Outcome;
	org?: string;
	from?: Date;
	to?: Date;
	limit?: number;
	before?: number;
	/** only rows about these organisations (null or absent: every row) */
	within?: Set<string> | null;
}

export async function listAudit(db: Kysely<Database>, filter: AuditFilter) {
	let q = db.selectFrom('access_audit').selectAll().orderBy('id', 'desc');
	if (filter.actor) q = q.where('actor', '=', filter.actor);
	if (filter.action) q = q.where('action', '=', filter.action);
	if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
	if (filter.org) q = q.where('org', '=', filter.org);
	// an administrator's view: rows about their organisations (rows about none are a global administrator's)
	if (filter.within) q = q.where('org', 'in', filter.within.size ? [...filter.within] : ['']);
	if (filter.from) q = q.where('at', '>=', filter.from);
	if (filter.to) q = q.where('at', '<', filter.to);
	if (filter.before) q = q.where('id', '<', String(filter.before));
	const rows = await q.limit(filter.limit ?? 200).execute();
	return rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() }));
}

export async function auditActions(db: Kysely<Database>): Promise<string[]> {
	const rows = await db.selectFrom('access_audit').select('action').distinct().orderBy('action').execute();
	return rows.map((r) => r.action);
}
