// One organisation's drill-down: where it sits, its figures now, its children ranked by pressure, a metric over a
// chosen range as an SPC series, and the funded schemes that claim that metric.
import type { Kysely } from 'kysely';
import { metricByKey } from '../../catalogue.ts';
import type { BUCKETS, MetricSnapshot, Org, OrgKind, SeriesPoint } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { allCurrentMetrics, listOrgs, orgsWithData } from './read.ts';
import { dataFrom, MAX_BUCKETS, series, seriesMetricKnown } from './series.ts';

export const RANGES = { '7d': 7, '30d': 30, '90d': 90, '1y': 365, '2y': 730 } as const;
export type Range = keyof typeof RANGES;
type Bucket = (typeof BUCKETS)[number];
const BUCKET_DAYS: Record<Bucket, number> = { hour: 1 / 24, day: 1, week: 7, month: 28 };

export interface DrillView {
	metric: string;
	range: Range;
	bucket: Bucket;
	rules: 'nhse-v2.6' | 'nhsr';
}

/** The view a URL asks for, or the reason it cannot be shown. */
/** `fallback`: the metric charted when the address names none */
export function readView(url: URL, fallback = 'msl'): DrillView | { problem: string } {
	const metric = url.searchParams.get('metric') ?? fallback;
	const range = (url.searchParams.get('range') ?? '90d') as Range;
	const asked = (url.searchParams.get('bucket') ?? 'day') as Bucket;
	// a figure that means nothing over a shorter period is shown over its shortest (the page says why)
	const shortest = metricByKey.get(metric)?.shortest?.bucket;
	const bucket =
		shortest && Object.hasOwn(BUCKET_DAYS, asked) && BUCKET_DAYS[asked] < BUCKET_DAYS[shortest]
			? shortest
			: asked;
	const rules = (url.searchParams.get('rules') ?? 'nhse-v2.6') as DrillView['rules'];
	if (!metricByKey.has(metric) || !seriesMetricKnown(metric))
		return { problem: `${metric} is not a metric of the catalogue` };
	if (!Object.hasOwn(RANGES, range))
		return { problem: `range must be one of ${Object.keys(RANGES).join(', ')}` };
	if (!Object.hasOwn(BUCKET_DAYS, bucket)) return { problem: 'bucket must be hour, day, week or month' };
	if (rules !== 'nhse-v2.6' && rules !== 'nhsr') return { problem: 'rules must be nhse-v2.6 or nhsr' };
	if (RANGES[range] / BUCKET_DAYS[bucket] > MAX_BUCKETS)
		return { problem: `${range} in ${bucket}s is too many points; choose a larger bucket` };
	return { metric, range, bucket, rules };
}

export interface Drilldown {
	org: Org;
	trail: Org[];
	snapshot: MetricSnapshot | null;
	/** a child no source has sent events for has no snapshot: its stored zeros are no data */
	children: { org: Org; snapshot: MetricSnapshot | null }[];
	points: SeriesPoint[];
	/** what the series covers: from the first event to now (a month in progress is averaged over its days so far) */
	coverage: { now: string; dataFrom: string | null };
	target: { value: number; text: string } | null;
	schemes: { id: string; name: string; area: string | null }[];
}

export async function loadDrilldown(
	db: Kysely<Database>,
	code: string,
	view: DrillView,
	now = new Date()
): Promise<Drilldown | null> {
	const from = new Date(now.getTime() - RANGES[view.range] * 86_400_000);
	const kpis = metricByKey.get(view.metric)?.kpis ?? [];
	const first = await dataFrom(db, code);
	const [orgs, current, withData, points, target, schemes] = await Promise.all([
		listOrgs(db),
		allCurrentMetrics(db),
		orgsWithData(db),
		series(db, { org: code, metric: view.metric, from, to: now, bucket: view.bucket, now, dataFrom: first }),
		db
			.selectFrom('metric_target')
			.select(['value', 'text'])
			.where('org', '=', code)
			.where('metric', '=', view.metric)
			.executeTakeFirst(),
		kpis.length
			? db
					.selectFrom('kpi_scheme')
					.innerJoin('scheme', 'scheme.id', 'kpi_scheme.scheme')
					.select(['scheme.id', 'scheme.name', 'scheme.area'])
					.distinct()
					.where('kpi_scheme.kpi', 'in', kpis)
					.orderBy('scheme.id')
					.execute()
			: Promise.resolve([])
	]);
	const byCode = new Map(orgs.map((o) => [o.code, o]));
	const org = byCode.get(code);
	if (!org) return null;
	const trail: Org[] = [];
	for (let at = org.parent; at; at = byCode.get(at)?.parent ?? null) trail.unshift(byCode.get(at)!);
	const direction = metricByKey.get(view.metric)?.direction;
	const pressure = (s: MetricSnapshot | null) => {
		const v = s?.metrics[view.metric] ?? null;
		return v === null ? -Infinity : direction === 'up' ? -v : v;
	};
	const children = orgs
		.filter((o) => o.parent === code)
		.map((o) => ({ org: o, snapshot: withData.has(o.code) ? (current.get(o.code) ?? null) : null }))
		.sort((a, b) => pressure(b.snapshot) - pressure(a.snapshot));
	return {
		org: { ...org, kind: org.kind as OrgKind },
		trail,
		snapshot: first ? (current.get(code) ?? null) : null,
		children,
		points,
		coverage: { now: now.toISOString(), dataFrom: first?.toISOString() ?? null },
		target: target ? { value: Number(target.value), text: target.text } : null,
		schemes
	};
}
