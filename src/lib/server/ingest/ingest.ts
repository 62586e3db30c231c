// The ingest path: validate, de-duplicate by (source, event id), check each event against its spell, commit the
// events with the spell state and figures they change, and report every event's outcome. One transaction per
// batch: the caller hears back only after commit, and a failure writes nothing.
import { createHash } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database, RejectedEventTable } from '../db/schema.ts';
import { recordFeedHours } from './feedHours.ts';
import { rejectedRow } from './rejected.ts';
import { noteAccepted } from '../db/vacuum.ts';
import { recordAttendances, refreshSpells, spellKey, type SpellKey } from '../metrics/engine.ts';
import { refreshGpSessions } from '../metrics/gpSessions.ts';
import { refreshCommunity } from '../metrics/community.ts';
import { PERSON_TYPES } from '../../community.ts';
import { loadClosure } from '../metrics/current.ts';
import { publishMetrics, type Published } from '../metrics/publish.ts';
import type { SourceKey } from './keys.ts';
import { loadRegister, type IngestRegister } from './register.ts';
import { ATTENDANCE_TYPES, GP_TYPES, validateEvent, type FieldError, type IngestEvent } from './validate.ts';

export type Outcome = {
	index: number;
	/** 1-based line of a CSV upload */
	row?: number;
	id: string | null;
	status: 'accepted' | 'duplicate' | 'rejected';
	errors?: FieldError[];
};

export interface IngestResult {
	accepted: number;
	duplicate: number;
	rejected: number;
	results: Outcome[];
	published: Published[];
	/** the organisations whose figures the batch changed (left unpublished with `publish: false`) */
	touched: string[];
}

export class ScopeError extends Error {}

/**
 * Whether an event naming `site` lies outside a key's organisations: a known site the key may not send. Checked for
 * every event, valid or not, before anything of the batch is written, rejected events included.
 */
export function outsideKey(key: SourceKey, register: IngestRegister): (site: unknown) => boolean {
	if (!key.orgs) return () => false;
	const allowed = register.sitesIn(key.orgs);
	return (site) => typeof site === 'string' && register.wardsBySite.has(site) && !allowed.has(site);
}

/** The advisory lock that puts ingests (and the minute ticker) in one line, so spell checks and seq never race. */
export const INGEST_LOCK = 7427002;

const hashOf = (body: Record<string, unknown>) =>
	createHash('sha256').update(JSON.stringify(body)).digest('hex');
const spellKeyOf = (e: { site: string; spell: string | null }) => spellKey(e.site, e.spell ?? '');

interface SpellFacts {
	admittedAt: number | null;
	dischargedAt: number | null;
}

/** Contradictions with what is already known of the spell; events may still arrive in any order. */
function spellConflict(e: IngestEvent, facts: SpellFacts): FieldError | null {
	const t = e.occurredAt.getTime();
	if (e.type === 'admission') {
		if (facts.admittedAt !== null) return { field: 'spell', reason: 'already has an admission' };
		if (facts.dischargedAt !== null && t >= facts.dischargedAt)
			return {
				field: 'occurredAt',
				reason: `is not before the spell's discharge at ${new Date(facts.dischargedAt).toISOString()}`
			};
		return null;
	}
	if (e.type === 'discharge') {
		if (facts.dischargedAt !== null) return { field: 'spell', reason: 'is already discharged' };
		if (facts.admittedAt !== null && t <= facts.admittedAt)
			return {
				field: 'occurredAt',
				reason: `is not after the spell's admission at ${new Date(facts.admittedAt).toISOString()}`
			};
		return null;
	}
	if (facts.dischargedAt !== null && t > facts.dischargedAt)
		return {
			field: 'occurredAt',
			reason: `is after the spell's discharge at ${new Date(facts.dischargedAt).toISOString()}`
		};
	return null;
}

