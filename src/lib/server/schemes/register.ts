// The Better Care Fund schemes as loaded from the plans, with what their leads have planned since.
import type { Kysely } from 'kysely';
import { METRICS } from '../../catalogue.ts';
import type { Database } from '../db/schema.ts';
import { measuredBy } from '../returns/coverage.ts';
import { plannedDue } from './milestoneDates.ts';

export async function listSchemes(db: Kysely<Database>) {
	const [schemes, kpis, funding, milestones, risks] = await Promise.all([
		db
			.selectFrom('scheme')
			.select(['id', 'ref', 'name', 'area', 'ccg', 'scheme_type', 'parent_scheme', 'org'])
			.orderBy('id')
			.execute(),
		db
			.selectFrom('kpi_scheme')
			.select(['scheme', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('scheme')
			.execute(),
		db
			.selectFrom('scheme_funding')
			.select(['scheme', (eb) => eb.fn.sum<number>('amount_gbp_thousands').as('total')])
			.groupBy('scheme')
			.execute(),
		db
			.selectFrom('scheme_milestone')
			.select(['scheme', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('scheme')
			.execute(),
		db
			.selectFrom('scheme_risk')
			.select(['scheme', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('scheme')
			.execute()
	]);
	const count = (rows: { scheme: string; n: number }[]) => new Map(rows.map((r) => [r.scheme, Number(r.n)]));
	const [k, m, r] = [count(kpis), count(milestones), count(risks)];
	const money = new Map(funding.map((f) => [f.scheme, Number(f.total) || 0]));
	return schemes.map((s) => ({
		...s,
		kpis: k.get(s.id) ?? 0,
		fundingThousands: money.get(s.id) ?? 0,
		milestones: m.get(s.id) ?? 0,
		risks: r.get(s.id) ?? 0
	}));
}

export async function loadScheme(db: Kysely<Database>, id: string) {
	const scheme = await db.selectFrom('scheme').selectAll().where('id', '=', id).executeTakeFirst();
	if (!scheme) return null;
	const [funding, milestones, risks, kpis, plans, history, org] = await Promise.all([
		db.selectFrom('scheme_funding').selectAll().where('scheme', '=', id).orderBy('position').execute(),
		db.selectFrom('scheme_milestone').selectAll().where('scheme', '=', id).orderBy('position').execute(),
		db.selectFrom('scheme_risk').selectAll().where('scheme', '=', id).orderBy('position').execute(),
		db
			.selectFrom('kpi_scheme')
			.innerJoin('kpi', 'kpi.id', 'kpi_scheme.kpi')
			.selectAll('kpi')
			.where('kpi_scheme.scheme', '=', id)
			.orderBy('kpi.id')
			.execute(),
		db.selectFrom('scheme_metric_plan').selectAll().where('scheme', '=', id).execute(),
		db
			.selectFrom('scheme_change')
			.select(['id', 'at', 'who', 'what', 'before', 'after'])
			.where('scheme', '=', id)
			.orderBy('id', 'desc')
			.limit(50)
			.execute(),
		scheme.org
			? db
					.selectFrom('organisation')
					.select(['code', 'name'])
					.where('code', '=', scheme.org)
					.executeTakeFirst()
			: undefined
	]);
	const kpiIds = new Set(kpis.map((k) => k.id));
	const metrics = METRICS.filter((m) => m.kpis.some((k) => kpiIds.has(k))).map((m) => m.key);
	return {
		scheme,
		funding,
		// the due date the plan's own text gives, for a milestone no lead has dated yet
		milestones: milestones.map((ms) => ({ ...ms, planned_due: plannedDue(ms.start_text, ms.end_text) })),
		risks,
		kpis,
		plans,
		history,
		org: org ?? null,
		metrics,
		/** the scheme's KPIs that returns feed (those no metric computes and that can be a figure) */
		returned: kpis.filter((k) => measuredBy(k.id) === 'returns')
	};
}
