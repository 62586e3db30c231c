// Time series for the read API. Census metrics give the value at the end of each bucket (now, for the bucket in
// progress); flow metrics give the count within it. Both are exact for any range: census values are a base count
// plus the interval starts and ends between bucket edges, counted in the database.
//
// A bucket before the first event any source sent for the organisation's sites holds no data, which is not a count
// of 0: its value is null. A bucket the data covers only in part is marked partial: one still running at `now` (a
// figure so far), or the one in which the data starts (a count of its last hours only). Neither is a whole period.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { bucketStarts, daysByKind, nextBucket, type BucketUnit } from '../time.ts';
import type { SeriesPoint } from '../../types.ts';
import {
	BED_DAY_SHARES,
	BED_DAYS,
	DAY_MS,
	daysOf,
	FLOW_POINTS,
	HOUR_MS,
	MEAN_LOS_POINTS,
	meanOf,
	percentOf,
	PER_HOUR,
	PERCENT_OF_CENSUS,
	RATIO_POINTS,
	WEEKEND_RATE,
	WEEKEND_RATE_POINTS,
	weekendRate
} from '../../catalogue.ts';
import { CENSUS_V3 } from '../../catalogueV3.ts';
import { integralIn, staysIn } from './sums.ts';

export const MAX_BUCKETS = 5000;

export function seriesMetricKnown(metric: string) {
	return (
		Object.hasOwn(FLOW_POINTS, metric) ||
		Object.hasOwn(RATIO_POINTS, metric) ||
		Object.hasOwn(PERCENT_OF_CENSUS, metric) ||
		Object.hasOwn(MEAN_LOS_POINTS, metric) ||
		Object.hasOwn(BED_DAYS, metric) ||
		Object.hasOwn(BED_DAY_SHARES, metric) ||
		Object.hasOwn(PER_HOUR, metric) ||
		metric === WEEKEND_RATE ||
		[
			'inpatients',
			'msl',
			'dtoc',
			'los_over_7',
			'los_over_14',
			'los_over_15',
			'los_over_21',
			'los_over_30',
			'past_edd',
			'gp_on_duty',
			...CENSUS_V3
		].includes(metric) ||
		/^dtoc\.(attribution|reason)\.[a-z_]+$/.test(metric)
	);
}

async function censusAt(db: Kysely<Database>, org: string, metric: string, edges: Date[]): Promise<number[]> {
	const first = edges[0];
	const last = edges[edges.length - 1];
	// Only the intervals that can count in [first, last) are read: those still open or ending at or after `first`,
	// and starting before `last`, found per organisation through (org, metric, end_at) — so the work follows the
	// range asked for, not the years of history before it. ks 0 is an interval open at `first` (the base count).
	const { rows } = await sql<{ ks: number; ke: number; n: number }>`
		SELECT
			CASE WHEN i.start_at < ${first} THEN 0 ELSE width_bucket(i.start_at, ${edges}::timestamptz[]) END AS ks,
			CASE WHEN i.end_at IS NULL OR i.end_at >= ${last} THEN 0
				ELSE width_bucket(i.end_at, ${edges}::timestamptz[]) END AS ke,
			count(*)::int AS n
		FROM org_closure c, LATERAL (
			SELECT start_at, end_at FROM census_interval
			WHERE org = c.descendant AND metric = ${metric} AND end_at IS NULL AND start_at < ${last}
			UNION ALL
			SELECT start_at, end_at FROM census_interval
			WHERE org = c.descendant AND metric = ${metric} AND end_at >= ${first} AND start_at < ${last}
		) i
		WHERE c.ancestor = ${org}
		GROUP BY 1, 2
	`.execute(db);
	// an interval starting at s counts at every edge after s; one ending at e stops counting at every edge after e
	const delta = new Array<number>(edges.length + 1).fill(0);
	let running = 0;
	for (const r of rows) {
		if (r.ks === 0) running += r.n;
		else delta[r.ks] += r.n;
		if (r.ke > 0) delta[r.ke] -= r.n;
	}
	const values: number[] = [];
	for (let i = 0; i < edges.length; i++) {
		running += delta[i];
		values.push(running);
	}
	return values;
}

async function flowIn(
	db: Kysely<Database>,
	org: string,
	points: string,
	starts: Date[],
	end: Date
): Promise<number[]> {
	const rows = await sql<{ k: number; n: number }>`
		SELECT width_bucket(f.at, ${starts}::timestamptz[]) AS k, count(*)::int AS n
		FROM flow_event f JOIN org_closure c ON c.descendant = f.org
		WHERE c.ancestor = ${org} AND f.metric = ${points} AND f.at >= ${starts[0]} AND f.at < ${end}
		GROUP BY 1
	`.execute(db);
	const values = new Array<number>(starts.length).fill(0);
	for (const r of rows.rows) values[r.k - 1] += r.n;
	return values;
}

