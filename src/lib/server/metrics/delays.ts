// Delays for an organisation over a period: delayed bed-days (each delay's overlap with the period, exactly), by
// attribution; the delay figures each day; and the length-of-stay bands of the patients in now.
import { sql, type Kysely } from 'kysely';
import { ATTRIBUTIONS, dtocAttributionKey } from '../../catalogue.ts';
import type { Database } from '../db/schema.ts';
import { series } from './series.ts';

export async function delayedBedDays(
	db: Kysely<Database>,
	org: string,
	metric: string,
	from: Date,
	to: Date
): Promise<number> {
	const { rows } = await sql<{ days: number | null }>`
		SELECT sum(extract(epoch FROM (least(coalesce(i.end_at, ${to}), ${to}) - greatest(i.start_at, ${from})))) / 86400 AS days
		FROM census_interval i JOIN org_closure c ON c.descendant = i.org
		WHERE c.ancestor = ${org} AND i.metric = ${metric} AND i.start_at < ${to} AND (i.end_at IS NULL OR i.end_at > ${from})
	`.execute(db);
	return Math.round((Number(rows[0].days) || 0) * 10) / 10;
}

export async function loadDelays(db: Kysely<Database>, org: string, days: number, now = new Date()) {
	const from = new Date(now.getTime() - days * 86_400_000);
	const keys = ATTRIBUTIONS.map(dtocAttributionKey);
	const [total, byAttribution, trend] = await Promise.all([
		delayedBedDays(db, org, 'dtoc', from, now),
		Promise.all(keys.map((k) => delayedBedDays(db, org, k, from, now))),
		Promise.all(keys.map((metric) => series(db, { org, metric, from, to: now, bucket: 'day', now })))
	]);
	return {
		bedDays: { total, byAttribution: Object.fromEntries(ATTRIBUTIONS.map((a, i) => [a, byAttribution[i]])) },
		trend: {
			times: trend[0].map((p) => p.t),
			byAttribution: Object.fromEntries(ATTRIBUTIONS.map((a, i) => [a, trend[i].map((p) => p.value)]))
		}
	};
}
