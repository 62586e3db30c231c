// Alarms with a lifecycle (src/lib/server/alarms/): each alarm is raised once, acknowledged, escalated and resolved,
// every step kept; the escalation policy an administrator sets per organisation; the notifications it sends, each
// delivery retried and logged; the app nodes' own heartbeat for the health page; an address to escalate to; and
// whether a metric's SPC special causes raise an alarm.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	for (const statement of [
		sql`
			CREATE TABLE alarm (
				id bigserial PRIMARY KEY,
				key text NOT NULL,
				org text NOT NULL REFERENCES organisation (code),
				metric text,
				kind text NOT NULL CHECK (kind IN ('limit', 'spc', 'feed')),
				message text NOT NULL,
				value double precision,
				state text NOT NULL DEFAULT 'raised' CHECK (state IN ('raised', 'acknowledged', 'resolved')),
				raised_at timestamptz NOT NULL,
				acknowledged_at timestamptz,
				acknowledged_by text,
				ack_comment text,
				resolved_at timestamptz,
				resolved_by text,
				resolve_reason text,
				escalated_steps int NOT NULL DEFAULT 0
			)
		`,
		// one open alarm per condition, however many nodes evaluate it at once
		sql`CREATE UNIQUE INDEX alarm_open_key ON alarm (key) WHERE state <> 'resolved'`,
		sql`CREATE INDEX alarm_org_raised ON alarm (org, raised_at DESC)`,
		sql`CREATE INDEX alarm_unresolved ON alarm (state) WHERE state <> 'resolved'`,
		sql`
			CREATE TABLE alarm_step (
				id bigserial PRIMARY KEY,
				alarm_id bigint NOT NULL REFERENCES alarm (id),
				at timestamptz NOT NULL,
				step text NOT NULL,
				by text,
				detail text NOT NULL DEFAULT ''
			)
		`,
		sql`CREATE INDEX alarm_step_alarm ON alarm_step (alarm_id, at)`,
		sql`
			CREATE TABLE escalation_step (
				org text NOT NULL REFERENCES organisation (code),
				position int NOT NULL CHECK (position >= 1),
				after_minutes int NOT NULL CHECK (after_minutes >= 0 AND after_minutes <= 10080),
				role text NOT NULL,
				level text NOT NULL,
				webhook text,
				updated_by text NOT NULL,
				PRIMARY KEY (org, position)
			)
		`,
		sql`
			CREATE TABLE alarm_delivery (
				id bigserial PRIMARY KEY,
				alarm_id bigint NOT NULL REFERENCES alarm (id),
				step text NOT NULL,
				channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
				target text NOT NULL,
				status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
				attempts int NOT NULL DEFAULT 0,
				next_at timestamptz NOT NULL,
				last_error text,
				sent_at timestamptz,
				created_at timestamptz NOT NULL
			)
		`,
		sql`CREATE INDEX alarm_delivery_due ON alarm_delivery (next_at) WHERE status = 'pending'`,
		sql`CREATE INDEX alarm_delivery_alarm ON alarm_delivery (alarm_id)`,
		sql`
			CREATE TABLE app_node (
				id text PRIMARY KEY,
				started_at timestamptz NOT NULL,
				seen_at timestamptz NOT NULL,
				sockets int NOT NULL DEFAULT 0,
				rooms int NOT NULL DEFAULT 0
			)
		`,
		// what each source has sent for each site, by the hour the events happened in: the feed health page and the
		// silence alarm read this rather than the events (ingest/ingest.ts keeps it in the same transaction)
		sql`
			CREATE TABLE feed_hour (
				source text NOT NULL,
				site text NOT NULL,
				hour timestamptz NOT NULL,
				events int NOT NULL,
				last_received_at timestamptz NOT NULL,
				PRIMARY KEY (source, site, hour)
			)
		`,
		sql`CREATE INDEX feed_hour_hour ON feed_hour (hour)`,
		sql`
			INSERT INTO feed_hour (source, site, hour, events, last_received_at)
			SELECT source, site, date_trunc('hour', occurred_at, 'UTC'), count(*), max(received_at)
			FROM event GROUP BY 1, 2, 3
		`,
		sql`ALTER TABLE app_user ADD COLUMN email text`,
		sql`ALTER TABLE metric_limit ADD COLUMN spc boolean NOT NULL DEFAULT false`
	])
		await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE alarm_delivery, alarm_step, escalation_step, alarm, app_node, feed_hour`.execute(db);
	await sql`ALTER TABLE app_user DROP COLUMN email`.execute(db);
	await sql`ALTER TABLE metric_limit DROP COLUMN spc`.execute(db);
}
