// The weekly whole-system call pack for a system, area or trust and an ISO week: a page per site with this week
// against last week and the same week last year, the SPC signals that fired since the last call (the agenda), the
// medically stable list and long-stay trends, delays by reason and attribution, admissions avoided, discharges
// against the target, and the actions agreed on earlier calls.
import type { Kysely } from 'kysely';
import type { PackFigure, PackSignal, SitePage, WeeklyPack } from '../../reports.ts';
import { boundsOf, DELAY_REASONS, metricByKey } from '../../catalogue.ts';
import { xmr, type Rule } from '../../spc.ts';
import type { Database } from '../db/schema.ts';
import { series } from '../metrics/series.ts';
import { londonDate, londonDayStart } from '../time.ts';
import { listActions } from './actions.ts';
import { nextWeek, parsePeriod, previousWeek, sameWeekLastYear, type Period } from './periods.ts';

/** the figures of a site page: census ones at the end of the week, flow ones summed over it */
export const PACK_METRICS = [
	'msl',
	'los_over_15',
	'los_over_30',
	'dtoc',
	'discharges_today',
	'discharges_before_10_today',
	'admissions_avoided_today'
] as const;
const TREND_WEEKS = 13;
const SIGNAL_DAYS = 84;

const RULE_TEXT: Record<Rule, string> = {
	astronomical: 'a point beyond the process limits',
	trend: 'a run of rising or falling points',
	twoOfThree: 'two of three points near a limit',
	shift: 'a run of points on one side of the mean'
};

const dayMonth = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

export async function buildWeeklyPack(
	db: Kysely<Database>,
	scopeCode: string,
	week: Period,
	now = new Date()
): Promise<WeeklyPack | null> {
	const scope = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind'])
		.where('code', '=', scopeCode)
		.executeTakeFirst();
	if (!scope) return null;
	const sites = await db
		.selectFrom('org_closure')
		.innerJoin('organisation', 'organisation.code', 'org_closure.descendant')
		.select(['organisation.code', 'organisation.name'])
		.where('org_closure.ancestor', '=', scopeCode)
		.where('organisation.kind', '=', 'site')
		.orderBy('organisation.position')
		.execute();
	const end = week.end < now ? week.end : now;
	const lastCall = await db
		.selectFrom('report')
		.select('period')
		.where('kind', '=', 'weekly')
		.where('scope', '=', scopeCode)
		.where('period', '<', week.label)
		.orderBy('period', 'desc')
		.limit(1)
		.executeTakeFirst();
	// a signal is news to the call if it fired after the week of the last pack issued
	const since = lastCall ? nextWeek(parsePeriod('week', lastCall.period)!).first : week.first;
	const today = londonDate(now);
	const [pages, actions] = await Promise.all([
		Promise.all(sites.map((s) => sitePage(db, s, week, end, since, now))),
		listActions(db, { orgs: [scopeCode, ...sites.map((s) => s.code)], closedSince: week.first }, today)
	]);
	for (const page of pages) page.actions = actions.filter((a) => a.org === page.code);
	const agenda = pages
		.flatMap((p) => p.signals)
		.sort((a, b) => (a.kind === b.kind ? a.date.localeCompare(b.date) : a.kind === 'concern' ? -1 : 1));
	const [y, w] = week.label.split('-W');
	const range = `${dayMonth.format(new Date(week.first))} – ${dayMonth.format(new Date(week.last))}`;
	return {
		kind: 'weekly',
		title: `Weekly whole-system call: ${scope.name}, week ${Number(w)} of ${y} (${range})`,
		scope,
		period: { label: week.label, first: week.first, last: week.last },
		compared: { lastWeek: previousWeek(week).label, lastYear: sameWeekLastYear(week).label },
		since,
		asOf: end.toISOString(),
		agenda,
		sites: pages,
		actions
	};
}

