// The shapes of the meeting papers (the weekly call pack, the monthly highlight and programme reports, the quarterly
// exception report) as the server builds them and the report components draw them. Types only: the building is in
// src/lib/server/reports/.
import type { Assurance, Variation } from './spc.ts';

export type Rag = 'red' | 'amber' | 'green';

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
	how: 'at the end of the week' | 'in the week';
	thisWeek: number | null;
	lastWeek: number | null;
	lastYear: number | null;
	direction: 'up' | 'down' | 'monitor';
	/** the documented target for the week (a daily target × 7 for flow metrics) */
	target: number | null;
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
	trends: { metric: string; name: string; weeks: string[]; values: (number | null)[] }[];
	delays: { attribution: { label: string; value: number }[]; reasons: { label: string; value: number }[] };
	signals: PackSignal[];
	actions: ActionRow[];
}

export interface WeeklyPack {
	kind: 'weekly';
	title: string;
	scope: { code: string; name: string; kind: string };
	period: { label: string; first: string; last: string };
	compared: { lastWeek: string; lastYear: string };
	/** signals are those since this date: the last issued pack's week end, or the start of this week */
	since: string;
	asOf: string;
	agenda: PackSignal[];
	sites: SitePage[];
	actions: ActionRow[];
}

export interface KpiLine {
	metric: string;
	name: string;
	unit: string;
	baseline: number | null;
	target: number | null;
	/** the trajectory's planned value for the month, where one is set */
	planned: number | null;
	/** counts shown as the average a day over the month (so far), the unit their daily targets use */
	averaged: boolean;
	/** census figures at the month's end; counts as the average a day over the month (so far) */
	thisMonth: number | null;
	lastMonth: number | null;
	assurance: Assurance | null;
	variation: Variation | null;
	months: string[];
	values: (number | null)[];
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
	period: { label: string; first: string; last: string };
	asOf: string;
	rag: { derived: Rag; reasons: string[]; final: Rag; overridden: boolean; comment: string | null };
	kpis: KpiLine[];
	milestones: {
		activity: string;
		owner: string | null;
		due: string | null;
		revisedDue: string | null;
		doneOn: string | null;
		state: 'done' | 'late' | 'due' | 'open';
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
	narrative: { achievements: string; issues: string; nextSteps: string; edited: boolean };
	actions: ActionRow[];
}

export interface ProgrammeReport {
	kind: 'monthly';
	title: string;
	scheme: null;
	period: { label: string; first: string; last: string };
	asOf: string;
	counts: Record<Rag, number>;
	schemes: { id: string; name: string; area: string | null; rag: Rag; overridden: boolean; reason: string }[];
}

export interface ExceptionReport {
	kind: 'quarterly';
	title: string;
	period: { label: string; first: string; last: string };
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
	onTrack: number;
}
