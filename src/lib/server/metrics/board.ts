// What a wallboard needs to draw an organisation before its live connection is up: the figures now, the last
// fortnight of each tile's metric, and the targets the documents give.
import type { Kysely } from 'kysely';
import type { MetricSnapshot, Org, OrgKind, SeriesPoint } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { londonDayStart } from '../time.ts';
import type { AlarmLimit } from '../../limits.ts';
import { limitsFor } from './limits.ts';
import { currentMetrics } from './read.ts';
import { dataFrom, series } from './series.ts';

export const SPARK_METRICS = [
	'msl',
	'los_over_15',
	'dtoc',
	'discharges_today',
	'admissions_avoided_today'
] as const;

export interface Board {
	org: Org;
	snapshot: MetricSnapshot;
	spark: Record<string, SeriesPoint[]>;
	targets: Record<string, { value: number; text: string }>;
	limits: Record<string, AlarmLimit>;
	/** the first event any source sent for the organisation; null when nothing has been sent: no data, not zeros */
	dataFrom: string | null;
}

export async function loadBoard(db: Kysely<Database>, code: string, now = new Date()): Promise<Board | null> {
	const row = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind', 'parent'])
		.where('code', '=', code)
		.executeTakeFirst();
	if (!row) return null;
	const from = londonDayStart(now, -13);
	const first = await dataFrom(db, code);
	const [snapshot, targets, limits, ...lines] = await Promise.all([
		currentMetrics(db, code),
		db.selectFrom('metric_target').select(['metric', 'value', 'text']).where('org', '=', code).execute(),
		limitsFor(db, code),
		...SPARK_METRICS.map((metric) =>
			series(db, { org: code, metric, from, to: now, bucket: 'day', now, dataFrom: first })
		)
	]);
	if (!snapshot) return null;
	return {
		org: { ...row, kind: row.kind as OrgKind },
		snapshot,
		spark: Object.fromEntries(SPARK_METRICS.map((m, i) => [m, lines[i]])),
		targets: Object.fromEntries(targets.map((t) => [t.metric, { value: Number(t.value), text: t.text }])),
		limits,
		dataFrom: first?.toISOString() ?? null
	};
}
