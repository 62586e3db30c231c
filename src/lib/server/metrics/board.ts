// What a wallboard needs to draw an organisation before its live connection is up: the figures now, the last
// fortnight of each tile's metric, the targets the documents give, and the figures at this time yesterday and last
// week.
import type { Kysely } from 'kysely';
import type { MetricSnapshot, MetricValues, Org, OrgKind, SeriesPoint } from '../../types.ts';
import { computeMetrics } from './current.ts';
import { WALLBOARD_METRICS } from '../../catalogue.ts';
import { COMMUNITY_WALLBOARD_METRICS, communityOf, type BoardView } from '../../catalogueV3.ts';
import type { Database } from '../db/schema.ts';
import { londonDayStart } from '../time.ts';
import { currentMetrics } from './read.ts';
import { dataFrom, series } from './series.ts';

export interface Board {
	org: Org;
	/** the hospital's tiles, or the community's (intermediate care and the register) */
	view: BoardView;
	snapshot: MetricSnapshot;
	spark: Record<string, SeriesPoint[]>;
	targets: Record<string, { value: number; text: string }>;
	/** the first event any source sent for the organisation; null when nothing has been sent: no data, not zeros */
	dataFrom: string | null;
	/** the figures at this time yesterday and a week ago, from the events; null before the data began */
	baselines: { yesterday: MetricValues | null; lastWeek: MetricValues | null };
}

const DAY = 86_400_000;

/**
 * `view`: which tiles; by default the community's for a practice, or for a unit whose sources send beds and stays
 * but no inpatients, and the hospital's otherwise (a locality asks for the community's with `?view=community`).
 */
export async function loadBoard(
	db: Kysely<Database>,
	code: string,
	now = new Date(),
	view?: BoardView
): Promise<Board | null> {
	const row = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind', 'parent'])
		.where('code', '=', code)
		.executeTakeFirst();
	if (!row) return null;
	const from = londonDayStart(now, -13);
	const first = await dataFrom(db, code);
	const then = (days: number) => new Date(now.getTime() - days * DAY);
	const baseline = (at: Date) =>
		first && first < at
			? computeMetrics(db, [code], at).then((m) => m.get(code) ?? null)
			: Promise.resolve(null);
	const current = await currentMetrics(db, code);
	const m = current?.metrics ?? {};
	const chosen: BoardView = view ?? (communityOf(row.kind, m).only ? 'community' : 'acute');
	const tiles: readonly string[] = chosen === 'community' ? COMMUNITY_WALLBOARD_METRICS : WALLBOARD_METRICS;
	const [snapshot, targets, yesterday, lastWeek, ...lines] = await Promise.all([
		current,
		db.selectFrom('metric_target').select(['metric', 'value', 'text']).where('org', '=', code).execute(),
		baseline(then(1)),
		baseline(then(7)),
		...tiles.map((metric) =>
			series(db, { org: code, metric, from, to: now, bucket: 'day', now, dataFrom: first })
		)
	]);
	if (!snapshot) return null;
	return {
		org: { ...row, kind: row.kind as OrgKind },
		view: chosen,
		snapshot,
		spark: Object.fromEntries(tiles.map((metric, i) => [metric, lines[i]])),
		targets: Object.fromEntries(targets.map((t) => [t.metric, { value: Number(t.value), text: t.text }])),
		dataFrom: first?.toISOString() ?? null,
		baselines: { yesterday, lastWeek }
	};
}
