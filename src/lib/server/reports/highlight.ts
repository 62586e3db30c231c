// The Integration Executive's monthly highlight report for a scheme (and the programme summary over every scheme),
// and the quarterly exception report: status RAG with its reasons, KPIs against baseline, target and trajectory,
// milestones due, late and done, the risk register, finance, and the lead's narrative, drafted from the data until
// the lead writes their own.
import type { Kysely } from 'kysely';
import type { ActionRow, ExceptionReport, HighlightReport, KpiLine, ProgrammeReport } from '../../reports.ts';
import { kpiLine } from './kpiLine.ts';
import { metricByKey } from '../../catalogue.ts';
import { date } from '../../format.ts';
import type { Database } from '../db/schema.ts';
import { dataFrom, series } from '../metrics/series.ts';
import { loadScheme } from '../schemes/register.ts';
import { londonDate, londonDayStart } from '../time.ts';
import { approvedReturns } from '../returns/returns.ts';
import { SPEND } from '../returns/validate.ts';
import { listActions } from './actions.ts';
import { documentTarget } from './documentTarget.ts';
import { returnedKpiLine } from './returnedLine.ts';
import { pooledFund } from './fund.ts';
import { spendAgainstPlan } from './spend.ts';
import { addMonths, monthsOf, type Period } from './periods.ts';
import { deriveRag, finalRag, riskScore, type Rag } from './rag.ts';

const HISTORY_MONTHS = 12;
const SPC_DAYS = 90;
/** monthly returns are judged by SPC over two years: a year is too few points (spc.ts, MINIMUM_POINTS) */
const RETURN_MONTHS = 24;

type Memo = Map<string, Promise<unknown>>;
function memo<T>(cache: Memo, key: string, make: () => Promise<T>): Promise<T> {
	if (!cache.has(key)) cache.set(key, make());
	return cache.get(key) as Promise<T>;
}

const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const longMonth = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * What is known about recovering a scheme: the open actions on its figures with owners and due dates, its late
 * milestones, and its risks scored 9 or more; and plainly, when no action is recorded.
 */
export function recoveryOf(
	actions: ActionRow[],
	late: { activity: string; owner: string | null; lateDays: number }[],
	risks: { id: string; description: string; score: number | null; owner: string | null }[]
): string[] {
	const open = actions.filter((a) => a.status === 'open');
	return [
		...(open.length
			? open.map(
					(a) => `Action: ${a.what} (${a.ownerName}, due ${date(a.due)}${a.overdue ? ', overdue' : ''}).`
				)
			: ['No recovery action is recorded for this scheme.']),
		...late.map(
			(ms) =>
				`Late milestone: ${ms.activity} (${ms.lateDays.toLocaleString('en-GB')} days late${ms.owner ? `, ${ms.owner}` : ''}).`
		),
		...risks
			.filter((r) => (r.score ?? 0) >= 9)
			.map((r) => `Risk ${r.id}: ${r.description} (score ${r.score}${r.owner ? `, ${r.owner}` : ''}).`)
	];
}

