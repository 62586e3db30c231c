// Applies db/migrations at start. Kysely's migrator holds a PostgreSQL advisory lock for the run, so two app
// nodes starting together apply each migration once. A schema already up to date is left alone without taking the
// migrator's lock, so an application role that may not change the schema (db/roles.ts) starts on it.
import { Migrator } from 'kysely/migration';
import { sql, type Kysely } from 'kysely';
import { migrations } from '../../../../db/migrations/index.ts';

async function upToDate(db: Kysely<unknown>): Promise<boolean> {
	// no table yet is a schema with nothing applied
	const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`
		.execute(db)
		.catch(() => ({ rows: [] as { name: string }[] }));
	const applied = new Set(rows.map((r) => r.name));
	return Object.keys(migrations).every((name) => applied.has(name));
}

export async function migrate(db: Kysely<unknown>): Promise<string[]> {
	if (await upToDate(db)) return [];
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		const message = error instanceof Error ? error.message : String(error);
		const hint = /permission denied|must be owner/.test(message)
			? ' (this role may not change the schema: set DATABASE_OWNER_URL to the owner role, README "Database roles")'
			: '';
		throw new Error(`migration ${failed} failed: ${message}${hint}`);
	}
	return (results ?? []).map((r) => r.migrationName);
}
