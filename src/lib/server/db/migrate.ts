// Applies db/migrations at start. Kysely's migrator holds a PostgreSQL advisory lock for the run, so two app
// nodes starting together apply each migration once.
import { Migrator } from 'kysely/migration';
import type { Kysely } from 'kysely';
import { migrations } from '../../../../db/migrations/index.ts';

export async function migrate(db: Kysely<unknown>): Promise<string[]> {
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
	}
	return (results ?? []).map((r) => r.migrationName);
}
