// Where alarms are kept. An alarm is raised once per condition (a unique index on its key while it is open, so two
// nodes evaluating the same figure cannot raise it twice), acknowledged by a person, escalated by the policy, and
// resolved when the condition clears or by hand. Each step is a row of alarm_step and of the access audit.
import { sql, type Kysely, type Transaction } from 'kysely';
import { BUS, encodeOrgs } from '../../live/protocol.ts';
import type { AlarmKind, AlarmState, AlarmView } from '../../alarms.ts';
import { audit } from '../auth/audit.ts';
import type { AlarmTable } from '../db/alarmSchema.ts';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What an alarm is about; its `key` (`limit:msl:RVV01`, `spc:dtoc:RVV`, `feed:RVV01`) makes two evaluations one alarm. */
export type Condition = Pick<AlarmTable, 'key' | 'org' | 'metric' | 'kind' | 'message' | 'value'>;

/** Tells every node's hub (live/hub.ts) that these organisations' alarms changed. */
export async function announce(db: Kysely<Database>, orgs: string[]) {
	for (const payload of encodeOrgs([...new Set(orgs)]))
		await sql`SELECT pg_notify(${BUS.alarms}, ${payload})`.execute(db);
}

/** The actor steps the server takes itself are recorded under. */
export const SYSTEM = 'flowdeck';

export async function recordStep(
	db: Db,
	alarm: { id: string | number; org: string; key: string },
	step: string,
	by: string | null,
	at: Date,
	detail = ''
) {
	await db
		.insertInto('alarm_step')
		.values({ alarm_id: String(alarm.id), at, step, by, detail })
		.execute();
	await audit(db as Kysely<Database>, {
		at,
		actor: by ?? SYSTEM,
		role: null,
		org: alarm.org,
		action: `alarm-${step}`,
		target: `alarm ${alarm.id} ${alarm.key}`,
		outcome: 'succeeded',
		detail: detail || null,
		ip: null,
		request_id: null
	});
}

/**
 * A condition back within this long of clearing by itself reopens its alarm rather than raising another: a figure
 * hovering at its limit (or the swings of a history being loaded) is one alarm with its steps, not one per crossing.
 */
export const REOPEN_MS = 10 * 60_000;

/** Raises an alarm for a condition unless one is open for it already; the new or reopened alarm, or null. */
export async function raise(db: Kysely<Database>, c: Condition, at: Date): Promise<{ id: string } | null> {
	return db.transaction().execute(async (trx) => {
		const reopened = await trx
			.updateTable('alarm')
			.set((eb) => ({
				// one acknowledged before it cleared keeps its owner
				state: eb
					.case()
					.when('acknowledged_by', 'is not', null)
					.then('acknowledged')
					.else('raised')
					.end()
					.$castTo<AlarmState>(),
				resolved_at: null,
				resolved_by: null,
				resolve_reason: null,
				message: c.message,
				value: c.value
			}))
			.where('id', '=', (eb) =>
				eb
					.selectFrom('alarm')
					.select('id')
					.where('key', '=', c.key)
					.where('state', '=', 'resolved')
					.where('resolved_by', 'is', null)
					.where('resolved_at', '>=', new Date(at.getTime() - REOPEN_MS))
					.orderBy('resolved_at', 'desc')
					.limit(1)
			)
			.where('state', '=', 'resolved')
			// none may be open for the key (the unique index would refuse it): another node may have raised one
			.where((eb) =>
				eb.not(
					eb.exists(
						eb
							.selectFrom('alarm as open')
							.select('open.id')
							.where('open.key', '=', c.key)
							.where('open.state', '<>', 'resolved')
					)
				)
			)
			.returning(['id'])
			.executeTakeFirst();
		if (reopened) {
			await recordStep(trx, { id: reopened.id, org: c.org, key: c.key }, 'reopened', null, at, c.message);
			return reopened;
		}
		const row = await trx
			.insertInto('alarm')
			.values({ ...c, raised_at: at })
			.onConflict((oc) => oc.column('key').where('state', '<>', 'resolved').doNothing())
			.returning(['id'])
			.executeTakeFirst();
		if (!row) return null;
		await recordStep(trx, { id: row.id, org: c.org, key: c.key }, 'raised', null, at, c.message);
		return row;
	});
}

export type Outcome = 'done' | 'not-found' | 'not-open' | 'already';

/** Acknowledges a raised alarm: someone owns it now. */
export async function acknowledge(
	db: Kysely<Database>,
	id: number,
	by: string,
	comment: string,
	at: Date
): Promise<Outcome> {
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.updateTable('alarm')
			.set({ state: 'acknowledged', acknowledged_at: at, acknowledged_by: by, ack_comment: comment || null })
			.where('id', '=', String(id))
			.where('state', '=', 'raised')
			.returning(['id', 'org', 'key'])
			.executeTakeFirst();
		if (!row) return whyNot(trx, id, 'acknowledged');
		await recordStep(trx, row, 'acknowledged', by, at, comment);
		return 'done';
	});
}

/** Resolves an open alarm: by hand (`by`, with a reason) or because its condition cleared (`by` null). */
export async function resolve(
	db: Kysely<Database>,
	id: number | string,
	by: string | null,
	reason: string,
	at: Date
): Promise<Outcome> {
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.updateTable('alarm')
			.set({ state: 'resolved', resolved_at: at, resolved_by: by, resolve_reason: reason })
			.where('id', '=', String(id))
			.where('state', '<>', 'resolved')
			.returning(['id', 'org', 'key'])
			.executeTakeFirst();
		if (!row) return whyNot(trx, Number(id), 'resolved');
		await recordStep(trx, row, 'resolved', by, at, reason);
		return 'done';
	});
}

