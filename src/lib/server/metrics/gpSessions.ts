// The GP in A&E on duty (ADM-15's hours): each session an interval at its site, from its first going on duty to
// the first going off after it (open while none has come), whatever order the two arrive in.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { replaceIntervals, type IntervalRow } from './rows.ts';

/** A session's interval is stored beside the spells' under a prefix no spell may begin with (ingest/validate.ts). */
const ref = (session: string) => `gp:${session}`;

export interface DutyEvent {
	type: string;
	at: Date;
}

/** [start, end) of a session from its events; null before it has gone on duty. */
export function dutySpan(events: DutyEvent[]): { start: Date; end: Date | null } | null {
	const times = (type: string) =>
		events
			.filter((e) => e.type === type)
			.map((e) => e.at.getTime())
			.sort((a, b) => a - b);
	const start = times('gp_on_duty')[0];
	if (start === undefined) return null;
	const end = times('gp_off_duty').find((t) => t > start);
	return { start: new Date(start), end: end === undefined ? null : new Date(end) };
}

/** Brings the intervals of the sessions a batch named up to date; returns the sites whose figures changed. */
export async function refreshGpSessions(
	trx: Transaction<Database>,
	sessions: { site: string; session: string }[]
): Promise<string[]> {
	const unique = [...new Map(sessions.map((s) => [`${s.site}\u0000${s.session}`, s])).values()];
	if (!unique.length) return [];
	const sites = unique.map((s) => s.site);
	const names = unique.map((s) => s.session);
	const [events, current] = await Promise.all([
		sql<{ site: string; session: string; type: string; at: Date }>`
			SELECT e.site, e.body ->> 'session' AS session, e.type, e.occurred_at AS at
			FROM event e JOIN unnest(${sites}::text[], ${names}::text[]) AS k(site, session)
				ON e.site = k.site AND e.body ->> 'session' = k.session
			WHERE e.type IN ('gp_on_duty', 'gp_off_duty')
		`.execute(trx),
		sql<IntervalRow>`
			SELECT i.site, i.spell, i.org, i.metric, i.start_at, i.end_at
			FROM census_interval i JOIN unnest(${sites}::text[], ${names.map(ref)}::text[]) AS k(site, spell)
				ON i.site = k.site AND i.spell = k.spell
			WHERE i.metric = 'gp_on_duty'
		`.execute(trx)
	]);
	const bySession = new Map<string, { site: string; session: string; events: DutyEvent[] }>();
	for (const e of events.rows) {
		const key = `${e.site}\u0000${e.session}`;
		const entry = bySession.get(key) ?? { site: e.site, session: e.session, events: [] };
		entry.events.push({ type: e.type, at: new Date(e.at) });
		bySession.set(key, entry);
	}
	const next: IntervalRow[] = [];
	for (const { site, session, events: list } of bySession.values()) {
		const span = dutySpan(list);
		if (span)
			next.push({
				site,
				spell: ref(session),
				org: site,
				metric: 'gp_on_duty',
				start_at: span.start,
				end_at: span.end
			});
	}
	return replaceIntervals(trx, current.rows, next);
}
