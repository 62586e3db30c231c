// Changes scheme leads make — metric plans, milestone dates, risks — each checked field by field and written with a
// history row (who, what, before, after) in the same transaction.
import type { Kysely, Transaction } from 'kysely';
import { metricByKey } from '../../catalogue.ts';
import { measuredBy } from '../returns/coverage.ts';
import type { Database } from '../db/schema.ts';

export type Problems = Record<string, string>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LEVELS = ['Low', 'Med', 'High'];

const date = (v: FormDataEntryValue | null, field: string, problems: Problems) => {
	const s = String(v ?? '').trim();
	if (!s) return null;
	if (!DATE.test(s) || Number.isNaN(Date.parse(s))) problems[field] = 'Enter a date as YYYY-MM-DD';
	return s;
};
const number = (v: FormDataEntryValue | null, field: string, problems: Problems) => {
	const s = String(v ?? '').trim();
	if (!s) return null;
	const n = Number(s);
	if (!Number.isFinite(n)) problems[field] = 'Enter a number';
	return n;
};

async function record(
	trx: Transaction<Database>,
	scheme: string,
	who: string,
	what: string,
	before: unknown,
	after: unknown
) {
	await trx
		.insertInto('scheme_change')
		.values({
			scheme,
			who,
			what,
			before: JSON.stringify(before ?? null),
			after: JSON.stringify(after ?? null)
		})
		.execute();
}

/** `who` is the signed-in user, recorded in the history. */
export async function savePlan(db: Kysely<Database>, scheme: string, form: FormData, who: string) {
	const problems: Problems = {};
	const metric = String(form.get('metric') ?? '');
	if (!metricByKey.has(metric) && measuredBy(metric) !== 'returns')
		problems.metric = 'Choose a metric of the catalogue or a KPI fed by returns';
	const plan = {
		baseline: number(form.get('baseline'), 'baseline', problems),
		target: number(form.get('target'), 'target', problems),
		target_date: date(form.get('target_date'), 'target_date', problems),
		go_live: date(form.get('go_live'), 'go_live', problems),
		trajectory: [] as { date: string; value: number }[]
	};
	// the trajectory as lines of "YYYY-MM-DD value"
	for (const [i, line] of String(form.get('trajectory') ?? '')
		.split(/\r?\n/)
		.entries()) {
		if (!line.trim()) continue;
		const [d, v] = line.trim().split(/[\s,;]+/);
		if (!DATE.test(d ?? '') || !Number.isFinite(Number(v))) {
			problems.trajectory = `Line ${i + 1}: write a date and a number, e.g. 2026-12-31 12`;
			break;
		}
		plan.trajectory.push({ date: d, value: Number(v) });
	}
	plan.trajectory.sort((a, b) => a.date.localeCompare(b.date));
	if (Object.keys(problems).length) return { problems };
	await db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('scheme_metric_plan')
			.selectAll()
			.where('scheme', '=', scheme)
			.where('metric', '=', metric)
			.executeTakeFirst();
		const values = { ...plan, trajectory: JSON.stringify(plan.trajectory) };
		await trx
			.insertInto('scheme_metric_plan')
			.values({ scheme, metric, ...values })
			.onConflict((oc) => oc.columns(['scheme', 'metric']).doUpdateSet(values))
			.execute();
		await record(trx, scheme, who, `plan for ${metricByKey.get(metric)?.name ?? metric}`, before, {
			metric,
			...plan
		});
	});
	return { problems: null };
}

/**
 * Change some fields of a scheme's milestone or risk (rows keyed by scheme and position) and record the change,
 * with those fields as they were before. False when the row no longer exists.
 */
async function updateRow<T extends 'scheme_milestone' | 'scheme_risk'>(
	trx: Transaction<Database>,
	table: T,
	scheme: string,
	position: number,
	who: string,
	what: (before: Record<string, unknown>) => string,
	values: Record<string, string | null>
) {
	const before = (await trx
		.selectFrom(table as 'scheme_risk')
		.selectAll()
		.where('scheme', '=', scheme)
		.where('position', '=', position)
		.executeTakeFirst()) as Record<string, unknown> | undefined;
	if (!before) return false;
	await trx
		.updateTable(table as 'scheme_risk')
		.set(values)
		.where('scheme', '=', scheme)
		.where('position', '=', position)
		.execute();
	const was = Object.fromEntries(Object.keys(values).map((k) => [k, before[k] ?? null]));
	await record(trx, scheme, who, what(before), was, values);
	return true;
}

/** The row a form edits: a whole number, or null for a new one. */
function positionOf(form: FormData, problems: Problems): number | null {
	const raw = form.get('position');
	if (raw === null || raw === '') return null;
	const position = Number(raw);
	if (!Number.isInteger(position) || position < 0) problems.position = 'That row does not exist';
	return position;
}

/** `who` is the signed-in user, recorded in the history. */
export async function saveMilestone(db: Kysely<Database>, scheme: string, form: FormData, who: string) {
	const problems: Problems = {};
	const position = positionOf(form, problems);
	if (position === null) problems.position = 'Choose a milestone';
	const dates = {
		due: date(form.get('due'), 'due', problems),
		revised_due: date(form.get('revised_due'), 'revised_due', problems),
		done_on: date(form.get('done_on'), 'done_on', problems)
	};
	if (Object.keys(problems).length) return { problems };
	const found = await db
		.transaction()
		.execute((trx) =>
			updateRow(trx, 'scheme_milestone', scheme, position!, who, (b) => `milestone “${b.activity}”`, dates)
		);
	return found ? { problems: null } : { problems: { position: 'That milestone no longer exists' } };
}

/** `who` is the signed-in user, recorded in the history. */
export async function saveRisk(db: Kysely<Database>, scheme: string, form: FormData, who: string) {
	const problems: Problems = {};
	const description = String(form.get('description') ?? '').trim();
	const probability = String(form.get('probability') ?? '');
	const impact = String(form.get('impact') ?? '');
	const owner = String(form.get('owner') ?? '').trim() || null;
	if (!description) problems.description = 'Describe the risk';
	if (!LEVELS.includes(probability)) problems.probability = 'Choose Low, Med or High';
	if (!LEVELS.includes(impact)) problems.impact = 'Choose Low, Med or High';
	const position = positionOf(form, problems);
	if (Object.keys(problems).length) return { problems };
	const found = await db.transaction().execute(async (trx) => {
		const values = { description, probability, impact, owner };
		if (position !== null) {
			return updateRow(
				trx,
				'scheme_risk',
				scheme,
				position,
				who,
				(b) => `risk ${b.risk_id ?? `R${position + 1}`}`,
				values
			);
		}
		const last = await trx
			.selectFrom('scheme_risk')
			.select((eb) => eb.fn.max('position').as('p'))
			.where('scheme', '=', scheme)
			.executeTakeFirst();
		const next = Number(last?.p ?? -1) + 1;
		await trx
			.insertInto('scheme_risk')
			.values({ scheme, position: next, risk_id: null, ...values, source: `added by ${who}` })
			.execute();
		await record(trx, scheme, who, 'new risk', null, values);
		return true;
	});
	if (!found) return { problems: { position: 'That risk no longer exists' } };
	return { problems: null };
}
