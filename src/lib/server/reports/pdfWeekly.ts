// The weekly call pack on paper: the summary first, then the sites one after another, every column kept; and the
// table of the call's actions, which the monthly reports print too.
import { change, date, num } from '../../format.ts';
import { silentLine } from '../../reports.ts';
import { GREY, RAG_COLOUR, Writer } from './pdfWriter.ts';
import type { WeeklyPack } from './weekly.ts';

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
export function weekly(w: Writer, pack: WeeklyPack) {
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

export function actionsTable(w: Writer, actions: WeeklyPack['actions']) {
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
