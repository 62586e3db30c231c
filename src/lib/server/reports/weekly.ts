// The weekly whole-system call pack for a system, area or trust and an ISO week: a summary of every site side by
// side, then a page per site with this week against last week and the same week last year, the SPC signals that
// fired since the last call (the agenda), the medically stable list and long-stay trends, delays by reason and
// attribution, admissions avoided, discharges against the target, and the actions agreed on earlier calls.
//
// Every figure is one the read API gives for the same organisation and window (tests/api/packAgreement.spec.ts
// checks that). A week still running is compared like for like: with the same hours of last week and of the same
// week last year, against the target for those hours; its partial day is never an SPC point.
import type { Kysely } from 'kysely';
import type { PackFigure, PackSignal, SitePage, WeeklyPack } from '../../reports.ts';
import { boundsOf, delayBreakdown, metricByKey } from '../../catalogue.ts';
import { wholeBuckets } from '../../charting.ts';
import { RULE_TEXT, xmr } from '../../spc.ts';
import type { SeriesPoint } from '../../types.ts';
import type { Database } from '../db/schema.ts';
import { computeMetrics } from '../metrics/current.ts';
import { orgsWithData } from '../metrics/read.ts';
import { dataFrom, series } from '../metrics/series.ts';
import { londonDate, londonDayStart } from '../time.ts';
import { listActions } from './actions.ts';
import { periodName } from './kpiLine.ts';
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
/** the figures of the whole-system summary, one column each */
export const SUMMARY_METRICS = ['msl', 'los_over_15', 'dtoc', 'discharges_today', 'admissions_avoided_today'];
const TREND_WEEKS = 13;
const SIGNAL_DAYS = 84;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** the same hours of an earlier week: whole hours, as the read API's hourly series gives them */
const sameHoursOf = (week: Period, elapsed: number) =>
	new Date(week.start.getTime() + Math.floor(Math.min(elapsed, 7 * DAY) / HOUR) * HOUR);

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
	const [all, withData] = await Promise.all([
		db
			.selectFrom('org_closure')
			.innerJoin('organisation', 'organisation.code', 'org_closure.descendant')
			.select(['organisation.code', 'organisation.name'])
			.where('org_closure.ancestor', '=', scopeCode)
			.where('organisation.kind', '=', 'site')
			.orderBy('organisation.position')
			.execute(),
		orgsWithData(db)
	]);
	// a site that has never sent an event gets a line, not a page of "no data"
	const sites = all.filter((s) => withData.has(s.code));
	const silent = all.filter((s) => !withData.has(s.code));
	const inProgress = week.end > now;
	const end = inProgress ? now : week.end;
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
	const [pages, actions, atEnd] = await Promise.all([
		Promise.all(sites.map((s) => sitePage(db, s, week, end, since, now))),
		listActions(db, { orgs: [scopeCode, ...sites.map((s) => s.code)], closedSince: week.first }, today),
		// the delays by attribution and reason at the week's end, from the engine the metrics API reads
		sites.length
			? computeMetrics(
					db,
					sites.map((s) => s.code),
					end
				)
			: Promise.resolve(new Map())
	]);
	for (const page of pages) {
		page.actions = actions.filter((a) => a.org === page.code);
		// a site with no data at the week's end has no delays to break down, not zero of each
		const dtoc = page.figures.find((f) => f.metric === 'dtoc')?.thisWeek ?? null;
		page.delays = delaysOf(dtoc === null ? null : (atEnd.get(page.code) ?? null));
	}
	const agenda = pages
		.flatMap((p) => p.signals)
		.sort((a, b) => (a.kind === b.kind ? a.date.localeCompare(b.date) : a.kind === 'concern' ? -1 : 1));
	const [y, w] = week.label.split('-W');
	const range = `${dayMonth.format(new Date(week.first))} – ${dayMonth.format(new Date(week.last))}`;
	return {
		kind: 'weekly',
		title: `Weekly whole-system call: ${scope.name}, week ${Number(w)} of ${y} (${range})${inProgress ? ', so far' : ''}`,
		scope,
		period: { label: week.label, first: week.first, last: week.last, inProgress },
		compared: { lastWeek: previousWeek(week).label, lastYear: sameWeekLastYear(week).label },
		since,
		asOf: end.toISOString(),
		summary: SUMMARY_METRICS.map((metric) => ({ metric, name: periodName(metricByKey.get(metric)!) })),
		agenda,
		sites: pages,
		silent,
		actions
	};
}

function delaysOf(m: Record<string, number | null> | null): SitePage['delays'] {
	return m ? delayBreakdown(m) : { attribution: [], reasons: [] };
}

/**
 * A week's figure up to `upTo` (the week's end, or for a week in progress the same hours into it): a census figure's
 * value at that instant, a flow's count from the week's start. Null when the window holds no data.
 */
