// The shapes of the meeting papers (the weekly call pack, the monthly highlight and programme reports, the quarterly
// exception report) as the server builds them and the report components draw them. Types only: the building is in
// src/lib/server/reports/.
import type { Assurance, Variation } from './spc.ts';

/** grey is Not assessed: nothing was measured to judge by */
/** a report's period; one still running is labelled so on every page and compared like for like */
export interface PeriodShown {
	label: string;
	first: string;
	last: string;
	inProgress: boolean;
}

export type Rag = 'red' | 'amber' | 'green' | 'grey';

export interface ActionRow {
	id: number;
	org: string | null;
	orgName: string | null;
	scheme: string | null;
	metric: string;
	metricName: string;
	what: string;
	owner: string;
	ownerName: string;
	due: string;
	agreedOn: string;
	status: 'open' | 'done' | 'dropped';
	closedOn: string | null;
	overdue: boolean;
}

export interface PackFigure {
	metric: string;
	name: string;
	how: 'at the end of the week' | 'in the week' | 'now' | 'in the week so far';
	thisWeek: number | null;
	lastWeek: number | null;
	lastYear: number | null;
	direction: 'up' | 'down' | 'monitor';
	/** the documented target for the hours covered (a daily target × 7 for a whole week of a flow metric) */
	target: number | null;
	/** against the target: a status needs evidence, so no data is "no data" and no target is "no target" */
	status: 'on target' | 'off target' | 'no target' | 'no data';
}

export interface PackSignal {
	site: string;
	siteName: string;
	metric: string;
	name: string;
	date: string;
	value: number | null;
	rule: string;
	kind: 'improvement' | 'concern' | 'neutral';
}

export interface SitePage {
	code: string;
	name: string;
	figures: PackFigure[];
	/** whole weeks' values (null for no data), and the week in progress apart */
	trends: {
		metric: string;
		name: string;
		weeks: string[];
		values: (number | null)[];
		soFar: (number | null)[];
	}[];
	delays: { attribution: { label: string; value: number }[]; reasons: { label: string; value: number }[] };
	signals: PackSignal[];
	actions: ActionRow[];
}

export interface WeeklyPack {
	kind: 'weekly';
	title: string;
	scope: { code: string; name: string; kind: string };
	period: PeriodShown;
	/** last week and the same week last year; for a week in progress, the same hours of each */
	compared: { lastWeek: string; lastYear: string };
	/** signals are those since this date: the last issued pack's week end, or the start of this week */
	since: string;
	asOf: string;
	/** the whole-system summary's columns: every site's headline figures side by side */
	summary: { metric: string; name: string }[];
	agenda: PackSignal[];
	sites: SitePage[];
	/** sites no source has ever sent events for: named, without a page of "no data" (absent from packs before) */
	silent?: { code: string; name: string }[];
	actions: ActionRow[];
}

export interface KpiLine {
	metric: string;
	name: string;
	/** what a value means: "discharges a day", "patients", "per cent" */
	unit: string;
	baseline: number | null;
	target: number | null;
	/** the trajectory's planned value for the month, where one is set */
	planned: number | null;
	/** counts shown as the average a day over the month, the unit their daily targets use */
	averaged: boolean;
	/** census figures at the month's end; counts as the average a day; null where the month has no data */
	thisMonth: number | null;
	lastMonth: number | null;
	/** last month's data covers only part of it (the data starts in it) */
	lastMonthPartial: boolean;
	/** the data covers only part of the month (it is still running, or the data starts in it): thisMonth is so far */
	inProgress: boolean;
	/** some whole day of the month holds data; without it the KPI is not assessed */
	measured: boolean;
	/** the KPI's judgement in words: against its target, or what is missing to judge it */
	status: string;
	assurance: Assurance | null;
	variation: Variation | null;
	months: string[];
	/** whole months; null for no data and for the month in progress */
	values: (number | null)[];
	/** the month in progress at its index, drawn apart */
	soFar: (number | null)[];
	/** a KPI fed by returns: its catalogue id */
	kpi?: string;
	/** where the target comes from, with the arithmetic of a percentage change */
	targetNote?: string | null;
	/** the return behind this month's figure: its version stays with an issued report */
	returned?: {
		period: string;
		version: number;
		simulated: boolean;
		approvedBy: string | null;
		source: string;
	} | null;
}

