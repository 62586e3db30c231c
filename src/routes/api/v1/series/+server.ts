// Read API v1: a metric over time for one organisation, bucketed by hour, day, week or month (Europe/London).
import { json } from '@sveltejs/kit';
import { BUCKETS, type Bucket } from '$lib/types';
import { problem, requireReader } from '$lib/server/api';
import { dataFrom, MAX_BUCKETS, series, seriesMetricKnown } from '$lib/server/metrics/series';
import { readableOrg } from '$lib/server/readParams';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const DAY = 86_400_000;
const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: DAY, week: 7 * DAY, month: 28 * DAY };
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function instant(value: string | null, field: string): Date | Response | null {
	if (value === null) return null;
	const t = ISO.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
	if (Number.isNaN(t))
		return problem(400, `${field} must be an ISO-8601 date or date-time with an offset`, { field });
	return new Date(t);
}

export const GET: RequestHandler = async ({ locals, url }) => {
	const reader = requireReader(locals);
	if (reader instanceof Response) return reader;
	const db = getStore().db;
	const org = await readableOrg(db, url, reader);
	if (org instanceof Response) return org;

	const metric = url.searchParams.get('metric');
	if (!metric) return problem(400, 'metric is required, e.g. &metric=msl', { field: 'metric' });
	if (!seriesMetricKnown(metric))
		return problem(400, `${metric} is not a metric of catalogue v1`, { field: 'metric' });
	const bucket = (url.searchParams.get('bucket') ?? 'day') as Bucket;
	if (!BUCKETS.includes(bucket))
		return problem(400, `bucket must be one of ${BUCKETS.join(', ')}`, { field: 'bucket' });

	const to = instant(url.searchParams.get('to'), 'to') ?? new Date();
	if (to instanceof Response) return to;
	const from = instant(url.searchParams.get('from'), 'from') ?? new Date(to.getTime() - 30 * DAY);
	if (from instanceof Response) return from;
	if (from >= to) return problem(400, 'from must be before to', { field: 'from' });
	if ((to.getTime() - from.getTime()) / BUCKET_MS[bucket] > MAX_BUCKETS)
		return problem(400, `that range has more than ${MAX_BUCKETS} ${bucket} buckets; choose a larger bucket`, {
			field: 'bucket'
		});

	const first = await dataFrom(db, org);
	const points = await series(db, { org, metric, from, to, bucket, dataFrom: first });
	return json({
		org,
		metric,
		bucket,
		from: from.toISOString(),
		to: to.toISOString(),
		asOf: new Date().toISOString(),
		// buckets ending before this hold no data (value null, never 0); a bucket still running is marked partial
		dataFrom: first?.toISOString() ?? null,
		points
	});
};
