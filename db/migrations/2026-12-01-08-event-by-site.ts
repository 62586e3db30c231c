// A series says which of its buckets hold data: those from the first event any source sent for the organisation's
// sites (src/lib/server/metrics/series.ts, dataFrom). That first event is one index probe per site with this index;
// without it, the whole event table.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE INDEX event_site_occurred ON event (site, occurred_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX event_site_occurred`.execute(db);
}
