// Alarm rules: administrators set a low and/or high limit per metric per organisation, and whether its SPC special
// causes raise an alarm too (src/lib/server/alarms/). The documents set none, so every rule here is a local decision.
import type { Kysely } from 'kysely';
import type { AlarmLimit } from '../../limits.ts';
import { metricByKey } from '../../catalogue.ts';
import type { Database } from '../db/schema.ts';

export async function limitsFor(
	db: Kysely<Database>,
	org: string
): Promise<Record<string, AlarmLimit & { spc: boolean }>> {
	const rows = await db.selectFrom('metric_limit').selectAll().where('org', '=', org).execute();
	return Object.fromEntries(
		rows.map((r) => [
			r.metric,
			{
				low: r.low === null ? null : Number(r.low),
				high: r.high === null ? null : Number(r.high),
				spc: r.spc
			}
		])
	);
}

const number = (v: FormDataEntryValue | null) => {
	const s = String(v ?? '').trim();
	return s === '' ? null : Number(s);
};

/** Saves the limits a form gives (`low.KEY`, `high.KEY`); returns problems by metric, or which metrics changed. */
export async function saveLimits(
	db: Kysely<Database>,
	org: string,
	form: FormData,
	by: string
): Promise<{ problems: Record<string, string> } | { changed: string[] }> {
	const problems: Record<string, string> = {};
	const wanted: { metric: string; low: number | null; high: number | null; spc: boolean }[] = [];
	for (const [metric] of metricByKey) {
		const low = number(form.get(`low.${metric}`));
		const high = number(form.get(`high.${metric}`));
		if ((low !== null && !Number.isFinite(low)) || (high !== null && !Number.isFinite(high)))
			problems[metric] = 'Limits must be numbers';
		else if (low !== null && high !== null && low >= high)
			problems[metric] = 'The low limit must be below the high one';
		else wanted.push({ metric, low, high, spc: form.get(`spc.${metric}`) === 'on' });
	}
	if (Object.keys(problems).length) return { problems };
	const before = await limitsFor(db, org);
	const changed = wanted.filter(
		(w) =>
			(before[w.metric]?.low ?? null) !== w.low ||
			(before[w.metric]?.high ?? null) !== w.high ||
			(before[w.metric]?.spc ?? false) !== w.spc
	);
	await db.transaction().execute(async (trx) => {
		for (const c of changed) {
			if (c.low === null && c.high === null && !c.spc)
				await trx.deleteFrom('metric_limit').where('org', '=', org).where('metric', '=', c.metric).execute();
			else
				await trx
					.insertInto('metric_limit')
					.values({ org, metric: c.metric, low: c.low, high: c.high, spc: c.spc, updated_by: by })
					.onConflict((oc) =>
						oc
							.columns(['org', 'metric'])
							.doUpdateSet({ low: c.low, high: c.high, spc: c.spc, updated_by: by, updated_at: new Date() })
					)
					.execute();
		}
	});
	return {
		changed: changed.map((c) => `${c.metric} ${c.low ?? '–'}..${c.high ?? '–'}${c.spc ? ' +SPC' : ''}`)
	};
}
