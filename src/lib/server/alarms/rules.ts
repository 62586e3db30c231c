// The conditions that raise alarms: a figure of today past a limit an administrator set, and a special cause of
// concern (astronomical point, shift or trend; Making Data Count, src/lib/spc.ts) on the last completed day.
import type { Kysely } from 'kysely';
import { boundsOf, formatMetric, metricByKey } from '../../catalogue.ts';
import { alarmText, type AlarmLimit } from '../../limits.ts';
import { RULE_TEXT, xmr, type Rule } from '../../spc.ts';
import type { MetricValues } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { dataFrom, series } from '../metrics/series.ts';
import { londonDayStart } from '../time.ts';
import type { Condition } from './store.ts';

export const limitKey = (metric: string, org: string) => `limit:${metric}:${org}`;
export const spcKey = (metric: string, org: string) => `spc:${metric}:${org}`;

const nameOf = (metric: string) => metricByKey.get(metric)?.name ?? metric;

/** The limit conditions holding for one organisation's figures. */
export function limitConditions(
	org: string,
	metrics: MetricValues,
	limits: Record<string, AlarmLimit>
): Condition[] {
	return Object.entries(limits).flatMap(([metric, limit]) => {
		const past = alarmText(metrics[metric], limit);
		if (!past) return [];
		const value = metrics[metric] as number;
		return [
			{
				key: limitKey(metric, org),
				org,
				metric,
				kind: 'limit' as const,
				message: `${nameOf(metric)} ${formatMetric(metric, value)}, ${past}`,
				value
			}
		];
	});
}

/** rules of a special cause worth an alarm; two-of-three is a softer signal and stays on the charts */
const ALARMING: Rule[] = ['astronomical', 'shift', 'trend'];
const SPC_DAYS = 28;

/** A special cause of concern on the last completed day of a metric at an organisation, or null. */
export async function spcCondition(
	db: Kysely<Database>,
	org: string,
	metric: string,
	target: number | null,
	now: Date
): Promise<Condition | null> {
	const definition = metricByKey.get(metric);
	if (!definition) return null;
	const to = londonDayStart(now);
	const points = await series(db, {
		org,
		metric,
		from: londonDayStart(now, -SPC_DAYS),
		to,
		bucket: 'day',
		now,
		dataFrom: await dataFrom(db, org)
	});
	const values = points.filter((p) => new Date(p.t) < to).map((p) => (p.partial ? null : p.value));
	const result = xmr(values, { direction: definition.direction, target, bounds: boundsOf(definition) });
	const last = result.points.at(-1);
	if (!last || last.value === null || last.provisional) return null;
	const rules = last.rules.filter((r) => ALARMING.includes(r));
	// improvement is not an alarm; where the direction is "monitor", any special cause is worth a look
	if (!rules.length || last.kind === 'improvement' || last.kind === 'common') return null;
	return {
		key: spcKey(metric, org),
		org,
		metric,
		kind: 'spc',
		message: `${nameOf(metric)}: ${rules.map((r) => RULE_TEXT[r]).join('; ')} (yesterday ${formatMetric(metric, last.value)})`,
		value: last.value
	};
}
