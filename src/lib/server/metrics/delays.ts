// Delays for an organisation over a period: delayed bed-days (each delay's overlap with the period, exactly), by
// attribution; the delay figures each day; and the length-of-stay bands of the patients in now.
import type { Kysely } from 'kysely';
import { ATTRIBUTIONS, daysOf, dtocAttributionKey } from '../../catalogue.ts';
import type { Database } from '../db/schema.ts';
import { series } from './series.ts';
import { integralIn } from './sums.ts';

/** Bed-days of a census metric over [from, to), to a tenth of a day (sums.ts integrates it). */
export async function delayedBedDays(
	db: Kysely<Database>,
	org: string,
	metric: string,
	from: Date,
	to: Date
): Promise<number> {
	const [ms] = await integralIn(db, org, metric, [from], to, to);
	return daysOf(ms);
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
