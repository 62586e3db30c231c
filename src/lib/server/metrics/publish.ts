// Keeps metric_current true for the organisations an ingest touched (and, from the ticker, for all), appends each
// change to metric_snapshot, and announces it with NOTIFY, which PostgreSQL delivers only once the transaction commits.
import { sql, type Kysely } from 'kysely';
import type { MetricValues } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { computeMetrics } from './current.ts';

export const METRICS_CHANNEL = 'flowdeck_metrics';

export interface Published {
	org: string;
	seq: number;
	changed: MetricValues;
}

function changedKeys(before: MetricValues | undefined, after: MetricValues): MetricValues {
	if (!before) return after;
	return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k] !== v));
}

/** Ancestors of the given organisations, each included. */
export async function withAncestors(db: Kysely<Database>, orgs: Iterable<string>): Promise<string[]> {
	const list = [...new Set(orgs)];
	if (!list.length) return [];
	const rows = await db
		.selectFrom('org_closure')
		.select('ancestor')
		.distinct()
		.where('descendant', 'in', list)
		.execute();
	return rows.map((r) => r.ancestor);
}

/** Recompute and store the figures of `orgs` (null: every organisation); returns those that changed. */
export async function publishMetrics(
	db: Kysely<Database>,
	orgs: string[] | null,
	at: Date
): Promise<Published[]> {
	if (orgs && !orgs.length) return [];
	const [values, stored] = await Promise.all([
		computeMetrics(db, orgs, at),
		db
			.selectFrom('metric_current')
			.select(['org', 'seq', 'metrics'])
			.$if(orgs !== null, (q) => q.where('org', 'in', orgs!))
			.execute()
	]);
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
			.values(published.map((p) => ({ org: p.org, seq: p.seq, as_of: at, metrics: JSON.stringify(values.get(p.org)) })))
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
		// NOTIFY payloads are capped at 8,000 bytes: announce org and seq; listeners read the figures from the database
		const announce = published.map((p) => `${p.org}:${p.seq}`);
		for (let i = 0; i < announce.length; i += 200) {
			await sql`SELECT pg_notify(${METRICS_CHANNEL}, ${announce.slice(i, i + 200).join(',')})`.execute(db);
		}
	}
	return published;
}
