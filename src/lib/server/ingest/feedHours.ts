// What each source sent for each site, by the (UTC) hour the events happened in, and when it last sent one: kept in
// the ingest's own transaction so feed health (src/lib/server/alarms/feeds.ts) never reads the events themselves.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

const HOUR = 3_600_000;

export async function recordFeedHours(
	trx: Transaction<Database>,
	source: string,
	receivedAt: Date,
	events: { site: string; occurredAt: Date }[]
) {
	const counts = new Map<string, { site: string; hour: Date; n: number }>();
	for (const e of events) {
		const hour = new Date(Math.floor(e.occurredAt.getTime() / HOUR) * HOUR);
		const key = `${e.site}\u0000${hour.getTime()}`;
		const c = counts.get(key);
		if (c) c.n++;
		else counts.set(key, { site: e.site, hour, n: 1 });
	}
	if (!counts.size) return;
	const rows = [...counts.values()];
	await sql`
		INSERT INTO feed_hour (source, site, hour, events, last_received_at)
		SELECT ${source}, site, hour, n, ${receivedAt}
		FROM unnest(${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.hour)}::timestamptz[], ${rows.map((r) => r.n)}::int[])
			AS r(site, hour, n)
		ON CONFLICT (source, site, hour) DO UPDATE
		SET events = feed_hour.events + EXCLUDED.events,
			last_received_at = GREATEST(feed_hour.last_received_at, EXCLUDED.last_received_at)
	`.execute(trx);
}
