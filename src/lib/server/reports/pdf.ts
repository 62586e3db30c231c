// Packs and reports as real PDF files (A4, vector charts), drawn from the same content the pages show, with the
// organisation, period, data as-of time, version and page number at the foot of every page.
import PDFDocument from 'pdfkit';
import type { ExceptionReport, HighlightReport, ProgrammeReport } from './highlight.ts';
import { change, date, num, RAG_LABEL, stamp } from '../../format.ts';
import { silentLine, type Rag } from '../../reports.ts';
import { BLUE, FOOT, GREY, MARGIN, RAG_COLOUR, Writer, plain } from './pdfWriter.ts';
import type { WeeklyPack } from './weekly.ts';

type Content = WeeklyPack | HighlightReport | ProgrammeReport | ExceptionReport;

const figure = (v: number | null) => (v === null ? 'no data' : num(v));
const toned = (now: number | null, then: number | null, direction: 'up' | 'down' | 'monitor') => {
	const c = change(now, then, direction);
	return {
		text: c.text,
		colour: c.tone === 'better' ? RAG_COLOUR.green : c.tone === 'worse' ? RAG_COLOUR.red : undefined
	};
};

const HOW: Record<string, string> = {
	'at the end of the week': 'week end',
	'in the week': 'week total',
	'in the week so far': 'so far'
};

/** The pack packed for paper: the summary first, then the sites one after another, every column kept. */
function weekly(w: Writer, pack: WeeklyPack) {
	const soFar = pack.period.inProgress;
	if (pack.summary?.length) {
		w.heading(`Whole system: every site side by side${soFar ? ' (this week so far)' : ''}`);
		const share = 0.78 / pack.summary.length;
		w.table(
			[
				{ label: 'Site', width: 0.22 },
				...pack.summary.map((c) => ({ label: `${c.name} (change)`, width: share, right: true }))
			],
			pack.sites.map((site) => [
				site.name,
				...pack.summary.map((c) => {
					const f = site.figures.find((x) => x.metric === c.metric);
					if (!f || f.thisWeek === null) return 'no data';
					const t = toned(f.thisWeek, f.lastWeek, f.direction);
					return { text: `${num(f.thisWeek)} (${t.text})`, colour: t.colour };
				})
			])
		);
	}
	if (pack.silent?.length) w.para(silentLine(pack.silent));
	w.heading(`Agenda: what changed since ${date(pack.since)}`);
	w.table(
		[
			{ label: 'Site', width: 0.22 },
			{ label: 'Figure', width: 0.24 },
			{ label: 'Signal', width: 0.34 },
			{ label: 'On', width: 0.12 },
			{ label: 'Value', width: 0.08, right: true }
		],
		pack.agenda.length
			? pack.agenda.map((s) => [
					s.siteName,
					s.name,
					{
						text: `${s.kind}: ${s.rule}`,
						colour:
							s.kind === 'concern' ? RAG_COLOUR.red : s.kind === 'improvement' ? RAG_COLOUR.green : undefined
					},
					date(s.date),
					num(s.value)
				])
			: [['No special-cause signals since the last call.', '', '', '', '']]
	);
	const open = pack.actions.filter((a) => a.status === 'open');
	w.para(`${open.length} open actions, ${pack.actions.filter((a) => a.overdue).length} overdue.`);
	for (const site of pack.sites) {
		// a site starts on a new page only when its table and chart would not fit under the last one
		w.room(310);
		w.heading(site.name, 13);
		w.table(
			[
				{ label: 'Figure', width: 0.37 },
				{ label: soFar ? 'This week so far' : 'This week', width: 0.1, right: true },
				{ label: soFar ? 'Same hours last week' : 'Last week', width: 0.1, right: true },
				{ label: 'Change', width: 0.08, right: true },
				{ label: 'Same week last year', width: 0.12, right: true },
				{ label: 'Target', width: 0.08, right: true },
				{ label: 'Status', width: 0.15 }
			],
			site.figures.map((f) => [
				`${f.name} (${HOW[f.how] ?? f.how})`,
				figure(f.thisWeek),
				figure(f.lastWeek),
				toned(f.thisWeek, f.lastWeek, f.direction),
				figure(f.lastYear),
				num(f.target),
				{
					text: f.status ?? '',
					colour:
						f.status === 'on target' ? RAG_COLOUR.green : f.status === 'off target' ? RAG_COLOUR.red : GREY
				}
			])
		);
		w.chart(
			'Medically stable list and long stays, 13 weeks',
			site.trends[0]?.weeks ?? [],
			site.trends.map((t) => ({ name: t.name, values: t.values, soFar: t.soFar })),
			{ actions: site.actions.filter((a) => a.agreedOn <= pack.period.last), height: 80 }
		);
		w.para(
			site.delays.attribution.length
				? `Delays by attribution: ${site.delays.attribution.map((d) => `${d.label} ${d.value}`).join(', ')}. ` +
						`By reason: ${site.delays.reasons.map((d) => `${d.label} ${d.value}`).join(', ') || 'none'}.`
				: 'Delays: no data.'
		);
		if (site.actions.length) actionsTable(w, site.actions);
	}
	w.heading('Actions', 13);
	actionsTable(w, pack.actions);
}

