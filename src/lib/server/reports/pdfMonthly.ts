// The Integration Executive's papers on paper: a scheme's highlight report, the programme's, and the quarterly
// exception report.
import { date, num, RAG_LABEL } from '../../format.ts';
import type { Rag } from '../../reports.ts';
import type { ExceptionReport, HighlightReport, ProgrammeReport } from './highlight.ts';
import { actionsTable } from './pdfWeekly.ts';
import { GREY, MARGIN, RAG_COLOUR, Writer, plain } from './pdfWriter.ts';

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

export function highlight(w: Writer, r: HighlightReport) {
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

export function programme(w: Writer, r: ProgrammeReport) {
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

export function exception(w: Writer, r: ExceptionReport) {
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
