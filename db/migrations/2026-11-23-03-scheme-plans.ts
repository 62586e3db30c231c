// What scheme leads plan and revise: the organisation whose live figures a scheme's KPIs are charted for, numeric
// targets and trajectories per metric with the go-live date that rebases SPC limits, milestone dates with their
// revisions, and a history of every change.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	const statements = [
		sql`ALTER TABLE scheme ADD COLUMN org text REFERENCES organisation (code)`,
		sql`ALTER TABLE scheme_milestone ADD COLUMN due date`,
		sql`ALTER TABLE scheme_milestone ADD COLUMN revised_due date`,
		sql`ALTER TABLE scheme_milestone ADD COLUMN done_on date`,
		sql`
			CREATE TABLE scheme_metric_plan (
				scheme text NOT NULL REFERENCES scheme (id),
				metric text NOT NULL,
				baseline numeric,
				target numeric,
				target_date date,
				go_live date,
				trajectory jsonb NOT NULL DEFAULT '[]',
				PRIMARY KEY (scheme, metric)
			)
		`,
		sql`
			CREATE TABLE scheme_change (
				id bigserial PRIMARY KEY,
				scheme text NOT NULL REFERENCES scheme (id),
				at timestamptz NOT NULL DEFAULT now(),
				who text NOT NULL,
				what text NOT NULL,
				before jsonb,
				after jsonb
			)
		`,
		sql`CREATE INDEX scheme_change_scheme ON scheme_change (scheme, at DESC)`
	];
	for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE scheme_change, scheme_metric_plan`.execute(db);
	await sql`ALTER TABLE scheme_milestone DROP COLUMN due, DROP COLUMN revised_due, DROP COLUMN done_on`.execute(
		db
	);
	await sql`ALTER TABLE scheme DROP COLUMN org`.execute(db);
}
