// S21: a PostgreSQL server that may lose committed transactions must not take events, because the ingest API
// answers 200 only once an event is safe. At start the runtime reads the settings that decide it.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

const NEEDED: Record<string, string[]> = {
	fsync: ['on'],
	full_page_writes: ['on'],
	// `on` or stronger; `off` and `local` can lose a committed transaction on a crash or a failover
	synchronous_commit: ['on', 'remote_write', 'remote_apply']
};

/** What is wrong with the settings, in words; empty when every one is safe. */
export function durabilityProblems(settings: Record<string, string>): string[] {
	return Object.entries(NEEDED)
		.filter(([name, ok]) => !ok.includes(settings[name]))
		.map(([name, ok]) => `${name} is ${settings[name] ?? 'unknown'} (needs ${ok.join(' or ')})`);
}

export async function readDurability(db: Kysely<Database>): Promise<Record<string, string>> {
	const { rows } = await sql<{ name: string; setting: string }>`
		SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit')
	`.execute(db);
	return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}
