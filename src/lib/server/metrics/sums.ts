// Sums per bucket that are not counts of points: the lengths of stay behind a period's points (their mean is the
// figure) and a census integrated over each bucket (bed-days). Both in ms, exact for any range.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** For each bucket: how many of the points there are, and the lengths of stay of their spells added up. */
export async function staysIn(
	db: Kysely<Database>,
	org: string,
	points: string,
	starts: Date[],
	end: Date
): Promise<{ n: number[]; ms: number[] }> {
	const { rows } = await sql<{ k: number; n: number; ms: number }>`
		SELECT width_bucket(f.at, ${starts}::timestamptz[]) AS k, count(*)::int AS n,
			sum(extract(epoch FROM s.discharged_at - s.admitted_at) * 1000)::float8 AS ms
		FROM flow_event f
			JOIN org_closure c ON c.descendant = f.org
			JOIN spell s ON s.site = f.site AND s.spell = f.ref
		WHERE c.ancestor = ${org} AND f.metric = ${points} AND f.at >= ${starts[0]} AND f.at < ${end}
		GROUP BY 1
	`.execute(db);
	const n = new Array<number>(starts.length).fill(0);
	const ms = new Array<number>(starts.length).fill(0);
	for (const r of rows) {
		n[r.k - 1] += r.n;
		ms[r.k - 1] += r.ms;
	}
	return { n, ms };
}

/**
 * A census metric integrated over each bucket, up to `now`: the time each interval spent in it, added up. The
 * database groups the intervals by the buckets they start and end in, with their start and end times summed
 * (relative to the first bucket, so the sums stay exact); an interval gives the bucket it starts in its time from
 * its start, every bucket it spans its whole length, and the bucket it ends in its time up to its end.
 */
export async function integralIn(
	db: Kysely<Database>,
	org: string,
	metric: string,
	starts: Date[],
	end: Date,
	now: Date
): Promise<number[]> {
	const first = starts[0];
	const stop = end < now ? end : now;
	const values = new Array<number>(starts.length).fill(0);
	if (stop <= first) return values;
	const { rows } = await sql<{ ks: number; ke: number; n: number; s: string; e: string }>`
		SELECT width_bucket(s, ${starts}::timestamptz[]) AS ks, width_bucket(e, ${starts}::timestamptz[]) AS ke,
			count(*)::int AS n, sum(extract(epoch FROM s - ${first}) * 1000) AS s, sum(extract(epoch FROM e - ${first}) * 1000) AS e
		FROM (
			SELECT greatest(i.start_at, ${first}) AS s, least(coalesce(i.end_at, ${stop}), ${stop}) AS e
			FROM org_closure c, LATERAL (
				SELECT start_at, end_at FROM census_interval
				WHERE org = c.descendant AND metric = ${metric} AND end_at IS NULL AND start_at < ${stop}
				UNION ALL
				SELECT start_at, end_at FROM census_interval
				WHERE org = c.descendant AND metric = ${metric} AND end_at > ${first} AND start_at < ${stop}
			) i
			WHERE c.ancestor = ${org}
		) clipped
		WHERE e > s
		GROUP BY 1, 2
	`.execute(db);
	// edge(k): where bucket k (1-based) starts, relative to the first; edge(length + 1) is where the last ends
	const edge = (k: number) => (k <= starts.length ? starts[k - 1] : end).getTime() - first.getTime();
	for (const r of rows) {
		const [s, e] = [Number(r.s), Number(r.e)];
		if (r.ks === r.ke) {
			values[r.ks - 1] += e - s;
			continue;
		}
		values[r.ks - 1] += r.n * edge(r.ks + 1) - s;
		for (let k = r.ks + 1; k < r.ke; k++) values[k - 1] += r.n * (edge(k + 1) - edge(k));
		// an interval ending exactly where the last bucket ends has nothing in a bucket after it
		if (r.ke <= starts.length) values[r.ke - 1] += e - r.n * edge(r.ke);
	}
	return values;
}
