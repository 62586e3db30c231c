// The data-quality view: rejected events, newest first, with the reasons that recur, and what arrived per day.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const PAGE_SIZE = 100;

export async function rejectedEvents(db: Kysely<Database>, options: { source?: string; before?: number }) {
	return db
		.selectFrom('rejected_event')
		.select(['id', 'received_at', 'source', 'event_id', 'row_number', 'field', 'reason', 'body'])
		.$if(!!options.source, (q) => q.where('source', '=', options.source!))
		.$if(!!options.before, (q) => q.where('id', '<', String(options.before)))
		.orderBy('id', 'desc')
		.limit(PAGE_SIZE)
		.execute();
}

export async function rejectionSummary(db: Kysely<Database>) {
	return db
		.selectFrom('rejected_event')
		.select([
			'source',
			'field',
			(eb) => eb.fn.countAll<number>().as('n'),
			(eb) => eb.fn.max('received_at').as('last')
		])
		.groupBy(['source', 'field'])
		.orderBy('n', 'desc')
		.limit(50)
		.execute();
}

export async function sources(db: Kysely<Database>) {
	const rows = await db.selectFrom('rejected_event').select('source').distinct().orderBy('source').execute();
	return rows.map((r) => r.source);
}

/** Events per local day for the last `days` days, by site (a continuous aggregate under TimescaleDB). */
export async function eventsPerDay(db: Kysely<Database>, days: number) {
	const since = new Date(Date.now() - days * 86_400_000);
	const { rows } = await sql<{ day: Date; site: string; events: number }>`
		SELECT day, site, sum(events)::int AS events FROM event_daily WHERE day >= ${since} GROUP BY day, site ORDER BY day, site
	`.execute(db);
	return rows;
}