export async function buildHighlight(
	db: Kysely<Database>,
	id: string,
	month: Period,
	now = new Date(),
	cache: Memo = new Map()
): Promise<HighlightReport | null> {
	const loaded = await loadScheme(db, id);
	if (!loaded) return null;
	const end = month.end < now ? month.end : now;
	const asOfDay = month.last < londonDate(now) ? month.last : londonDate(now);
	const from = addMonths(month, 1 - HISTORY_MONTHS).start;
	const org = loaded.org?.code ?? null;
	const targets = org
		? new Map(
				(
					await db.selectFrom('metric_target').select(['metric', 'value']).where('org', '=', org).execute()
				).map((t) => [t.metric, Number(t.value)])
			)
		: new Map<string, number>();
	const monthName = longMonth.format(new Date(month.first));
	// when the organisation's data starts, read once for the report's series (and, through the cache, the programme's)
	const first = org ? await memo(cache, `f:${org}`, () => dataFrom(db, org)) : null;
	const lines = org
		? await Promise.all(
				loaded.metrics.map(async (metric) => {
					const definition = metricByKey.get(metric)!;
					const plan = loaded.plans.find((p) => p.metric === metric);
					const [monthly, daily] = await Promise.all([
						memo(cache, `m:${org}:${metric}:${month.label}`, () =>
							series(db, { org, metric, from, to: month.end, bucket: 'month', now, dataFrom: first })
						),
						// SPC over whole days, or whole weeks for a figure a day cannot hold (twice the days, for enough points)
						memo(cache, `d:${org}:${metric}:${month.label}`, () =>
							series(db, {
								org,
								metric,
								from: londonDayStart(end, definition.shortest ? -2 * SPC_DAYS : -SPC_DAYS),
								to: end,
								bucket: definition.shortest?.bucket ?? 'day',
								now,
								dataFrom: first
							})
						)
					]);
					// the organisation's own target; else the documents' target for the scheme's KPI the metric measures, unless
					// the documents set a count per organisation (catalogue.ts: "3 patients/day/site" is not a trust's), where
					// a rate, a share or a mean ("4 patients a GP hour") holds at any level
					const own = targets.get(metric);
					const kpi =
						definition.targets.length && definition.kind !== 'ratio'
							? undefined
							: loaded.kpis.find((k) => definition.kpis.includes(k.id) && k.target);
					const documented =
						own !== undefined
							? { value: own, note: null }
							: documentTarget(kpi?.target ?? null, plan?.baseline == null ? null : Number(plan.baseline));
					return kpiLine(definition, plan, documented, monthly, daily, month, monthName, {
						now: end.toISOString(),
						dataFrom: first?.toISOString() ?? null
					});
				})
			)
		: [];
	// KPIs fed by returns: the approved figures at the scheme's organisation, and its spend
	const returns = org
		? await approvedReturns(
				db,
				org,
				loaded.returned.map((k) => k.id),
				id
			)
		: [];
	const returnedLines = loaded.returned.map((k) =>
		returnedKpiLine(
			k,
			loaded.plans.find((p) => p.metric === k.id),
			returns.filter((r) => r.kpi === k.id),
			month,
			monthName,
			RETURN_MONTHS
		)
	);
	const spend = spendAgainstPlan(
		loaded.funding,
		returns.filter((r) => r.kpi === SPEND),
		month
	);
	const kpis = [...lines, ...returnedLines].map((l) => l.line);
	// the plan's milestones with their dates as YYYY-MM-DD, read once for the table, the RAG and the next steps; a
	// milestone no lead has dated is due by the date its plan text names (schemes/milestoneDates.ts)
	const dated = loaded.milestones.map((ms) => {
		const day = (d: string | null) => (d ? String(d).slice(0, 10) : null);
		const [due, revisedDue, doneOn] = [day(ms.due) ?? ms.planned_due, day(ms.revised_due), day(ms.done_on)];
		return {
			activity: ms.activity,
			owner: ms.owner,
			due,
			dueFromPlanText: !ms.due && !!ms.planned_due,
			revisedDue,
			doneOn,
			date: revisedDue ?? due
		};
	});
	const milestones = dated
		.map(({ date, ...ms }) => {
			const state: 'done' | 'late' | 'due' | 'open' =
				ms.doneOn && ms.doneOn <= asOfDay
					? 'done'
					: date && date < asOfDay
						? 'late'
						: date && date <= month.last
							? 'due'
							: 'open';
			return {
				...ms,
				state,
				lateDays: state === 'late' ? days(date!, asOfDay) : 0,
				slipDays: ms.due && ms.revisedDue ? Math.max(0, days(ms.due, ms.revisedDue)) : 0
			};
		})
		// the month's business: what was due, is late, or was done in it
		.filter(
			(ms) => ms.state === 'late' || ms.state === 'due' || (ms.state === 'done' && ms.doneOn! >= month.first)
		);
	const risks = loaded.risks
		.map((r) => ({
			id: r.risk_id ?? `R${r.position + 1}`,
			description: r.description,
			probability: r.probability,
			impact: r.impact,
			score: riskScore(r),
			owner: r.owner
		}))
		.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
	const derived = deriveRag({
		asOf: asOfDay,
		kpis: [...lines, ...returnedLines].map((l) => l.evidence),
		spend: spend.actual !== null ? spend : null,
		milestones: dated.map((ms) => ({
			activity: ms.activity,
			due: ms.due,
			revised_due: ms.revisedDue,
			done_on: ms.doneOn
		})),
		risks: loaded.risks
	});
	const today = londonDate(now);
	const [lead, tagged, onFigures] = await Promise.all([
		db
			.selectFrom('scheme_month')
			.selectAll()
			.where('scheme', '=', id)
			.where('month', '=', month.first)
			.executeTakeFirst(),
		listActions(db, { schemes: [id], closedSince: month.first }, today),
		// actions agreed about the scheme's own figures at its organisation count as its recovery too
		org ? listActions(db, { orgs: [org], closedSince: month.first }, today) : Promise.resolve([])
	]);
	const actions = [
		...tagged,
		...onFigures.filter((a) => loaded.metrics.includes(a.metric) && !tagged.some((t) => t.id === a.id))
	];
	const final = finalRag(derived.rag, lead ? { rag: lead.rag_override, comment: lead.rag_comment } : null);
	const recovery = recoveryOf(
		actions,
		milestones.filter((ms) => ms.state === 'late'),
		risks
	);
	const nextMonth = addMonths(month, 1);
	const drafted = {
		achievements:
			[
				...milestones
					.filter((ms) => ms.state === 'done')
					.map((ms) => `Completed: ${ms.activity} (${date(ms.doneOn)}).`),
				...kpis
					.filter((k) => k.measured && k.assurance === 'pass')
					.map(
						(k) =>
							`${k.name}: ${k.thisMonth} ${k.unit} this month, consistently meeting the target of ${k.target}.`
					),
				...kpis
					.filter((k) => k.measured && k.variation?.startsWith('improvement'))
					.map((k) => `${k.name} shows special cause improvement (${k.thisMonth} ${k.unit} this month).`)
			].join('\n') || 'No milestone was completed and no KPI improved this month.',
		issues: derived.reasons.map((r) => `${r}.`).join('\n'),
		nextSteps: [
			...recovery,
			...dated
				.filter((ms) => !ms.doneOn && ms.date && ms.date >= asOfDay && ms.date <= nextMonth.last)
				.map((ms) => `Deliver: ${ms.activity} (due ${date(ms.date)}).`)
		].join('\n')
	};
	return {
		kind: 'monthly',
		title: `Highlight report: ${loaded.scheme.id} ${loaded.scheme.name}, ${longMonth.format(new Date(month.first))}${month.end > now ? ' (so far)' : ''}`,
		scheme: {
			id: loaded.scheme.id,
			ref: loaded.scheme.ref,
			name: loaded.scheme.name,
			area: loaded.scheme.area,
			objective: loaded.scheme.objective,
			org,
			orgName: loaded.org?.name ?? null
		},
		period: { label: month.label, first: month.first, last: month.last, inProgress: month.end > now },
		asOf: end.toISOString(),
		rag: {
			derived: derived.rag,
			reasons: derived.reasons,
			final: final.rag,
			overridden: final.overridden,
			comment: final.comment
		},
		kpis,
		milestones,
		risks,
		finance: loaded.funding.map((f) => ({
			year: f.year,
			thousands: f.amount_gbp_thousands === null ? null : Number(f.amount_gbp_thousands),
			source: f.source_text
		})),
		spend,
		recovery,
		narrative: {
			achievements: lead?.achievements ?? drafted.achievements,
			issues: lead?.issues ?? drafted.issues,
			nextSteps: lead?.next_steps ?? drafted.nextSteps,
			edited: !!(lead?.achievements || lead?.issues || lead?.next_steps)
		},
		actions
	};
}

