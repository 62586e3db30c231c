// The data-quality view: rejected events, newest first, with the reasons that recur, and what arrived per day; each
// only for the organisations the viewer's flow-manager or administrator roles cover.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Scope } from '../auth/scope.ts';

export const PAGE_SIZE = 100;

// rows about no known organisation (an unknown site from a key for several) are for a global view only
const within = <Q extends SelectQueryBuilder<Database, 'rejected_event', object>>(q: Q, scope: Scope) =>
	scope.global ? q : (q.where('org', 'in', scope.orgs.size ? [...scope.orgs] : ['']) as Q);

export async function rejectedEvents(
	db: Kysely<Database>,
	scope: Scope,
	options: { source?: string; before?: number }
) {
	return within(db.selectFrom('rejected_event'), scope)
		.select(['id', 'received_at', 'source', 'event_id', 'row_number', 'org', 'field', 'reason', 'body'])
		.$if(!!options.source, (q) => q.where('source', '=', options.source!))
		.$if(!!options.before, (q) => q.where('id', '<', String(options.before)))
		.orderBy('id', 'desc')
		.limit(PAGE_SIZE)
		.execute();
}

export async function rejectionSummary(db: Kysely<Database>, scope: Scope) {
	return within(db.selectFrom('rejected_event'), scope)
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

export async function sources(db: Kysely<Database>, scope: Scope) {
	const rows = await within(db.selectFrom('rejected_event'), scope)
		.select('source')
		.distinct()
		.orderBy('source')
		.execute();
	return rows.map((r) => r.source);
}

/** Events per local day for the last `days` days, by site (a continuous aggregate under TimescaleDB). */
export async function eventsPerDay(db: Kysely<Database>, scope: Scope, days: number) {
	const since = new Date(Date.now() - days * 86_400_000);
	const { rows } = await sql<{ day: Date; site: string; events: number }>`
		SELECT day, site, sum(events)::int AS events FROM event_daily WHERE day >= ${since} GROUP BY day, site ORDER BY day, site
	`.execute(db);
	return rows.filter((r) => scope.has(r.site));
}
