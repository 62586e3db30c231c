// The meetings that run the system: actions agreed on the weekly call (against the figure they should move), what
// scheme leads add each month (a RAG override with its reason, the narrative), and issued reports, frozen: an issued
// report's content is written once and never changed; a correction is a new version.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	const statements = [
		sql`
			CREATE TABLE call_action (
				id serial PRIMARY KEY,
				org text REFERENCES organisation (code),
				scheme text REFERENCES scheme (id),
				metric text NOT NULL,
				what text NOT NULL,
				owner text NOT NULL REFERENCES app_user (username),
				due date NOT NULL,
				agreed_on date NOT NULL,
				status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
				closed_on date,
				created_by text NOT NULL,
				created_at timestamptz NOT NULL DEFAULT now(),
				CHECK (org IS NOT NULL OR scheme IS NOT NULL)
			)
		`,
		sql`CREATE INDEX call_action_org ON call_action (org, metric)`,
		sql`CREATE INDEX call_action_owner ON call_action (owner) WHERE status = 'open'`,
		sql`
			CREATE TABLE scheme_month (
				scheme text NOT NULL REFERENCES scheme (id),
				month date NOT NULL,
				rag_override text CHECK (rag_override IN ('red', 'amber', 'green')),
				rag_comment text,
				achievements text,
				issues text,
				next_steps text,
				updated_by text NOT NULL,
				updated_at timestamptz NOT NULL DEFAULT now(),
				PRIMARY KEY (scheme, month),
				CHECK (rag_override IS NULL OR length(trim(rag_comment)) > 0)
			)
		`,
		sql`
			CREATE TABLE report (
				id serial PRIMARY KEY,
				kind text NOT NULL CHECK (kind IN ('weekly', 'monthly', 'quarterly')),
				scope text NOT NULL,
				period text NOT NULL,
				version integer NOT NULL,
				title text NOT NULL,
				issued_at timestamptz NOT NULL DEFAULT now(),
				issued_by text NOT NULL,
				data_as_of timestamptz NOT NULL,
				content jsonb NOT NULL,
				UNIQUE (kind, scope, period, version)
			)
		`,
		sql`
			CREATE FUNCTION report_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				RAISE EXCEPTION 'an issued report is frozen: issue a new version instead'
					USING ERRCODE = 'insufficient_privilege';
			END
			$$
		`,
		sql`CREATE TRIGGER report_no_update BEFORE UPDATE ON report FOR EACH ROW EXECUTE FUNCTION report_frozen()`
	];
	for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE report, scheme_month, call_action`.execute(db);
	await sql`DROP FUNCTION report_frozen`.execute(db);
}