async function allHighlights(db: Kysely<Database>, month: Period, now: Date) {
	const ids = (await db.selectFrom('scheme').select('id').orderBy('id').execute()).map((s) => s.id);
	const cache: Memo = new Map();
	const reports: HighlightReport[] = [];
	// a few at a time: they share the cache of series, and the pool
	for (let i = 0; i < ids.length; i += 6) {
		const batch = await Promise.all(
			ids.slice(i, i + 6).map((id) => buildHighlight(db, id, month, now, cache))
		);
		reports.push(...batch.filter((r): r is HighlightReport => r !== null));
	}
	return reports;
}

export async function buildProgramme(
	db: Kysely<Database>,
	month: Period,
	now = new Date()
): Promise<ProgrammeReport> {
	const reports = await allHighlights(db, month, now);
	const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, grey: 0 };
	for (const r of reports) counts[r.rag.final]++;
	return {
		kind: 'monthly',
		title: `Better Care Fund programme highlight report, ${longMonth.format(new Date(month.first))}${month.end > now ? ' (so far)' : ''}`,
		scheme: null,
		period: { label: month.label, first: month.first, last: month.last, inProgress: month.end > now },
		asOf: (month.end < now ? month.end : now).toISOString(),
		counts,
		schemes: reports.map((r) => ({
			id: r.scheme.id,
			name: r.scheme.name,
			area: r.scheme.area,
			rag: r.rag.final,
			overridden: r.rag.overridden,
			reason: r.rag.overridden ? `Set by the lead: ${r.rag.comment}` : r.rag.reasons[0],
			simulated: r.kpis.some((k) => k.returned?.simulated) || !!r.spend?.simulated
		})),
		fund: await pooledFund(db, reports, month)
	};
}

export async function buildException(
	db: Kysely<Database>,
	quarter: Period,
	now = new Date()
): Promise<ExceptionReport> {
	const last = monthsOf(quarter)[2];
	const reports = await allHighlights(db, last, now);
	const off = reports.filter((r) => r.rag.final === 'red' || r.rag.final === 'amber');
	const unassessed = reports.filter((r) => r.rag.final === 'grey');
	return {
		kind: 'quarterly',
		title: `Quarterly exception report, ${quarter.label.replace('-Q', ' Q')} (${quarter.first} to ${quarter.last})${quarter.end > now ? ', so far' : ''}`,
		period: { label: quarter.label, first: quarter.first, last: quarter.last, inProgress: quarter.end > now },
		asOf: (quarter.end < now ? quarter.end : now).toISOString(),
		schemes: off
			.sort((a, b) =>
				a.rag.final === b.rag.final ? a.scheme.id.localeCompare(b.scheme.id) : a.rag.final === 'red' ? -1 : 1
			)
			.map((r) => ({
				id: r.scheme.id,
				name: r.scheme.name,
				area: r.scheme.area,
				rag: r.rag.final,
				reasons: r.rag.reasons,
				comment: r.rag.comment,
				recovery: r.recovery,
				actions: r.actions.filter((a) => a.status === 'open')
			})),
		notAssessed: unassessed.map((r) => ({ id: r.scheme.id, name: r.scheme.name, reason: r.rag.reasons[0] })),
		onTrack: reports.length - off.length - unassessed.length
	};
}

export type { ExceptionReport, HighlightReport, KpiLine, ProgrammeReport };