function actionsTable(w: Writer, actions: WeeklyPack['actions']) {
	w.table(
		[
			{ label: 'Action', width: 0.32 },
			{ label: 'Owner', width: 0.16 },
			{ label: 'Figure', width: 0.18 },
			{ label: 'Agreed', width: 0.11 },
			{ label: 'Due', width: 0.11 },
			{ label: 'Status', width: 0.12 }
		],
		actions.length
			? actions.map((a) => [
					a.what,
					a.ownerName,
					`${a.metricName}${a.orgName ? `, ${a.orgName}` : ''}`,
					date(a.agreedOn),
					{ text: date(a.due), colour: a.overdue ? RAG_COLOUR.red : undefined },
					{ text: a.overdue ? 'OVERDUE' : a.status, colour: a.overdue ? RAG_COLOUR.red : undefined }
				])
			: [['No actions.', '', '', '', '', '']]
	);
}

function rag(w: Writer, label: string, value: Rag) {
	w.room(24);
	const doc = w.doc;
	const y = doc.y;
	doc
		.font('Helvetica-Bold')
		.fontSize(11)
		.fillColor('black')
		.text(plain(label), MARGIN, y + 3);
	doc
		.fillColor(RAG_COLOUR[value])
		.roundedRect(MARGIN + 70, y, 90, 18, 3)
		.fill();
	doc
		.fillColor(value === 'amber' ? 'black' : 'white')
		.text(RAG_LABEL[value].toUpperCase(), MARGIN + 70, y + 4, { width: 90, align: 'center' });
	doc.fillColor('black');
	doc.x = MARGIN;
	doc.y = y + 24;
}

