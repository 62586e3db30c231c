// Read side for the API and the pages: the register and the stored current figures.
import type { Kysely } from 'kysely';
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
