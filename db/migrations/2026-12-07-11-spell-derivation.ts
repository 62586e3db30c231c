// Which version of the spell derivation produced each spell's intervals and points. Catalogue v2 counts points v1 did
// not keep (EDDs, weekends, admission method and age, destinations); a spell derived before it is derived again from
// its events (src/lib/server/ingest/rederive.ts), so an upgraded store has v2 figures for its whole history.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE spell ADD COLUMN derivation smallint NOT NULL DEFAULT 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE spell DROP COLUMN derivation`.execute(db);
}