function highlight(w: Writer, r: HighlightReport) {
	rag(w, 'Status', r.rag.final);
	if (r.rag.overridden)
		w.para(`Set by the scheme lead (derived from the data: ${RAG_LABEL[r.rag.derived]}): ${r.rag.comment}`, {
			bold: true
		});
	for (const reason of r.rag.reasons) w.para(`- ${reason}`);
	if (r.scheme.objective) w.para(`Objective: ${r.scheme.objective}`);
	w.heading('KPIs');
	w.table(
		[
			{ label: 'KPI', width: 0.24 },
			{ label: 'This month', width: 0.12, right: true },
			{ label: 'Last month', width: 0.1, right: true },
			{ label: 'Baseline', width: 0.09, right: true },
			{ label: 'Target', width: 0.08, right: true },
			{ label: 'Trajectory', width: 0.1, right: true },
			{ label: 'Status', width: 0.27 }
		],
		r.kpis.length
			? r.kpis.map((k) => [
					`${k.name} (${k.unit})${k.returned ? ` [returned ${k.returned.period} v${k.returned.version}${k.returned.simulated ? ', simulated' : ''}]` : ''}`,
					k.thisMonth === null
						? k.kpi
							? 'no return'
							: 'no data'
						: `${num(k.thisMonth)}${k.inProgress ? ' so far' : ''}`,
					k.lastMonth === null ? 'no data' : `${num(k.lastMonth)}${k.lastMonthPartial ? ' part' : ''}`,
					num(k.baseline),
					num(k.target),
					num(k.planned),
					{ text: k.status, colour: k.measured ? undefined : GREY }
				])
			: [["None of this scheme's KPIs is a figure.", '', '', '', '', '', '']]
	);
	for (const k of r.kpis.filter((k) => k.measured))
		w.chart(`${k.name} by month, ${k.unit}`, k.months, [{ name: k.name, values: k.values, soFar: k.soFar }], {
			target: k.target
		});
	w.heading('Milestones due, late and done');
	w.table(
		[
			{ label: 'Milestone', width: 0.4 },
			{ label: 'Due', width: 0.14 },
			{ label: 'Revised', width: 0.14 },
			{ label: 'Done', width: 0.14 },
			{ label: 'State', width: 0.18 }
		],
		r.milestones.length
			? r.milestones.map((m) => [
					m.activity,
					`${date(m.due)}${m.dueFromPlanText ? ' (plan text)' : ''}`,
					date(m.revisedDue),
					date(m.doneOn),
					{
						text: m.state === 'late' ? `late by ${m.lateDays.toLocaleString('en-GB')} days` : m.state,
						colour: m.state === 'late' ? RAG_COLOUR.red : undefined
					}
				])
			: [['No milestone was due, late or done this month.', '', '', '', '']]
	);
	w.heading('Risk register');
	w.table(
		[
			{ label: 'Risk', width: 0.08 },
			{ label: 'Description', width: 0.46 },
			{ label: 'P', width: 0.08 },
			{ label: 'I', width: 0.08 },
			{ label: 'Score', width: 0.08, right: true },
			{ label: 'Owner', width: 0.22 }
		],
		r.risks.length
			? r.risks.map((k) => [
					k.id,
					k.description,
					k.probability ?? '-',
					k.impact ?? '-',
					num(k.score),
					k.owner ?? '-'
				])
			: [['-', 'The plan lists no risks.', '', '', '', '']]
	);
	w.heading('Finance');
	if (r.spend)
		w.table(
			[
				{ label: `Plan ${r.spend.year} £k`, width: 0.16, right: true },
				{ label: 'Actual to date', width: 0.16, right: true },
				{ label: 'Forecast outturn', width: 0.16, right: true },
				{ label: 'Variance', width: 0.14, right: true },
				{ label: 'Basis', width: 0.38 }
			],
			[
				[
					num(r.spend.plan),
					r.spend.actual === null ? 'none returned' : num(r.spend.actual),
					num(r.spend.forecast),
					num(r.spend.variance),
					`${r.spend.monthsReturned} of ${r.spend.monthsElapsed} months returned${r.spend.simulated ? ' (simulated)' : ''}. ${r.spend.planNote ?? ''}`
				]
			]
		);
	w.table(
		[
			{ label: 'Year', width: 0.2 },
			{ label: '£ thousands', width: 0.2, right: true },
			{ label: 'Source', width: 0.6 }
		],
		r.finance.length
			? r.finance.map((f) => [f.year ?? '-', num(f.thousands), f.source ?? ''])
			: [['-', '-', 'No funding lines in the plan.']]
	);
	w.heading(`The lead's narrative${r.narrative.edited ? '' : ' (drafted from the data)'}`);
	w.para('Achievements', { bold: true });
	w.para(r.narrative.achievements);
	w.para('Issues', { bold: true });
	w.para(r.narrative.issues);
	w.para('Next steps', { bold: true });
	w.para(r.narrative.nextSteps);
	if (r.actions.length) {
		w.heading('Actions agreed for this scheme');
		actionsTable(w, r.actions);
	}
}

function programme(w: Writer, r: ProgrammeReport) {
	w.para(
		`${r.counts.red} red, ${r.counts.amber} amber, ${r.counts.green} green, ${r.counts.grey} not assessed (nothing measured).`,
		{ bold: true }
	);
	w.table(
		[
			{ label: 'Scheme', width: 0.36 },
			{ label: 'Area', width: 0.14 },
			{ label: 'Status', width: 0.1 },
			{ label: 'Why', width: 0.4 }
		],
		r.schemes.map((s) => [
			`${s.id} ${s.name}`,
			s.area ?? '-',
			{ text: RAG_LABEL[s.rag].toUpperCase(), colour: RAG_COLOUR[s.rag] },
			s.reason + (s.simulated ? ' [simulated returns]' : '')
		])
	);
	if (!r.fund) return;
	w.heading(
		`Pooled fund, ${r.fund.year} (£ thousands)${r.fund.simulated ? ', spend from simulated returns' : ''}`
	);
	if (r.fund.note) w.para(r.fund.note);
	w.table(
		[
			{ label: 'HWB area', width: 0.3 },
			{ label: 'Schemes', width: 0.1, right: true },
			{ label: 'Plan', width: 0.15, right: true },
			{ label: 'Actual to date', width: 0.15, right: true },
			{ label: 'Forecast outturn', width: 0.15, right: true },
			{ label: 'Variance', width: 0.15, right: true }
		],
		r.fund.byHwb.map((h) => [
			h.name,
			String(h.schemes),
			num(h.plan),
			h.actual === null ? 'none' : num(h.actual),
			num(h.forecast),
			h.forecast === null ? '-' : num(Math.round((h.forecast - h.plan) * 10) / 10)
		])
	);
	w.table(
		[
			{ label: 'Source', width: 0.7 },
			{ label: 'Plan', width: 0.3, right: true }
		],
		r.fund.bySource.map((f) => [f.source, num(f.plan)])
	);
}

