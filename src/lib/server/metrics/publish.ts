// Keeps metric_current true for the organisations an ingest touched (and, from the ticker, for all), appends each
// change to metric_snapshot, and announces it with NOTIFY, which PostgreSQL delivers only once the transaction commits.
import { sql, type Kysely } from 'kysely';
import { BUS, encodeAnnouncements } from '../../live/protocol.ts';
import type { MetricValues } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { ownCounts, rollUp, type OwnCounts } from './current.ts';

export interface Published {
	org: string;
	seq: number;
	changed: MetricValues;
}

function changedKeys(before: MetricValues | undefined, after: MetricValues): MetricValues {
	if (!before) return after;
	return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
}

/**
 * Recompute the own counts of `leaves` (null: every organisation), sum them up the hierarchy, and store the figures
 * of every organisation above them; returns those that changed. Only the touched organisations are counted again:
 * the others' own counts are read back as the last ingest or tick left them.
 */
export async function publishMetrics(
	db: Kysely<Database>,
	closure: { ancestor: string; descendant: string }[],
	leaves: string[] | null,
	at: Date
): Promise<Published[]> {
	if (leaves && !leaves.length) return [];
	const affected = leaves
		? [...new Set(closure.filter((c) => leaves.includes(c.descendant)).map((c) => c.ancestor))]
		: [...new Set(closure.map((c) => c.ancestor))];
	const [fresh, storedOwn, stored] = await Promise.all([
		ownCounts(db, leaves ?? affected, at),
		leaves ? db.selectFrom('metric_own').select(['org', 'counts']).execute() : Promise.resolve([]),
		db.selectFrom('metric_current').select(['org', 'seq', 'metrics']).where('org', 'in', affected).execute()
	]);
	const own = new Map<string, OwnCounts>(storedOwn.map((r) => [r.org, r.counts]));
	for (const [org, counts] of fresh) own.set(org, counts);
	await db
		.insertInto('metric_own')
		.values([...fresh].map(([org, counts]) => ({ org, at, counts: JSON.stringify(counts) })))
		.onConflict((oc) =>
			oc.column('org').doUpdateSet((eb) => ({ at: eb.ref('excluded.at'), counts: eb.ref('excluded.counts') }))
		)
		.execute();
	const values = rollUp(own, closure, affected);

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
