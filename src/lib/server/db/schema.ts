// The database as Kysely sees it. Written by hand to match db/migrations (DESIGN: the schema is small).
import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp, Json, Timestamp } from './columns.ts';
import type {
	SchemeTable,
	KpiTable,
	KpiSchemeTable,
	SchemeFundingTable,
	SchemeMilestoneTable,
	SchemeMetricPlanTable,
	SchemeChangeTable,
	SchemeRiskTable,
	CallActionTable,
	SchemeMonthTable,
	ReportTable,
	KpiReturnTable
} from './programmeSchema.ts';

export type { KpiReturnTable, ReportTable } from './programmeSchema.ts';
import type {
	AlarmDeliveryTable,
	AlarmStepTable,
	AlarmTable,
	AppNodeTable,
	EscalationStepTable,
	FeedHourTable
} from './alarmSchema.ts';

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

/** the sums of the own counts at and below an organisation, kept in step with metric_own (metrics/publish.ts) */
export type MetricTotalTable = MetricOwnTable;

export interface MetricSnapshotTable {
	org: string;
	seq: string | number;
	at: Timestamp;
	metrics: Json<Record<string, number | null>>;
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
	/** where alarm escalations are mailed; null: none */
	email: ColumnType<string | null, string | null | undefined, string | null>;
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
	/** SPC special causes on completed days raise an alarm too */
	spc: ColumnType<boolean, boolean | undefined, boolean>;
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
	metric_total: MetricTotalTable;
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
	alarm: AlarmTable;
	alarm_step: AlarmStepTable;
	escalation_step: EscalationStepTable;
	alarm_delivery: AlarmDeliveryTable;
	app_node: AppNodeTable;
	feed_hour: FeedHourTable;
}
