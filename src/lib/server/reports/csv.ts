// Packs and reports as CSV: one table of rows, the first column saying which part of the report a row is from, every
// cell neutralised against formula injection. The header rows carry the organisation, period, as-of and version.
import { RAG_LABEL } from '../../format.ts';
import { csvCell } from '../metrics/medicallyStable.ts';
import type { ExceptionReport, HighlightReport, ProgrammeReport } from './highlight.ts';
import type { PdfMeta } from './pdf.ts';
import type { WeeklyPack } from './weekly.ts';

type Content = WeeklyPack | HighlightReport | ProgrammeReport | ExceptionReport;
type Row = (string | number | null | undefined)[];

function rows(content: Content): Row[] {
	if (content.kind === 'weekly')
		return [
			['part', 'site', 'figure', 'this week', 'last week', 'same week last year', 'target'],
			...content.sites.flatMap((s) =>
				s.figures.map((f) => ['figure', s.name, f.name, f.thisWeek, f.lastWeek, f.lastYear, f.target])
			),
			['part', 'site', 'figure', 'signal', 'date', 'value'],
			...content.agenda.map((s) => ['signal', s.siteName, s.name, `${s.kind}: ${s.rule}`, s.date, s.value]),
			['part', 'site', 'attribution or reason', 'delays now'],
			...content.sites.flatMap((s) => [
				...s.delays.attribution.map((d) => ['delays by attribution', s.name, d.label, d.value]),
				...s.delays.reasons.map((d) => ['delays by reason', s.name, d.label, d.value])
			]),
			['part', 'action', 'owner', 'for', 'figure', 'agreed', 'due', 'status'],
			...content.actions.map((a) => [
				'action',
				a.what,
				a.ownerName,
				a.orgName ?? a.scheme,
				a.metricName,
				a.agreedOn,
				a.due,
				a.overdue ? 'overdue' : a.status
			])
		];
	if (content.kind === 'quarterly')
		return [
			['part', 'scheme', 'name', 'status', 'why', 'recovery'],
			...content.schemes.map((s) => [
				'exception',
				s.id,
				s.name,
				RAG_LABEL[s.rag],
				s.reasons.join('; '),
				s.recovery.join('; ')
			]),
			...content.notAssessed.map((s) => ['not assessed', s.id, s.name, RAG_LABEL.grey, s.reason, ''])
		];
	if ('schemes' in content)
		return [
			['part', 'scheme', 'name', 'area', 'status', 'why'],
			...content.schemes.map((s) => [
				'scheme',
				s.id,
				s.name,
				s.area,
				RAG_LABEL[s.rag],
				s.reason + (s.simulated ? ' [simulated returns]' : '')
			]),
			...(content.fund
				? [
						[
							'part',
							'hwb area',
							'schemes',
							`plan ${content.fund.year}`,
							'actual to date',
							'forecast outturn'
						],
						...content.fund.byHwb.map((h) => ['fund', h.name, h.schemes, h.plan, h.actual, h.forecast]),
						['part', 'source', `plan ${content.fund.year}`],
						...content.fund.bySource.map((f) => ['fund source', f.source, f.plan])
					]
				: [])
		];
	return [
		['part', 'status', 'derived', 'overridden', 'comment', 'reasons'],
		[
			'status',
			RAG_LABEL[content.rag.final],
			RAG_LABEL[content.rag.derived],
			content.rag.overridden ? 'yes' : 'no',
			content.rag.comment,
			content.rag.reasons.join('; ')
		],
		[
			'part',
			'kpi',
			'unit',
			'this month',
			'last month',
			'baseline',
			'target',
			'trajectory',
			'status',
			'return'
		],
		...content.kpis.map((k) => [
			'kpi',
			k.name,
			k.unit,
			k.thisMonth === null
				? k.kpi
					? 'no return'
					: 'no data'
				: `${k.thisMonth}${k.inProgress ? ' (so far)' : ''}`,
			k.lastMonth === null ? 'no data' : k.lastMonth,
			k.baseline,
			k.target,
			k.planned,
			k.status,
			k.returned
				? `${k.returned.period} version ${k.returned.version}${k.returned.simulated ? ' (simulated)' : ''}`
				: ''
		]),
		['part', 'milestone', 'owner', 'due', 'revised', 'done', 'state'],
		...content.milestones.map((m) => [
			'milestone',
			m.activity,
			m.owner,
			m.due,
			m.revisedDue,
			m.doneOn,
			m.state === 'late' ? `late by ${m.lateDays} days` : m.state
		]),
		['part', 'risk', 'description', 'probability', 'impact', 'score', 'owner'],
		...content.risks.map((r) => ['risk', r.id, r.description, r.probability, r.impact, r.score, r.owner]),
		['part', 'year', 'thousands', 'source'],
		...content.finance.map((f) => ['finance', f.year, f.thousands, f.source]),
		...(content.spend
			? [
					['part', 'year', 'plan', 'actual to date', 'forecast outturn', 'variance', 'months returned'],
					[
						'spend',
						content.spend.year,
						content.spend.plan,
						content.spend.actual,
						content.spend.forecast,
						content.spend.variance,
						`${content.spend.monthsReturned} of ${content.spend.monthsElapsed}${content.spend.simulated ? ' (simulated)' : ''}`
					]
				]
			: []),
		['part', 'achievements', 'issues', 'next steps'],
		['narrative', content.narrative.achievements, content.narrative.issues, content.narrative.nextSteps]
	];
}

export function renderCsv(meta: PdfMeta, content: Content): string {
	const head: Row[] = [
		['report', meta.title],
		['for', meta.scope],
		[
			'period',
			`${meta.period.label} (${meta.period.first} to ${meta.period.last})${meta.period.inProgress ? ', in progress: figures so far' : ''}`
		],
		['data as of', meta.asOf],
		['version', meta.version ?? 'draft (live data, not issued)'],
		[]
	];
	return `${[...head, ...rows(content)].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
