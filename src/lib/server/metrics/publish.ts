// Keeps metric_current true for the organisations above those an ingest touched (and, from the ticker, above those
// time moved), appends each change to metric_snapshot, and announces it with NOTIFY, which PostgreSQL delivers only
// once the transaction commits.
import { sql, type Kysely } from 'kysely';
import { BUS, encodeAnnouncements } from '../../live/protocol.ts';
import type { MetricValues } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { londonDayStart } from '../time.ts';
import { addCounts, ownCounts, sumBelow, valuesOf, type OwnCounts } from './current.ts';

export interface Published {
	org: string;
	seq: number;
	changed: MetricValues;
}

function changedKeys(before: MetricValues | undefined, after: MetricValues): MetricValues {
	if (!before) return after;
	return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
}

type Closure = { ancestor: string; descendant: string }[];

const ancestorsCache = new WeakMap<Closure, Map<string, string[]>>();

/** Each organisation's ancestors (itself included), indexed once per closure. */
function ancestorsOf(closure: Closure): Map<string, string[]> {
	let up = ancestorsCache.get(closure);
	if (!up) {
		up = new Map();
		for (const { ancestor, descendant } of closure)
			up.set(descendant, [...(up.get(descendant) ?? []), ancestor]);
		ancestorsCache.set(closure, up);
	}
	return up;
}

const storedCounts = (db: Kysely<Database>, table: 'metric_own' | 'metric_total', orgs: string[]) =>
	orgs.length
		? db
				.selectFrom(table)
				.select(['org', 'counts'])
				.where('org', '=', sql<string>`ANY(${orgs}::text[])`)
				.execute()
				.then((rows) => new Map(rows.map((r) => [r.org, r.counts as OwnCounts])))
		: Promise.resolve(new Map<string, OwnCounts>());

const upsertCounts = async (
	db: Kysely<Database>,
	table: 'metric_own' | 'metric_total',
	counts: Map<string, OwnCounts>,
	at: Date
) => {
	const rows = [...counts].map(([org, c]) => ({ org, at, counts: JSON.stringify(c) }));
	for (let i = 0; i < rows.length; i += 1000)
		await db
			.insertInto(table)
			.values(rows.slice(i, i + 1000))
			.onConflict((oc) =>
				oc
					.column('org')
					.doUpdateSet((eb) => ({ at: eb.ref('excluded.at'), counts: eb.ref('excluded.counts') }))
			)
			.execute();
};

/**
 * The totals of the organisations above `leaves` once the leaves' own counts are taken again: each stored total moves
 * by the difference the fresh counts make, so the work follows the leaves and their ancestors, not the country.
 * A total not yet stored (a new organisation) is summed from the own counts below it.
 */
async function adjustTotals(db: Kysely<Database>, closure: Closure, leaves: string[], at: Date) {
	const up = ancestorsOf(closure);
	const affected = [...new Set(leaves.flatMap((l) => up.get(l) ?? []))];
	const [fresh, storedOwn, totals] = await Promise.all([
		ownCounts(db, leaves, at),
		storedCounts(db, 'metric_own', leaves),
		storedCounts(db, 'metric_total', affected)
	]);
	const missing = affected.filter((org) => !totals.has(org));
	for (const [leaf, counts] of fresh) {
		const before = storedOwn.get(leaf);
		for (const org of up.get(leaf) ?? []) {
			const total = totals.get(org);
			if (!total) continue;
			addCounts(total, counts, 1);
			if (before) addCounts(total, before, -1);
		}
	}
	if (missing.length) {
		const wanted = new Set(missing);
		const below = closure.filter((c) => wanted.has(c.ancestor));
		const own = await storedCounts(db, 'metric_own', [...new Set(below.map((c) => c.descendant))]);
		for (const [leaf, counts] of fresh) own.set(leaf, counts);
		for (const [org, total] of sumBelow(own, below, missing)) totals.set(org, total);
	}
	return { fresh, totals };
}

/** Every organisation's own counts taken again and summed up the hierarchy (the ticker at midnight, a new node). */
async function recountAll(db: Kysely<Database>, closure: Closure, at: Date) {
	const orgs = [...new Set(closure.map((c) => c.ancestor))];
	const fresh = await ownCounts(db, orgs, at);
	return { fresh, totals: sumBelow(fresh, closure, orgs) };
}