export async function ingest(
	db: Kysely<Database>,
	key: SourceKey,
	raw: unknown[],
	options: { rows?: number[]; now?: Date; publish?: boolean } = {}
): Promise<IngestResult> {
	const [register, closure] = await Promise.all([loadRegister(db), loadClosure(db)]);
	const receivedAt = options.now ?? new Date();
	const results: Outcome[] = [];
	const rejectedRows: Insertable<RejectedEventTable>[] = [];
	const valid: { index: number; event: IngestEvent; hash: string }[] = [];

	const outside = outsideKey(key, register);
	for (const item of raw) {
		const site = typeof item === 'object' && item !== null ? (item as { site?: unknown }).site : undefined;
		if (outside(site))
			throw new ScopeError(`this key may not send events for site ${site}; nothing was stored`);
	}
	raw.forEach((item, index) => {
		const v = validateEvent(item, register);
		const row = options.rows?.[index];
		if (v.ok) {
			valid.push({ index, event: v.event, hash: hashOf(v.event.body) });
			results[index] = { index, ...(row ? { row } : {}), id: v.event.id, status: 'accepted' };
		} else {
			results[index] = { index, ...(row ? { row } : {}), id: v.id, status: 'rejected', errors: v.errors };
			rejectedRows.push(rejectedRow(key, register, receivedAt, results[index], v.event));
		}
	});

	const reject = (index: number, error: FieldError, body: Record<string, unknown>) => {
		results[index] = { ...results[index], status: 'rejected', errors: [error] };
		rejectedRows.push(rejectedRow(key, register, receivedAt, results[index], body));
	};

	const { published, touched } = await db.transaction().execute(async (trx) => {
		// never an asynchronous commit, whatever the server's default: the answer promises the events survive a crash
		await sql`
			SELECT pg_advisory_xact_lock(${INGEST_LOCK}), set_config('synchronous_commit',
				CASE WHEN current_setting('synchronous_commit') IN ('off', 'local') THEN 'on'
				ELSE current_setting('synchronous_commit') END, true)
		`.execute(trx);
		const receipts = await existingReceipts(
			trx,
			key.source,
			valid.map((v) => v.event.id)
		);
		const facts = await spellFacts(
			trx,
			valid.map((v) => v.event).filter((e) => e.spell !== null)
		);

		const accepted: typeof valid = [];
		for (const v of valid) {
			const seen = receipts.get(v.event.id);
			if (seen !== undefined) {
				if (seen === v.hash) results[v.index].status = 'duplicate';
				else
					reject(
						v.index,
						{ field: 'id', reason: 'was already used by this source for a different event' },
						v.event.body
					);
				continue;
			}
			if (v.event.spell !== null) {
				const f = facts.get(spellKeyOf(v.event)) ?? { admittedAt: null, dischargedAt: null };
				const conflict = spellConflict(v.event, f);
				if (conflict) {
					reject(v.index, conflict, v.event.body);
					continue;
				}
				if (v.event.type === 'admission') f.admittedAt = v.event.occurredAt.getTime();
				if (v.event.type === 'discharge') f.dischargedAt = v.event.occurredAt.getTime();
				facts.set(spellKeyOf(v.event), f);
			}
			receipts.set(v.event.id, v.hash);
			accepted.push(v);
		}

		await insertAccepted(trx, key.source, receivedAt, accepted);
		for (let i = 0; i < rejectedRows.length; i += 500) {
			await trx
				.insertInto('rejected_event')
				.values(rejectedRows.slice(i, i + 500))
				.execute();
		}

		const spells = new Map<string, SpellKey>();
		for (const { event } of accepted)
			if (event.spell !== null) spells.set(spellKeyOf(event), { site: event.site, spell: event.spell });
		const stays = new Set(
			accepted
				.filter((v) => ['admission', 'discharge', 'ward_transfer'].includes(v.event.type))
				.map((v) => spellKey(v.event.site, v.event.spell!))
		);
		const touched = await refreshSpells(trx, [...spells.values()], stays);
		const attendanceEvents = accepted
			.filter((v) => ATTENDANCE_TYPES.includes(v.event.type))
			.map((v) => ({
				site: v.event.site,
				id: v.event.id,
				type: v.event.type,
				occurredAt: v.event.occurredAt,
				body: v.event.body
			}));
		for (const org of await recordAttendances(trx, attendanceEvents)) touched.add(org);
		const sessions = accepted
			.filter((v) => GP_TYPES.includes(v.event.type))
			.map((v) => ({ site: v.event.site, session: v.event.body.session as string }));
		for (const org of await refreshGpSessions(trx, sessions)) touched.add(org);
		const community = accepted.map((v) => v.event);
		const named = {
			people: community
				.filter((e) => PERSON_TYPES.includes(e.type))
				.map((e) => ({ site: e.site, key: e.body.patient as string })),
			stays: community
				.filter((e) => e.type === 'ic_admission' || e.type === 'ic_discharge')
				.map((e) => ({ site: e.site, key: e.body.stay as string })),
			units: community.filter((e) => e.type === 'ic_beds').map((e) => e.site)
		};
		for (const org of await refreshCommunity(trx, named)) touched.add(org);
		if (options.publish === false) return { published: [], touched: [...touched] };
		// figures as of now, in the lock: never earlier than those the ticker or another batch published before
		const at = options.now ?? new Date();
		return { published: await publishMetrics(trx, closure, [...touched], at), touched: [...touched] };
	});

	const count = (s: Outcome['status']) => results.filter((r) => r.status === s).length;
	noteAccepted(db, count('accepted'));
	return {
		accepted: count('accepted'),
		duplicate: count('duplicate'),
		rejected: count('rejected'),
		results,
		published,
		touched
	};
}

