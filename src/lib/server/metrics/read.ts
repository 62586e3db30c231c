// Read side for the API and the pages: the register and the stored current figures.
import { sql, type Kysely } from 'kysely';
import type { MetricSnapshot, Org, OrgKind } from '../../types.ts';
import type { Database } from '../db/schema.ts';

export async function listOrgs(db: Kysely<Database>, visible: Set<string> | null = null): Promise<Org[]> {
	const rows = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind', 'parent'])
		.orderBy('position')
		.execute();
	return rows
		.filter((r) => !visible || visible.has(r.code))
		.map((r) => ({ code: r.code, name: r.name, kind: r.kind as OrgKind, parent: r.parent }));
}

const toSnapshot = (r: {
	org: string;
	seq: number | string;
	as_of: Date;
	metrics: Record<string, number | null>;
}): MetricSnapshot => ({
	org: r.org,
	asOf: r.as_of.toISOString(),
	seq: Number(r.seq),
	metrics: r.metrics
});

export async function currentMetrics(db: Kysely<Database>, org: string): Promise<MetricSnapshot | null> {
	const row = await db
		.selectFrom('metric_current')
		.select(['org', 'seq', 'as_of', 'metrics'])
		.where('org', '=', org)
		.executeTakeFirst();
	return row ? toSnapshot(row) : null;
}

export async function allCurrentMetrics(db: Kysely<Database>): Promise<Map<string, MetricSnapshot>> {
	const rows = await db.selectFrom('metric_current').select(['org', 'seq', 'as_of', 'metrics']).execute();
	return new Map(rows.map((r) => [r.org, toSnapshot(r)]));
}

/**
 * The organisations some source has sent events for: each site with an event, everything above it and its wards.
 * The others' stored figures are zeros from no data, and pages show them as no data (series.ts, dataFrom, likewise).
 */
export async function orgsWithData(db: Kysely<Database>): Promise<Set<string>> {
	const { rows } = await sql<{ org: string }>`
		WITH live AS (
			SELECT o.code FROM organisation o
			WHERE o.kind IN ('site', 'practice') AND EXISTS (SELECT 1 FROM event e WHERE e.site = o.code)
		)
		SELECT ancestor AS org FROM org_closure WHERE descendant IN (SELECT code FROM live)
		UNION
		SELECT descendant AS org FROM org_closure WHERE ancestor IN (SELECT code FROM live)
	`.execute(db);
	return new Set(rows.map((r) => r.org));
}
