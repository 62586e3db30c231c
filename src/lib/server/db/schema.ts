// The database as Kysely sees it. Written by hand to match db/migrations (DESIGN: the schema is small).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** a timestamp the database fills in when the insert leaves it out */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
	code: string;
	name: string;
	kind: string;
	parent: string | null;
	catalogue_id: string | null;
	position: number;
}

export interface OrgClosureTable {
	ancestor: string;
	descendant: string;
	depth: number;
}

export interface SourceKeyTable {
	id: string;
	source: string;
	secret_hash: string;
	orgs: string[] | null;
	created_at: DefaultedTimestamp;
	revoked_at: Timestamp | null;
}

export interface IngestReceiptTable {
	source: string;
	event_id: string;
	body_hash: string;
	received_at: Timestamp;
}

export interface EventTable {
	occurred_at: Timestamp;
	received_at: Timestamp;
	source: string;
	event_id: string;
	type: string;
	site: string;
	spell: string | null;
	body: Json<Record<string, unknown>>;
}

export interface RejectedEventTable {
	id: Generated<string>;
	received_at: Timestamp;
	source: string;
	event_id: string | null;
	row_number: number | null;
	/** the organisation the event is about (its site, or the key's one organisation); null: only a global view shows it */
	org: string | null;
	field: string;
	reason: string;
	body: Json<unknown>;
}

export interface SpellTable {
	site: string;
	spell: string;
	patient: string | null;
	ward: string | null;
	admitted_at: Timestamp | null;
	discharged_at: Timestamp | null;
	method: string | null;
	age_band: string | null;
	dementia: boolean;
	msl_since: Timestamp | null;
	edd: string | null;
	pathway: number | null;
	delay_reason: string | null;
	delay_attribution: string | null;
	delay_since: Timestamp | null;
	destination: string | null;
	/** the version of deriveSpell that last derived it (src/lib/server/metrics/spell.ts, DERIVATION) */
	derivation: Generated<number>;
}

export interface CensusIntervalTable {
	site: string;
	spell: string;
	org: string;
	metric: string;
	start_at: Timestamp;
	end_at: Timestamp | null;
}

export interface FlowEventTable {
	site: string;
	ref: string | null;
	org: string;
	metric: string;
	at: Timestamp;
}

export interface MetricCurrentTable {
	org: string;
	seq: string | number;
	as_of: Timestamp;
	metrics: Json<Record<string, number | null>>;
}

export interface MetricOwnTable {
	org: string;
	at: Timestamp;
	counts: Json<{ census: Record<string, number>; flows: Record<string, number> }>;
}

export interface MetricSnapshotTable {
	org: string;
	seq: string | number;
	at: Timestamp;
	metrics: Json<Record<string, number | null>>;
}

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

export interface MetricTargetTable {
	metric: string;
	org: string;
	value: number;
	kpi: string;
	text: string;
}

export interface PlaylistTable {
	id: Generated<number>;
	name: string;
	interval_seconds: number;
	items: Json<{ org: string; los?: number }[]>;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AppUserTable {
	id: Generated<number>;
	username: string;
	display_name: string;
	password_hash: string;
	totp_key: string | null;
	totp_last_step: ColumnType<string, string | number | undefined, string | number>;
	demo: Generated<boolean>;
	disabled_at: Timestamp | null;
	created_at: DefaultedTimestamp;
}

export interface UserRoleTable {
	user_id: number;
	role: string;
	org: string;
}

export interface RecoveryCodeTable {
	user_id: number;
	code_hash: string;
	used_at: Timestamp | null;
}

export interface SessionTable {
	id: string;
	secret_hash: string;
	user_id: number;
	stage: 'second_factor' | 'enrol' | 'full';
	totp_pending: ColumnType<string | null, string | null | undefined, string | null>;
	created_at: Timestamp;
	last_seen_at: Timestamp;
}

export interface SignInFailureTable {
	at: DefaultedTimestamp;
	username: string;
	ip: string;
}

export interface DeviceTable {
	id: Generated<number>;
	name: string;
	board_org: string | null;
	playlist_id: number | null;
	pairing_code_hash: string | null;
	pairing_expires_at: Timestamp | null;
	token_id: string | null;
	token_hash: string | null;
	paired_at: Timestamp | null;
	last_seen_at: Timestamp | null;
	revoked_at: Timestamp | null;
	created_by: string;
	created_at: DefaultedTimestamp;
}

export interface MetricLimitTable {
	org: string;
	metric: string;
	low: ColumnType<string | null, number | null, number | null>;
	high: ColumnType<string | null, number | null, number | null>;
	updated_by: string;
	updated_at: DefaultedTimestamp;
}

export interface AccessAuditTable {
	id: Generated<string>;
	at: DefaultedTimestamp;
	actor: string;
	role: string | null;
	org: string | null;
	action: string;
	target: string | null;
	outcome: 'allowed' | 'denied' | 'succeeded' | 'failed';
	detail: string | null;
	ip: string | null;
	request_id: string | null;
}

type CalendarDate = ColumnType<string, string, string>;

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

export interface Database {
	organisation: OrganisationTable;
	org_closure: OrgClosureTable;
	source_key: SourceKeyTable;
	ingest_receipt: IngestReceiptTable;
	event: EventTable;
	rejected_event: RejectedEventTable;
	spell: SpellTable;
	census_interval: CensusIntervalTable;
	flow_event: FlowEventTable;
	metric_current: MetricCurrentTable;
	metric_own: MetricOwnTable;
	metric_snapshot: MetricSnapshotTable;
	scheme: SchemeTable;
	kpi: KpiTable;
	kpi_scheme: KpiSchemeTable;
	scheme_funding: SchemeFundingTable;
	scheme_milestone: SchemeMilestoneTable;
	scheme_risk: SchemeRiskTable;
	scheme_metric_plan: SchemeMetricPlanTable;
	scheme_change: SchemeChangeTable;
	metric_target: MetricTargetTable;
	playlist: PlaylistTable;
	app_user: AppUserTable;
	user_role: UserRoleTable;
	recovery_code: RecoveryCodeTable;
	session: SessionTable;
	sign_in_failure: SignInFailureTable;
	device: DeviceTable;
	metric_limit: MetricLimitTable;
	access_audit: AccessAuditTable;
	call_action: CallActionTable;
	scheme_month: SchemeMonthTable;
	report: ReportTable;
	kpi_return: KpiReturnTable;
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