async function whyNot(db: Db, id: number, wanted: AlarmState): Promise<Outcome> {
	const row = await db.selectFrom('alarm').select('state').where('id', '=', String(id)).executeTakeFirst();
	if (!row) return 'not-found';
	return row.state === wanted ? 'already' : 'not-open';
}

/**
 * Resolves the open alarms of a kind whose condition no longer holds: those among `keys` (the ones evaluated)
 * that are not in `holding`. Returns the organisations whose alarms changed.
 */
export async function resolveCleared(
	db: Kysely<Database>,
	kind: AlarmKind,
	evaluated: { keys?: string[]; orgs?: string[] },
	holding: Set<string>,
	reason: string,
	at: Date
): Promise<string[]> {
	let query = db
		.selectFrom('alarm')
		.select(['id', 'key', 'org'])
		.where('state', '<>', 'resolved')
		.where('kind', '=', kind);
	if (evaluated.keys) query = query.where('key', 'in', evaluated.keys.length ? evaluated.keys : ['']);
	if (evaluated.orgs) query = query.where('org', 'in', evaluated.orgs.length ? evaluated.orgs : ['']);
	const open = await query.execute();
	const changed: string[] = [];
	for (const a of open.filter((a) => !holding.has(a.key)))
		if ((await resolve(db, a.id, null, reason, at)) === 'done') changed.push(a.org);
	return changed;
}

const view = (r: {
	id: string;
	org: string;
	org_name: string;
	metric: string | null;
	kind: AlarmKind;
	message: string;
	value: number | null;
	state: AlarmState;
	raised_at: Date;
	acknowledged_at: Date | null;
	acknowledged_by: string | null;
	ack_comment: string | null;
	resolved_at: Date | null;
	resolved_by: string | null;
	resolve_reason: string | null;
	escalated_steps: number;
}): AlarmView => ({
	id: Number(r.id),
	org: r.org,
	orgName: r.org_name,
	metric: r.metric,
	kind: r.kind,
	message: r.message,
	value: r.value === null ? null : Number(r.value),
	state: r.state,
	raisedAt: r.raised_at.toISOString(),
	acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
	acknowledgedBy: r.acknowledged_by,
	comment: r.ack_comment,
	resolvedAt: r.resolved_at?.toISOString() ?? null,
	resolvedBy: r.resolved_by,
	resolveReason: r.resolve_reason,
	escalatedSteps: r.escalated_steps
});

export interface AlarmFilter {
	/** alarms at or below this organisation */
	under?: string;
	/** and only at organisations in this set (what the viewer may see); null: all */
	visible?: Set<string> | null;
	metric?: string;
	kind?: AlarmKind;
	state?: AlarmState | 'open';
	from?: Date;
	to?: Date;
	limit?: number;
}

function selectAlarms(db: Kysely<Database>) {
	return db
		.selectFrom('alarm as a')
		.innerJoin('organisation as o', 'o.code', 'a.org')
		.select([
			'a.id',
			'a.org',
			'o.name as org_name',
			'a.metric',
			'a.kind',
			'a.message',
			'a.value',
			'a.state',
			'a.raised_at',
			'a.acknowledged_at',
			'a.acknowledged_by',
			'a.ack_comment',
			'a.resolved_at',
			'a.resolved_by',
			'a.resolve_reason',
			'a.escalated_steps'
		]);
}

export async function listAlarms(db: Kysely<Database>, f: AlarmFilter): Promise<AlarmView[]> {
	let q = selectAlarms(db);
	if (f.under)
		q = q.where('a.org', 'in', (eb) =>
			eb.selectFrom('org_closure').select('descendant').where('ancestor', '=', f.under!)
		);
	if (f.visible) q = q.where('a.org', 'in', f.visible.size ? [...f.visible] : ['']);
	if (f.metric) q = q.where('a.metric', '=', f.metric);
	if (f.kind) q = q.where('a.kind', '=', f.kind);
	if (f.state === 'open') q = q.where('a.state', '<>', 'resolved');
	else if (f.state) q = q.where('a.state', '=', f.state);
	if (f.from) q = q.where('a.raised_at', '>=', f.from);
	if (f.to) q = q.where('a.raised_at', '<', f.to);
	const rows = await q
		.orderBy('a.raised_at', 'desc')
		.orderBy('a.id', 'desc')
		.limit(f.limit ?? 500)
		.execute();
	return rows.map(view);
}

/** The open alarms at or below an organisation: what its boards and pages show. */
export const openAlarmsUnder = (db: Kysely<Database>, org: string) =>
	listAlarms(db, { under: org, state: 'open', limit: 200 });

export async function getAlarm(db: Kysely<Database>, id: number): Promise<AlarmView | null> {
	const row = await selectAlarms(db).where('a.id', '=', String(id)).executeTakeFirst();
	return row ? view(row) : null;
}

export async function alarmSteps(db: Kysely<Database>, id: number) {
	return db
		.selectFrom('alarm_step')
		.select(['at', 'step', 'by', 'detail'])
		.where('alarm_id', '=', String(id))
		.orderBy('at')
		.orderBy('id')
		.execute();
}
