// KPI returns: the figures events cannot produce (community teams, care plans, patient experience, spend), sent
// monthly or quarterly as one value, or a numerator and denominator, for one KPI, one organisation and one period.
// A return moves draft → submitted → approved (or rejected); a correction is a new version with its reason, so an
// issued report that printed version 1 still says what it printed. Spend against a scheme's funding lines is a
// return of the KPI `SPEND` for that scheme (`scheme` is '' for every other KPI: one figure serves every scheme that
// claims the KPI at that organisation).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	const statements = [
		sql`
			CREATE TABLE kpi_return (
				id serial PRIMARY KEY,
				kpi text NOT NULL,
				org text NOT NULL REFERENCES organisation (code),
				scheme text NOT NULL DEFAULT '',
				period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
				version integer NOT NULL CHECK (version > 0),
				value numeric,
				numerator numeric,
				denominator numeric CHECK (denominator > 0),
				state text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected')),
				reason text,
				source text NOT NULL,
				simulated boolean NOT NULL DEFAULT false,
				entered_by text NOT NULL,
				entered_at timestamptz NOT NULL DEFAULT now(),
				decided_by text,
				decided_at timestamptz,
				decision_note text,
				UNIQUE (kpi, org, scheme, period, version),
				CHECK ((value IS NULL) <> (numerator IS NULL)),
				CHECK ((numerator IS NULL) = (denominator IS NULL)),
				CHECK (version = 1 OR length(trim(reason)) > 0)
			)
		`,
		sql`CREATE INDEX kpi_return_org ON kpi_return (org, kpi, period) WHERE state = 'approved'`,
		sql`CREATE INDEX kpi_return_pending ON kpi_return (state) WHERE state IN ('draft', 'submitted')`
	];
	for (const s of statements) await s.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE kpi_return`.execute(db);
}