async function sitePage(
	db: Kysely<Database>,
	site: { code: string; name: string },
	week: Period,
	end: Date,
	since: string,
	now: Date
): Promise<SitePage> {
	const lastYear = sameWeekLastYear(week);
	const trendFrom = new Date(week.start.getTime() - (TREND_WEEKS - 1) * 7 * 86_400_000);
	const dayFrom = londonDayStart(end, -SIGNAL_DAYS);
	const [targets, snapshot, ...lines] = await Promise.all([
		db.selectFrom('metric_target').select(['metric', 'value']).where('org', '=', site.code).execute(),
		db
			.selectFrom('metric_snapshot')
			.select('metrics')
			.where('org', '=', site.code)
			.where('at', '<', end)
			.orderBy('at', 'desc')
			.limit(1)
			.executeTakeFirst(),
		...PACK_METRICS.flatMap((metric) => [
			series(db, { org: site.code, metric, from: trendFrom, to: week.end, bucket: 'week', now }),
			series(db, { org: site.code, metric, from: lastYear.start, to: lastYear.end, bucket: 'week', now }),
			series(db, { org: site.code, metric, from: dayFrom, to: end, bucket: 'day', now })
		])
	]);
	const target = new Map(targets.map((t) => [t.metric, Number(t.value)]));
	const figures: PackFigure[] = [];
	const trends: SitePage['trends'] = [];
	const signals: PackSignal[] = [];
	PACK_METRICS.forEach((metric, i) => {
		const definition = metricByKey.get(metric)!;
		const [weeks, ago, days] = [lines[i * 3], lines[i * 3 + 1], lines[i * 3 + 2]];
		const flow = definition.kind === 'flow';
		const daily = target.get(metric) ?? null;
		figures.push({
			metric,
			name: definition.name,
			how: flow ? 'in the week' : 'at the end of the week',
			thisWeek: weeks.at(-1)?.value ?? null,
			lastWeek: weeks.at(-2)?.value ?? null,
			lastYear: ago[0]?.value ?? null,
			direction: definition.direction,
			target: daily === null ? null : flow ? daily * 7 : daily
		});
		if (['msl', 'los_over_15', 'los_over_30', 'dtoc'].includes(metric))
			trends.push({
				metric,
				name: definition.name,
				weeks: weeks.map((p) => p.t),
				values: weeks.map((p) => p.value)
			});
		const spc = xmr(
			days.map((p) => p.value),
			{ direction: definition.direction, target: daily, bounds: boundsOf(definition) }
		);
		spc.points.forEach((p, j) => {
			const date = londonDate(new Date(days[j].t));
			if (!p.rules.length || p.kind === 'common' || date < since) return;
			signals.push({
				site: site.code,
				siteName: site.name,
				metric,
				name: definition.name,
				date,
				value: p.value,
				rule: RULE_TEXT[p.rules[0]],
				kind: p.kind
			});
		});
	});
	const m = (snapshot?.metrics ?? {}) as Record<string, number | null>;
	const delays = {
		attribution: [
			{ label: 'NHS', value: m['dtoc.attribution.nhs'] ?? 0 },
			{ label: 'Social care', value: m['dtoc.attribution.social_care'] ?? 0 },
			{ label: 'Both', value: m['dtoc.attribution.both'] ?? 0 }
		],
		reasons: Object.entries(DELAY_REASONS)
			.map(([key, label]) => ({ label, value: m[`dtoc.reason.${key}`] ?? 0 }))
			.filter((r) => r.value > 0)
			.sort((a, b) => b.value - a.value)
	};
	// only the latest signal of each metric: a long run fires on every point of it
	const latest = new Map<string, PackSignal>();
	for (const s of signals) latest.set(s.metric, s);
	return {
		code: site.code,
		name: site.name,
		figures,
		trends,
		delays,
		signals: [...latest.values()],
		actions: []
	};
}

export type { PackFigure, PackSignal, SitePage, WeeklyPack };