/**
 * When data starts for an organisation: the first event sent for any site at, above or below it (a ward's events
 * carry its site). Null when no source has sent anything for it.
 */
export async function dataFrom(db: Kysely<Database>, org: string): Promise<Date | null> {
	const { rows } = await sql<{ first: Date | null }>`
		SELECT min((SELECT min(e.occurred_at) FROM event e WHERE e.site = o.code)) AS first
		FROM organisation o
		WHERE o.kind IN ('site', 'practice') AND (
			o.code IN (SELECT descendant FROM org_closure WHERE ancestor = ${org})
			OR o.code IN (SELECT ancestor FROM org_closure WHERE descendant = ${org})
		)
	`.execute(db);
	const first = rows[0]?.first;
	return first ? new Date(first) : null;
}

export async function series(
	db: Kysely<Database>,
	request: {
		org: string;
		metric: string;
		from: Date;
		to: Date;
		bucket: BucketUnit;
		now?: Date;
		/** the organisation's dataFrom, when the caller has it already (a pack reads many series of one site) */
		dataFrom?: Date | null;
	}
): Promise<SeriesPoint[]> {
	const now = request.now ?? new Date();
	const starts = bucketStarts(request.bucket, request.from, request.to);
	if (!starts.length) return [];
	const end = nextBucket(request.bucket, starts[starts.length - 1]);
	const { org, metric } = request;
	const first = request.dataFrom !== undefined ? request.dataFrom : await dataFrom(db, org);

	let values: (number | null)[];
	if (Object.hasOwn(FLOW_POINTS, metric)) {
		values = await flowIn(db, org, FLOW_POINTS[metric], starts, end);
	} else if (Object.hasOwn(RATIO_POINTS, metric)) {
		const [part, whole] = await Promise.all(
			RATIO_POINTS[metric].map((points) => flowIn(db, org, points, starts, end))
		);
		values = part.map((p, i) => percentOf(p, whole[i]));
	} else if (Object.hasOwn(MEAN_LOS_POINTS, metric)) {
		const { n, ms } = await staysIn(db, org, MEAN_LOS_POINTS[metric], starts, end);
		values = n.map((count, i) => meanOf(ms[i] / DAY_MS, count));
	} else if (Object.hasOwn(BED_DAYS, metric)) {
		values = (await integralIn(db, org, BED_DAYS[metric], starts, end, now)).map(daysOf);
	} else if (Object.hasOwn(BED_DAY_SHARES, metric)) {
		const [part, whole] = await Promise.all(
			BED_DAY_SHARES[metric].map((census) => integralIn(db, org, census, starts, end, now))
		);
		values = part.map((p, i) => percentOf(p, whole[i]));
	} else if (Object.hasOwn(PER_HOUR, metric)) {
		const [points, census] = PER_HOUR[metric];
		const [seen, onDuty] = await Promise.all([
			flowIn(db, org, points, starts, end),
			integralIn(db, org, census, starts, end, now)
		]);
		values = seen.map((n, i) => meanOf(n, onDuty[i] / HOUR_MS));
	} else if (metric === WEEKEND_RATE) {
		const [weekend, all] = await Promise.all(
			WEEKEND_RATE_POINTS.map((points) => flowIn(db, org, points, starts, end))
		);
		// over the days of each bucket the data covers: from the first event, up to now
		values = starts.map((t, i) => {
			const from = first && first > t ? first : t;
			const bucketEnd = nextBucket(request.bucket, t);
			const { weekendDays, weekdays } = daysByKind(from, bucketEnd < now ? bucketEnd : now);
			return weekendRate(weekend[i], all[i], weekendDays, weekdays);
		});
	} else {
		// each bucket's value is the state at its end, or now for a bucket still running
		const edges = starts.map((s) => {
			const e = nextBucket(request.bucket, s);
			return e > now ? now : e;
		});
		if (Object.hasOwn(PERCENT_OF_CENSUS, metric)) {
			const [part, whole] = await Promise.all(
				PERCENT_OF_CENSUS[metric].map((census) => censusAt(db, org, census, edges))
			);
			values = part.map((p, i) => percentOf(p, whole[i]));
		} else {
			values = await censusAt(db, org, metric, edges);
		}
		// buckets that start in the future have no value yet
		values = values.map((v, i) => (starts[i] > now ? null : v));
	}
	return starts.map((t, i) => {
		const bucketEnd = nextBucket(request.bucket, t);
		// no data yet: the bucket ends before the first event, or the organisation has none at all
		const value = first === null || bucketEnd <= first ? null : values[i];
		const partial = value !== null && (bucketEnd > now || t < first!);
		return partial ? { t: t.toISOString(), value, partial: true as const } : { t: t.toISOString(), value };
	});
}