/** a scheme's spend against its plan for the financial year, in £ thousands, from its approved spend returns */
export interface Spend {
	/** the financial year, e.g. 2026/27 */
	year: string;
	plan: number | null;
	/** where the plan figure comes from, when not from a line for the year */
	planNote: string | null;
	actual: number | null;
	monthsReturned: number;
	monthsElapsed: number;
	forecast: number | null;
	variance: number | null;
	simulated: boolean;
	/** the version of each return counted, for the issued report */
	versions: { period: string; version: number }[];
}

export interface HighlightReport {
	kind: 'monthly';
	title: string;
	scheme: {
		id: string;
		ref: string | null;
		name: string;
		area: string | null;
		objective: string | null;
		org: string | null;
		orgName: string | null;
	};
	period: PeriodShown;
	asOf: string;
	rag: { derived: Rag; reasons: string[]; final: Rag; overridden: boolean; comment: string | null };
	kpis: KpiLine[];
	milestones: {
		activity: string;
		owner: string | null;
		due: string | null;
		revisedDue: string | null;
		doneOn: string | null;
		/** the due date was read from the plan's own text, no lead having dated the milestone */
		dueFromPlanText: boolean;
		state: 'done' | 'late' | 'due' | 'open';
		lateDays: number;
		slipDays: number;
	}[];
	risks: {
		id: string;
		description: string;
		probability: string | null;
		impact: string | null;
		score: number | null;
		owner: string | null;
	}[];
	finance: { year: string | null; thousands: number | null; source: string | null }[];
	/** absent from reports issued before spend was returned */
	spend?: Spend;
	/** open actions on its figures, late milestones, risks scored 9+; or that no recovery action is recorded */
	recovery: string[];
	narrative: { achievements: string; issues: string; nextSteps: string; edited: boolean };
	actions: ActionRow[];
}

export interface ProgrammeReport {
	kind: 'monthly';
	title: string;
	scheme: null;
	period: PeriodShown;
	asOf: string;
	counts: Record<Rag, number>;
	schemes: {
		id: string;
		name: string;
		area: string | null;
		rag: Rag;
		overridden: boolean;
		reason: string;
		/** some of its figures come from the demo's simulated returns */
		simulated?: boolean;
	}[];
	/** the pooled fund for the month's financial year, £ thousands (absent from reports issued before it) */
	fund?: PooledFund;
}

export interface PooledFund {
	year: string;
	/** by Health and Wellbeing Board area: the schemes' plans, spend returned to date and forecast outturn */
	byHwb: {
		hwb: string;
		name: string;
		plan: number;
		actual: number | null;
		forecast: number | null;
		schemes: number;
	}[];
	/** the plans by source of funding (CCG minimum contribution, Disabled Facilities Grant, …) */
	bySource: { source: string; plan: number }[];
	/** what the plan figures are, where the plans have no line for the year */
	note: string | null;
	simulated: boolean;
}

export interface ExceptionReport {
	kind: 'quarterly';
	title: string;
	period: PeriodShown;
	asOf: string;
	schemes: {
		id: string;
		name: string;
		area: string | null;
		rag: Rag;
		reasons: string[];
		comment: string | null;
		recovery: string[];
		actions: ActionRow[];
	}[];
	/** schemes with nothing measured: neither on track nor off it */
	notAssessed: { id: string; name: string; reason: string }[];
	onTrack: number;
}

/** The line a pack gives the sites that have never sent data. */
export const silentLine = (sites: { name: string }[]) =>
	`No data from ${sites.map((s) => s.name).join(', ')}: no source has sent events for ${sites.length === 1 ? 'it' : 'them'} yet, so ${sites.length === 1 ? 'it has' : 'they have'} no page here.`;