async function figureAt(
	db: Kysely<Database>,
	org: string,
	first: Date | null,
	metric: string,
	week: Period,
	upTo: Date
): Promise<number | null> {
	if (upTo.getTime() === week.end.getTime()) {
		// a whole week: its one weekly bucket
		const [point] = await series(db, {
			org,
			metric,
			from: week.start,
			to: upTo,
			bucket: 'week',
			now: upTo,
			dataFrom: first
		});
		return point?.value ?? null;
	}
	if (metricByKey.get(metric)!.kind === 'census') {
		const [point] = await series(db, {
			org,
			metric,
			from: new Date(upTo.getTime() - 1),
			to: upTo,
			bucket: 'hour',
			now: upTo,
			dataFrom: first
		});
		return point?.value ?? null;
	}
	const hours = await series(db, {
		org,
		metric,
		from: week.start,
		to: upTo,
		bucket: 'hour',
		now: upTo,
		dataFrom: first
	});
	const held = hours.filter((p) => p.value !== null);
	return held.length ? held.reduce((s, p) => s + p.value!, 0) : null;
}

async function sitePage(
	db: Kysely<Database>,
	site: { code: string; name: string },
	week: Period,
	end: Date,
	since: string,
	now: Date
): Promise<SitePage> {
	const inProgress = week.end > now;
	const elapsed = end.getTime() - week.start.getTime();
	const lastWeek = previousWeek(week);
	const lastYear = sameWeekLastYear(week);
	const trendFrom = new Date(week.start.getTime() - (TREND_WEEKS - 1) * 7 * DAY);
	const dayFrom = londonDayStart(end, -SIGNAL_DAYS);
	const first = await dataFrom(db, site.code);
	const [targets, ...lines] = await Promise.all([
		db.selectFrom('metric_target').select(['metric', 'value']).where('org', '=', site.code).execute(),
		...PACK_METRICS.flatMap((metric) => [
			series(db, {
				org: site.code,
				metric,
				from: trendFrom,
				to: week.end,
				bucket: 'week',
				now,
				dataFrom: first
			}),
			inProgress
				? figureAt(db, site.code, first, metric, lastWeek, sameHoursOf(lastWeek, elapsed))
				: Promise.resolve(null),
			figureAt(db, site.code, first, metric, lastYear, sameHoursOf(lastYear, elapsed)),
			series(db, { org: site.code, metric, from: dayFrom, to: end, bucket: 'day', now, dataFrom: first })
		])
	]);
	const target = new Map(targets.map((t) => [t.metric, Number(t.value)]));
	const figures: PackFigure[] = [];
	const trends: SitePage['trends'] = [];
	const signals: PackSignal[] = [];
	PACK_METRICS.forEach((metric, i) => {
		const definition = metricByKey.get(metric)!;
		const weeks = lines[i * 4] as SeriesPoint[];
		const [sameHoursLastWeek, ago] = [lines[i * 4 + 1] as number | null, lines[i * 4 + 2] as number | null];
		const days = lines[i * 4 + 3] as SeriesPoint[];
		const flow = definition.kind === 'flow';
		const daily = target.get(metric) ?? null;
		const thisWeek = weeks.at(-1)?.value ?? null;
		// a flow's target for the hours the figure covers: a whole week is 7 days' worth
		const days_ = Math.min(elapsed, 7 * DAY) / DAY;
		figures.push({
			metric,
			name: periodName(definition),
			how: flow
				? inProgress
					? 'in the week so far'
					: 'in the week'
				: inProgress
					? 'now'
					: 'at the end of the week',
			thisWeek,
			lastWeek: inProgress ? sameHoursLastWeek : (weeks.at(-2)?.value ?? null),
			lastYear: ago,
			direction: definition.direction,
			target: daily === null ? null : flow ? Math.round(daily * days_ * 10) / 10 : daily,
			status: status(thisWeek, daily === null ? null : flow ? daily * days_ : daily, definition.direction)
		});
		if (['msl', 'los_over_15', 'los_over_30', 'dtoc'].includes(metric))
			trends.push({
				metric,
				name: definition.name,
				weeks: weeks.map((p) => p.t),
				values: wholeBuckets(weeks),
				soFar: weeks.map((p) => (p.partial ? p.value : null))
			});
		const spc = xmr(wholeBuckets(days), {
			direction: definition.direction,
			target: daily,
			bounds: boundsOf(definition)
		});
		spc.points.forEach((p, j) => {
			const date = londonDate(new Date(days[j].t));
			if (!p.rules.length || p.kind === 'common' || date < since) return;
			signals.push({
				site: site.code,
				siteName: site.name,
				metric,
				name: definition.name.replace(/,? today$/, ' a day'),
				date,
				value: p.value,
				rule: RULE_TEXT[p.rules[0]],
				kind: p.kind
			});
		});
	});
	// only the latest signal of each metric: a long run fires on every point of it
	const latest = new Map<string, PackSignal>();
	for (const s of signals) latest.set(s.metric, s);
	return {
		code: site.code,
		name: site.name,
		figures,
		trends,
		delays: { attribution: [], reasons: [] },
		signals: [...latest.values()],
		actions: []
	};
}

/** A figure against its target, where it has one and data: a status needs evidence. */
function status(
	value: number | null,
	target: number | null,
	direction: 'up' | 'down' | 'monitor'
): PackFigure['status'] {
	if (value === null) return 'no data';
	if (target === null || direction === 'monitor') return 'no target';
	return (direction === 'up' ? value >= target : value <= target) ? 'on target' : 'off target';
}

export type { PackFigure, PackSignal, SitePage, WeeklyPack };
