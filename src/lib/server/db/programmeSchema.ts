// The programme's tables as Kysely sees them: schemes and their plans, KPIs and their returns, the weekly call's
// actions and the reports issued (db/migrations 03, 05 and 10). schema.ts holds the rest and the Database.
import type { ColumnType, Generated } from 'kysely';
import type { CalendarDate, DefaultedTimestamp, Json, Timestamp } from './columns.ts';

export interface SchemeTable {
	id: string;
	ref: string | null;
	name: string;
	scheme_type: string | null;
	area: string | null;
	hwb: string | null;
	ccg: string | null;
	parent_scheme: string | null;
	objective: string | null;
	cohort: string | null;
	commissioners: Json<string[]>;
	providers: Json<string[]>;
	reporting: Json<string[]>;
	source: string | null;
	notes: string | null;
	org: string | null;
}

export interface KpiTable {
	id: string;
	theme: string;
	name: string;
	kind: string;
	unit: string | null;
	direction: string | null;
	baseline: string | null;
	target: string | null;
	target_date: string | null;
	source: string | null;
	notes: string | null;
}

export interface KpiSchemeTable {
	kpi: string;
	scheme: string;
}

export interface SchemeFundingTable {
	scheme: string;
	position: number;
	year: string | null;
	amount_gbp_thousands: number | null;
	source_text: string | null;
}

export interface SchemeMilestoneTable {
	scheme: string;
	position: number;
	activity: string;
	start_text: string | null;
	end_text: string | null;
	owner: string | null;
	source: string | null;
	due: ColumnType<string | null, string | null, string | null>;
	revised_due: ColumnType<string | null, string | null, string | null>;
	done_on: ColumnType<string | null, string | null, string | null>;
}

export interface SchemeMetricPlanTable {
	scheme: string;
	metric: string;
	baseline: number | null;
	target: number | null;
	target_date: ColumnType<string | null, string | null, string | null>;
	go_live: ColumnType<string | null, string | null, string | null>;
	trajectory: Json<{ date: string; value: number }[]>;
}

export interface SchemeChangeTable {
	id: Generated<string>;
	scheme: string;
	at: ColumnType<Date, Date | string | undefined, Date | string>;
	who: string;
	what: string;
	before: Json<unknown> | null;
	after: Json<unknown> | null;
}

export interface SchemeRiskTable {
	scheme: string;
	position: number;
	risk_id: string | null;
	description: string;
	probability: string | null;
	impact: string | null;
	owner: string | null;
	source: string | null;
}

export interface CallActionTable {
	id: Generated<number>;
	org: string | null;
	scheme: string | null;
	metric: string;
	what: string;
	owner: string;
	due: CalendarDate;
	agreed_on: CalendarDate;
	status: ColumnType<
		'open' | 'done' | 'dropped',
		'open' | 'done' | 'dropped' | undefined,
		'open' | 'done' | 'dropped'
	>;
	closed_on: ColumnType<string | null, string | null | undefined, string | null>;
	created_by: string;
	created_at: DefaultedTimestamp;
}

export interface SchemeMonthTable {
	scheme: string;
	month: CalendarDate;
	rag_override: 'red' | 'amber' | 'green' | null;
	rag_comment: string | null;
	achievements: string | null;
	issues: string | null;
	next_steps: string | null;
	updated_by: string;
	updated_at: DefaultedTimestamp;
}

export interface ReportTable {
	id: Generated<number>;
	kind: 'weekly' | 'monthly' | 'quarterly';
	scope: string;
	period: string;
	version: number;
	title: string;
	issued_at: DefaultedTimestamp;
	issued_by: string;
	data_as_of: Timestamp;
	content: Json<unknown>;
}

export interface KpiReturnTable {
	id: Generated<number>;
	kpi: string;
	org: string;
	/** '' for a KPI's figure; the scheme for its spend (KPI `SPEND`) */
	scheme: ColumnType<string, string | undefined, string>;
	/** YYYY-MM or YYYY-Qn */
	period: string;
	version: number;
	value: ColumnType<string | null, number | null, number | null>;
	numerator: ColumnType<string | null, number | null, number | null>;
	denominator: ColumnType<string | null, number | null, number | null>;
	state: 'draft' | 'submitted' | 'approved' | 'rejected';
	reason: string | null;
	source: string;
	simulated: ColumnType<boolean, boolean | undefined, boolean>;
	entered_by: string;
	entered_at: ColumnType<Date, Date | undefined, Date>;
	decided_by: string | null;
	decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
	decision_note: string | null;
}
