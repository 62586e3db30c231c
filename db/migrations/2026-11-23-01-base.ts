// Base schema: plain PostgreSQL, identical on PGlite, PostgreSQL and TimescaleDB.
// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	// PGlite takes one statement per query, so each runs on its own.
	const statements = [
		sql`
			CREATE TABLE organisation (
				code text PRIMARY KEY,
				name text NOT NULL,
				kind text NOT NULL CHECK (kind IN ('system', 'hwb_area', 'ccg', 'trust', 'site', 'ward')),
				parent text REFERENCES organisation (code),
				catalogue_id text,
				position integer NOT NULL
			)
		`,
		sql`
			CREATE TABLE org_closure (
				ancestor text NOT NULL REFERENCES organisation (code),
				descendant text NOT NULL REFERENCES organisation (code),
				depth integer NOT NULL,
				PRIMARY KEY (ancestor, descendant)
			)
		`,
		sql`
			CREATE INDEX org_closure_descendant ON org_closure (descendant)
		`,
		sql`
			CREATE TABLE source_key (
				id text PRIMARY KEY,
				source text NOT NULL,
				secret_hash text NOT NULL,
				orgs text[],
				created_at timestamptz NOT NULL DEFAULT now(),
				revoked_at timestamptz
			)
		`,
		// Idempotency lives in its own table: a hypertable's unique keys must include its time column.
		sql`
			CREATE TABLE ingest_receipt (
				source text NOT NULL,
				event_id text NOT NULL,
				body_hash text NOT NULL,
				received_at timestamptz NOT NULL,
				PRIMARY KEY (source, event_id)
			)
		`,
		sql`
			CREATE TABLE event (
				occurred_at timestamptz NOT NULL,
				received_at timestamptz NOT NULL,
				source text NOT NULL,
				event_id text NOT NULL,
				type text NOT NULL,
				site text NOT NULL,
				spell text,
				body jsonb NOT NULL
			)
		`,
		sql`
			CREATE INDEX event_spell ON event (site, spell, occurred_at)
		`,
		sql`
			CREATE INDEX event_occurred ON event (occurred_at)
		`,
		sql`
			CREATE TABLE rejected_event (
				id bigserial PRIMARY KEY,
				received_at timestamptz NOT NULL,
				source text NOT NULL,
				event_id text,
				row_number integer,
				field text NOT NULL,
				reason text NOT NULL,
				body jsonb NOT NULL
			)
		`,
		sql`
			CREATE INDEX rejected_event_received ON rejected_event (received_at DESC)
		`,
		// Spell state: each spell's events replayed in event-time order (src/lib/server/metrics/spell.ts).
		sql`
			CREATE TABLE spell (
				site text NOT NULL,
				spell text NOT NULL,
				patient text,
				ward text,
				admitted_at timestamptz,
				discharged_at timestamptz,
				method text,
				age_band text,
				dementia boolean NOT NULL DEFAULT false,
				msl_since timestamptz,
				edd date,
				pathway integer,
				delay_reason text,
				delay_attribution text,
				delay_since timestamptz,
				destination text,
				PRIMARY KEY (site, spell)
			)
		`,
		sql`
			CREATE INDEX spell_patient ON spell (patient)
		`,
		sql`
			CREATE INDEX spell_open ON spell (site) WHERE discharged_at IS NULL
		`,
		// A census metric at instant t counts the intervals with start_at < t <= end_at (end_at NULL: still open).
		sql`
			CREATE TABLE census_interval (
				site text NOT NULL,
				spell text NOT NULL,
				org text NOT NULL,
				metric text NOT NULL,
				start_at timestamptz NOT NULL,
				end_at timestamptz
			)
		`,
		sql`
			CREATE INDEX census_interval_spell ON census_interval (site, spell)
		`,
		sql`
			CREATE INDEX census_interval_end ON census_interval (end_at)
		`,
		sql`
			CREATE INDEX census_interval_start ON census_interval (metric, start_at)
		`,
		// A flow metric over a period counts these points.
		sql`
			CREATE TABLE flow_event (
				site text NOT NULL,
				ref text NOT NULL,
				org text NOT NULL,
				metric text NOT NULL,
				at timestamptz NOT NULL
			)
		`,
		sql`
			CREATE INDEX flow_event_ref ON flow_event (site, ref)
		`,
		sql`
			CREATE INDEX flow_event_at ON flow_event (at)
		`,
		sql`
			CREATE TABLE metric_current (
				org text PRIMARY KEY REFERENCES organisation (code),
				seq bigint NOT NULL,
				as_of timestamptz NOT NULL,
				metrics jsonb NOT NULL
			)
		`,
		// each organisation's own counts (not its descendants'), summed up the hierarchy into metric_current
		sql`
			CREATE TABLE metric_own (
				org text PRIMARY KEY REFERENCES organisation (code),
				at timestamptz NOT NULL,
				counts jsonb NOT NULL
			)
		`,
		sql`
			CREATE TABLE metric_snapshot (
				org text NOT NULL,
				seq bigint NOT NULL,
				at timestamptz NOT NULL,
				metrics jsonb NOT NULL
			)
		`,
		sql`
			CREATE INDEX metric_snapshot_org ON metric_snapshot (org, seq)
		`,
		sql`
			CREATE TABLE scheme (
				id text PRIMARY KEY,
				ref text,
				name text NOT NULL,
				scheme_type text,
				area text,
				hwb text,
				ccg text,
				parent_scheme text,
				objective text,
				cohort text,
				commissioners jsonb NOT NULL DEFAULT '[]',
				providers jsonb NOT NULL DEFAULT '[]',
				reporting jsonb NOT NULL DEFAULT '[]',
				source text,
				notes text
			)
		`,
		sql`
			CREATE TABLE kpi (
				id text PRIMARY KEY,
				theme text NOT NULL,
				name text NOT NULL,
				kind text NOT NULL,
				unit text,
				direction text,
				baseline text,
				target text,
				target_date text,
				source text,
				notes text
			)
		`,
		sql`
			CREATE TABLE kpi_scheme (
				kpi text NOT NULL REFERENCES kpi (id),
				scheme text NOT NULL REFERENCES scheme (id),
				PRIMARY KEY (kpi, scheme)
			)
		`,
		sql`
			CREATE TABLE scheme_funding (
				scheme text NOT NULL REFERENCES scheme (id),
				position integer NOT NULL,
				year text,
				amount_gbp_thousands numeric,
				source_text text,
				PRIMARY KEY (scheme, position)
			)
		`,
		sql`
			CREATE TABLE scheme_milestone (
				scheme text NOT NULL REFERENCES scheme (id),
				position integer NOT NULL,
				activity text NOT NULL,
				start_text text,
				end_text text,
				owner text,
				source text,
				PRIMARY KEY (scheme, position)
			)
		`,
		sql`
			CREATE TABLE scheme_risk (
				scheme text NOT NULL REFERENCES scheme (id),
				position integer NOT NULL,
				risk_id text,
				description text NOT NULL,
				probability text,
				impact text,
				owner text,
				source text,
				PRIMARY KEY (scheme, position)
			)
		`,
		sql`
			CREATE TABLE metric_target (
				metric text NOT NULL,
				org text NOT NULL REFERENCES organisation (code),
				value numeric NOT NULL,
				kpi text NOT NULL,
				text text NOT NULL,
				PRIMARY KEY (metric, org)
			)
		`,
		// wallboard playlists: organisations (and options) a screen rotates through
		sql`
			CREATE TABLE playlist (
				id serial PRIMARY KEY,
				name text NOT NULL,
				interval_seconds integer NOT NULL CHECK (interval_seconds BETWEEN 5 AND 3600),
				items jsonb NOT NULL,
				updated_at timestamptz NOT NULL DEFAULT now()
			)
		`,
		// Events received per local day; TimescaleDB replaces this view with a continuous aggregate.
		sql`
			CREATE VIEW event_daily AS
				SELECT date_trunc('day', occurred_at, 'Europe/London') AS day, site, type, count(*)::int AS events
				FROM event GROUP BY 1, 2, 3
		`
	];
	for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP VIEW event_daily`.execute(db);
	await sql`
		DROP TABLE playlist, metric_target, scheme_risk, scheme_milestone, scheme_funding, kpi_scheme, kpi, scheme,
			metric_snapshot, metric_own, metric_current, flow_event, census_interval, spell, rejected_event, event,
			ingest_receipt, source_key, org_closure, organisation;
	`.execute(db);
}