/**
 * The organisations whose own counts moved with time alone in [from, to): a census interval began or ended (a stay
 * passing 15 days), or a flow point fell due. Counting these again brings every figure to `to`, as long as the day
 * has not turned (flows start again at midnight).
 */
export async function crossedSince(db: Kysely<Database>, from: Date, to: Date): Promise<string[]> {
	const { rows } = await sql<{ org: string }>`
		SELECT org FROM census_interval WHERE start_at >= ${from} AND start_at < ${to}
		UNION SELECT org FROM census_interval WHERE end_at >= ${from} AND end_at < ${to}
		UNION SELECT org FROM flow_event WHERE at >= ${from} AND at < ${to}
	`.execute(db);
	return rows.map((r) => r.org);
}

/**
 * Recompute the own counts of `leaves` (null: every organisation), move the totals above them, and store the figures
 * of every organisation above them; returns those that changed. Only the touched organisations are counted again:
 * the others' counts stand as the last ingest or tick left them, in metric_own and metric_total.
 */
export async function publishMetrics(
	db: Kysely<Database>,
	closure: Closure,
	leaves: string[] | null,
	at: Date
): Promise<Published[]> {
	if (leaves && !leaves.length) return [];
	const { fresh, totals } = leaves
		? await adjustTotals(db, closure, leaves, at)
		: await recountAll(db, closure, at);
	const affected = [...totals.keys()];
	const stored = await db
		.selectFrom('metric_current')
		.select(['org', 'seq', 'metrics'])
		.where('org', '=', sql<string>`ANY(${affected}::text[])`)
		.execute();
	await upsertCounts(db, 'metric_own', fresh, at);
	await upsertCounts(db, 'metric_total', totals, at);
	const values = new Map([...totals].map(([org, total]) => [org, valuesOf(total)]));

	const before = new Map(stored.map((r) => [r.org, r]));
	const published: Published[] = [];
	const unchanged: string[] = [];
	for (const [org, metrics] of values) {
		const old = before.get(org);
		const changed = changedKeys(old?.metrics, metrics);
		if (old && !Object.keys(changed).length) {
			unchanged.push(org);
			continue;
		}
		published.push({ org, seq: Number(old?.seq ?? 0) + 1, changed });
	}
	if (published.length) {
		await db
			.insertInto('metric_current')
			.values(
				published.map((p) => ({
					org: p.org,
					seq: p.seq,
					as_of: at,
					metrics: JSON.stringify(values.get(p.org))
				}))
			)
			.onConflict((oc) =>
				oc.column('org').doUpdateSet((eb) => ({
					seq: eb.ref('excluded.seq'),
					as_of: eb.ref('excluded.as_of'),
					metrics: eb.ref('excluded.metrics')
				}))
			)
			.execute();
	}
	// unchanged figures are still confirmed as of now, so screens can tell fresh from stale
	if (unchanged.length)
		await db.updateTable('metric_current').set({ as_of: at }).where('org', 'in', unchanged).execute();
	if (published.length) {
		await db
			.insertInto('metric_snapshot')
			.values(
				published.map((p) => ({ org: p.org, seq: p.seq, at, metrics: JSON.stringify(values.get(p.org)) }))
			)
			.execute();
		// announce org and seq only; listeners read the figures from the database
		for (const payload of encodeAnnouncements(published))
			await sql`SELECT pg_notify(${BUS.metrics}, ${payload})`.execute(db);
	}
	return published;
}

/**
 * The ticker's turn: brings every figure from `since` (when this node last did, null at its start) to `at`. Counts
 * everything at start and when the day turns (flows start again at midnight), otherwise only the organisations time
 * moved; then confirms every figure as of `at`, so screens tell fresh data from a stalled pipeline.
 */
export async function publishDue(db: Kysely<Database>, closure: Closure, since: Date | null, at: Date) {
	const day = (t: Date) => londonDayStart(new Date(t.getTime() - 1)).getTime();
	const leaves = since && day(since) === day(at) ? await crossedSince(db, since, at) : null;
	const published = !leaves || leaves.length ? await publishMetrics(db, closure, leaves, at) : [];
	await db.updateTable('metric_current').set({ as_of: at }).where('as_of', '<', at).execute();
	return published;
}