/** Publishes the figures of organisations whose events were stored with `publish: false` (ingest/upload.ts). */
export async function publishFor(db: Kysely<Database>, orgs: string[], at?: Date): Promise<void> {
	const closure = await loadClosure(db);
	await db.transaction().execute(async (trx) => {
		await sql`SELECT pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
		await publishMetrics(trx, closure, orgs, at ?? new Date());
	});
}

async function existingReceipts(trx: Transaction<Database>, source: string, ids: string[]) {
	const found = new Map<string, string>();
	if (!ids.length) return found;
	const rows = await trx
		.selectFrom('ingest_receipt')
		.select(['event_id', 'body_hash'])
		.where('source', '=', source)
		.where('event_id', '=', sql<string>`ANY(${ids}::text[])`)
		.execute();
	for (const r of rows) found.set(r.event_id, r.body_hash);
	return found;
}

async function spellFacts(trx: Transaction<Database>, events: IngestEvent[]) {
	const facts = new Map<string, SpellFacts>();
	const keys = [...new Map(events.map((e) => [spellKeyOf(e), e])).values()];
	if (!keys.length) return facts;
	const rows = await sql<{
		site: string;
		spell: string;
		admitted_at: Date | null;
		discharged_at: Date | null;
	}>`
		SELECT s.site, s.spell, s.admitted_at, s.discharged_at
		FROM spell s
		WHERE s.site = ANY(${[...new Set(keys.map((k) => k.site))]}::text[]) AND s.spell = ANY(${[...new Set(keys.map((k) => k.spell))]}::text[])
	`.execute(trx);
	for (const r of rows.rows) {
		facts.set(`${r.site}\u0000${r.spell}`, {
			admittedAt: r.admitted_at?.getTime() ?? null,
			dischargedAt: r.discharged_at?.getTime() ?? null
		});
	}
	return facts;
}

async function insertAccepted(
	trx: Transaction<Database>,
	source: string,
	receivedAt: Date,
	accepted: { event: IngestEvent; hash: string }[]
) {
	// arrays rather than a parameter per value: a CSV file of 200,000 rows is one statement per table
	const events = accepted.map((v) => v.event);
	if (!events.length) return;
	await sql`
		INSERT INTO ingest_receipt (source, event_id, body_hash, received_at)
		SELECT ${source}, id, hash, ${receivedAt} FROM unnest(${events.map((e) => e.id)}::text[], ${accepted.map((v) => v.hash)}::text[]) AS r(id, hash)
	`.execute(trx);
	await sql`
		INSERT INTO event (occurred_at, received_at, source, event_id, type, site, spell, body)
		SELECT occurred_at, ${receivedAt}, ${source}, event_id, type, site, spell, body
		FROM unnest(
			${events.map((e) => e.occurredAt)}::timestamptz[], ${events.map((e) => e.id)}::text[], ${events.map((e) => e.type)}::text[],
			${events.map((e) => e.site)}::text[], ${events.map((e) => e.spell)}::text[], ${events.map((e) => JSON.stringify(e.body))}::jsonb[]
		) AS e(occurred_at, event_id, type, site, spell, body)
	`.execute(trx);
	await recordFeedHours(trx, source, receivedAt, events);
}