function exception(w: Writer, r: ExceptionReport) {
	w.para(`${r.schemes.length} schemes off track; ${r.onTrack} on track.`, { bold: true });
	for (const s of r.schemes) {
		w.heading(`${s.id} ${s.name}`);
		rag(w, 'Status', s.rag);
		w.para('Why', { bold: true });
		for (const reason of s.reasons) w.para(`- ${reason}`);
		if (s.comment) w.para(`The lead: ${s.comment}`);
		w.para('Recovery', { bold: true });
		for (const step of s.recovery) w.para(`- ${step}`);
		if (s.actions.length) actionsTable(w, s.actions);
	}
}

export interface PdfMeta {
	title: string;
	scope: string;
	period: { label: string; first: string; last: string; inProgress?: boolean };
	asOf: string;
	/** null for a draft built from the live data */
	version: number | null;
	issuedAt: string | null;
	issuedBy: string | null;
	revises: { version: number; issuedAt: string } | null;
}

export function renderPdf(meta: PdfMeta, content: Content): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, bottom: MARGIN + FOOT, left: MARGIN, right: MARGIN },
		bufferPages: true,
		info: {
			Title: plain(meta.title),
			Author: 'FlowDeck',
			Subject: `${meta.scope} ${meta.period.label} ${meta.version === null ? 'draft' : `version ${meta.version}`}`
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	const w = new Writer(doc);
	doc.font('Helvetica-Bold').fontSize(17).fillColor(BLUE).text(plain(meta.title), { width: w.width });
	doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor(GREY);
	doc.text(
		plain(
			`For ${meta.scope}. Period ${meta.period.label}: ${date(meta.period.first)} to ${date(meta.period.last)}.` +
				(meta.period.inProgress
					? ' PERIOD IN PROGRESS: figures so far, compared with the same part of earlier periods.'
					: '')
		)
	);
	doc.text(
		plain(
			meta.version === null || !meta.issuedAt
				? `Data as of ${stamp.format(new Date(meta.asOf))}. Draft: built from the live data, not issued.`
				: `Data as of ${stamp.format(new Date(meta.asOf))}. Version ${meta.version}, issued ${stamp.format(new Date(meta.issuedAt))} by ${meta.issuedBy}.`
		)
	);
	if (meta.revises)
		doc.text(
			plain(
				`This is a revision: it replaces version ${meta.revises.version}, issued ${stamp.format(new Date(meta.revises.issuedAt))}.`
			)
		);
	doc.fillColor('black');
	if (content.kind === 'weekly') weekly(w, content);
	else if (content.kind === 'quarterly') exception(w, content);
	else if ('schemes' in content) programme(w, content);
	else highlight(w, content);

	const pages = doc.bufferedPageRange();
	for (let i = 0; i < pages.count; i++) {
		doc.switchToPage(pages.start + i);
		// the foot sits in the bottom margin, where pdfkit would otherwise start a new page
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.font('Helvetica').fontSize(7.5).fillColor(GREY);
		doc.text(
			plain(
				`FlowDeck - ${meta.scope} - ${meta.period.label}${meta.period.inProgress ? ' (in progress)' : ''} - data as of ${stamp.format(new Date(meta.asOf))} - ${meta.version === null ? 'draft' : `version ${meta.version}`} - page ${i + 1} of ${pages.count}`
			),
			MARGIN,
			doc.page.height - MARGIN - 10,
			{ width: w.width, align: 'center', lineBreak: false }
		);
		doc.page.margins.bottom = bottom;
	}
	doc.end();
	return done;
}
