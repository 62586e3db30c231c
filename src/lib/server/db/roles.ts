// On PostgreSQL the access audit is append-only for every role only if the application's role cannot undo the
// trigger that makes it so: a table's owner (or a superuser, or a member of the owner's role) can disable the
// trigger, truncate around it or drop the table. So migrations run as an owner role (DATABASE_OWNER_URL) and the app
// runs as a role given only the rows it works with: never DDL, and on the audit only INSERT and SELECT.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

/** A short-lived connection as the owner role, for migrating, seeding and granting. */
export function ownerConnection(ownerUrl: string): Kysely<unknown> {
	const pool = new pg.Pool({ connectionString: ownerUrl, max: 1, application_name: 'flowdeck-migrate' });
	pool.on('error', () => {});
	return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Gives `appRole` what the application needs on every table the migrations made, and no more. A role name cannot be
 * a bound parameter of GRANT, so it is bound into a transaction-local setting and quoted by format('%I') inside.
 */
export async function grantApplication(owner: Kysely<unknown>, appRole: string): Promise<void> {
	await owner.transaction().execute(async (trx) => {
		await sql`SELECT set_config('flowdeck.app_role', ${appRole}, true)`.execute(trx);
		await sql`
			DO $$
			DECLARE app text := quote_ident(current_setting('flowdeck.app_role'));
			BEGIN
				EXECUTE 'GRANT USAGE ON SCHEMA public TO ' || app;
				EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ' || app;
				EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ' || app;
				-- the audit takes rows and gives them back; nothing else
				EXECUTE 'REVOKE ALL ON access_audit FROM ' || app;
				EXECUTE 'GRANT SELECT, INSERT ON access_audit TO ' || app;
				-- the migrations' bookkeeping is the owner's
				EXECUTE 'REVOKE ALL ON kysely_migration, kysely_migration_lock FROM ' || app;
				EXECUTE 'GRANT SELECT ON kysely_migration, kysely_migration_lock TO ' || app;
			END
			$$
		`.execute(trx);
	});
}

/** The role a connection runs as. */
export async function currentRole(db: Kysely<unknown>): Promise<string> {
	const { rows } = await sql<{ role: string }>`SELECT current_user AS role`.execute(db);
	return rows[0].role;
}

/**
 * Why this connection's role could change or remove audit rows, in words; empty when it cannot. Ownership is
 * checked through membership, since a member of the owner's role may act as the owner.
 */
export async function auditTamperRisks(db: Kysely<unknown>): Promise<string[]> {
	const { rows } = await sql<{ role: string; superuser: boolean; owner: string; owns: boolean }>`
		SELECT current_user AS role, r.rolsuper AS superuser, t.tableowner AS owner,
			pg_has_role(current_user, t.tableowner, 'USAGE') AS owns
		FROM pg_roles r, pg_tables t
		WHERE r.rolname = current_user AND t.schemaname = 'public' AND t.tablename = 'access_audit'
	`.execute(db);
	const risks: string[] = [];
	for (const r of rows) {
		if (r.superuser) risks.push(`the application's database role "${r.role}" is a superuser`);
		else if (r.owns)
			risks.push(
				r.owner === r.role
					? `the application's database role "${r.role}" owns access_audit`
					: `the application's database role "${r.role}" acts as access_audit's owner "${r.owner}"`
			);
	}
	return risks;
}
