// The alarms' tables (db/migrations/2026-12-07-15-alarms.ts).
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';
import type { AlarmKind, AlarmState } from '../../alarms.ts';

export interface AlarmTable {
	id: Generated<string>;
	key: string;
	org: string;
	metric: string | null;
	kind: AlarmKind;
	message: string;
	value: number | null;
	state: ColumnType<AlarmState, AlarmState | undefined, AlarmState>;
	raised_at: Timestamp;
	acknowledged_at: Timestamp | null;
	acknowledged_by: string | null;
	ack_comment: string | null;
	resolved_at: Timestamp | null;
	resolved_by: string | null;
	resolve_reason: string | null;
	escalated_steps: Generated<number>;
}

export interface AlarmStepTable {
	id: Generated<string>;
	alarm_id: string;
	at: Timestamp;
	step: string;
	by: string | null;
	detail: Generated<string>;
}

export interface EscalationStepTable {
	org: string;
	position: number;
	after_minutes: number;
	role: string;
	level: string;
	webhook: string | null;
	updated_by: string;
}

export interface AlarmDeliveryTable {
	id: Generated<string>;
	alarm_id: string;
	step: string;
	channel: 'webhook' | 'email';
	target: string;
	status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | undefined, 'pending' | 'sent' | 'failed'>;
	attempts: Generated<number>;
	next_at: Timestamp;
	last_error: string | null;
	sent_at: Timestamp | null;
	created_at: Timestamp;
}

export interface AppNodeTable {
	id: string;
	started_at: Timestamp;
	seen_at: Timestamp;
	sockets: number;
	rooms: number;
}

export interface FeedHourTable {
	source: string;
	site: string;
	hour: Timestamp;
	events: number;
	last_received_at: Timestamp;
}
