// Sign-in: users with roles scoped to organisations, sessions (only hashes of their secrets), second factors,
// sign-in failures for throttling, paired wallboard devices, alarm limits set by administrators, and the append-only
// access audit.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	const statements = [
		sql`
			CREATE TABLE app_user (
				id serial PRIMARY KEY,
				username text NOT NULL UNIQUE,
				display_name text NOT NULL,
				password_hash text NOT NULL,
				totp_key text,
				totp_last_step bigint NOT NULL DEFAULT 0,
				demo boolean NOT NULL DEFAULT false,
				disabled_at timestamptz,
				created_at timestamptz NOT NULL DEFAULT now()
			)
		`,
		sql`
			CREATE TABLE user_role (
				user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
				role text NOT NULL
					CHECK (role IN ('viewer', 'flow_manager', 'scheme_lead', 'executive', 'administrator')),
				org text NOT NULL REFERENCES organisation (code),
				PRIMARY KEY (user_id, role, org)
			)
		`,
		sql`
			CREATE TABLE recovery_code (
				user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
				code_hash text NOT NULL,
				used_at timestamptz,
				PRIMARY KEY (user_id, code_hash)
			)
		`,
		sql`
			CREATE TABLE session (
				id text PRIMARY KEY,
				secret_hash text NOT NULL,
				user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
				stage text NOT NULL CHECK (stage IN ('second_factor', 'enrol', 'full')),
				totp_pending text,
				created_at timestamptz NOT NULL,
				last_seen_at timestamptz NOT NULL
			)
		`,
		sql`CREATE INDEX session_by_user ON session (user_id)`,
		sql`
			CREATE TABLE sign_in_failure (
				at timestamptz NOT NULL DEFAULT now(),
				username text NOT NULL,
				ip text NOT NULL
			)
		`,
		sql`CREATE INDEX sign_in_failure_account ON sign_in_failure (username, ip, at)`,
		sql`CREATE INDEX sign_in_failure_ip ON sign_in_failure (ip, at)`,
		sql`
			CREATE TABLE device (
				id serial PRIMARY KEY,
				name text NOT NULL,
				board_org text REFERENCES organisation (code),
				playlist_id integer REFERENCES playlist (id) ON DELETE CASCADE,
				pairing_code_hash text,
				pairing_expires_at timestamptz,
				token_id text UNIQUE,
				token_hash text,
				paired_at timestamptz,
				last_seen_at timestamptz,
				revoked_at timestamptz,
				created_by text NOT NULL,
				created_at timestamptz NOT NULL DEFAULT now(),
				CHECK ((board_org IS NULL) <> (playlist_id IS NULL))
			)
		`,
		sql`
			CREATE TABLE metric_limit (
				org text NOT NULL REFERENCES organisation (code),
				metric text NOT NULL,
				low numeric,
				high numeric,
				updated_by text NOT NULL,
				updated_at timestamptz NOT NULL DEFAULT now(),
				PRIMARY KEY (org, metric),
				CHECK (low IS NULL OR high IS NULL OR low < high)
			)
		`,
		sql`
			CREATE TABLE access_audit (
				id bigserial PRIMARY KEY,
				at timestamptz NOT NULL DEFAULT now(),
				actor text NOT NULL,
				role text,
				org text,
				action text NOT NULL,
				target text,
				outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'succeeded', 'failed')),
				detail text,
				ip text,
				request_id text
			)
		`,
		sql`CREATE INDEX access_audit_at ON access_audit (at DESC)`,
		// the audit is evidence for the Caldicott Guardian: rows are written once and never changed or removed
		sql`
			CREATE FUNCTION access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				RAISE EXCEPTION 'access_audit is append-only: rows cannot be changed or removed'
					USING ERRCODE = 'insufficient_privilege';
			END
			$$
		`,
		sql`
			CREATE TRIGGER access_audit_no_update BEFORE UPDATE OR DELETE ON access_audit
				FOR EACH ROW EXECUTE FUNCTION access_audit_append_only()
		`,
		sql`
			CREATE TRIGGER access_audit_no_truncate BEFORE TRUNCATE ON access_audit
				FOR EACH STATEMENT EXECUTE FUNCTION access_audit_append_only()
		`
	];
	for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`
		DROP TABLE access_audit, metric_limit, device, sign_in_failure, session, recovery_code, user_role, app_user
	`.execute(db);
	await sql`DROP FUNCTION access_audit_append_only`.execute(db);
}
