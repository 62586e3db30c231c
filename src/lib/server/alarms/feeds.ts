// Feed health: for each source and site, when it last sent, what it sent in the last whole hour against what it
// usually sends in that hour of the day (the four weeks before), and a status. A site whose feeds have been silent
// longer than the threshold, in an hour of the day they usually send, has a silent feed: its figures are missing
// what it has not sent, which is not the same as a quiet ward.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { londonHour } from '../time.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HISTORY_DAYS = 28;
/** a feed whose last event is older than this is shown as not having sent at all recently */
const LOOK_BACK_DAYS = 35;

/**
 * `sending`: as usual. `quiet`: the last hour brought under a quarter of the usual, or nothing for longer than the
 * threshold but not yet long enough to be unusual at its rate. `silent`: nothing for longer than the threshold, in an
 * hour it usually sends, and for long enough that at least three events were due. `idle`: nothing lately, but it does
 * not usually send now. `new`: too little history to say what is usual.
 */
export type FeedStatus = 'sending' | 'quiet' | 'silent' | 'idle' | 'new';

/**
 * A feed sending four events an hour is quiet for 30 minutes one time in twelve by chance; with three events due the
 * chance is one in twenty, with five one in 150. Three: a dead feed is found within the hour at four an hour.
 */
const DUE_BEFORE_SILENT = 3;

export interface FeedRow {
	source: string;
	site: string;
	siteName: string;
	lastReceived: Date | null;
	/** events that happened in the last whole hour */
	lastHour: number;
	/** the mean for that hour of the day over the history; null without a day of history */
	usual: number | null;
	/** what it usually sends in the hour now running: does silence now mean anything? */
	usualNow: number | null;
	status: FeedStatus;
}

export interface FeedHealth {
	/** the last whole hour the figures are for */
	hour: Date;
	feeds: FeedRow[];
	/** per site, its sources together */
	sites: FeedRow[];
}

function statusOf(f: Omit<FeedRow, 'status'>, now: Date, silenceMs: number): FeedStatus {
	const quietFor = f.lastReceived ? now.getTime() - f.lastReceived.getTime() : Infinity;
	if (f.usualNow === null) return quietFor > silenceMs ? 'idle' : 'new';
	if (quietFor > silenceMs) {
		if (f.usualNow < 1) return 'idle';
		return (f.usualNow * quietFor) / HOUR >= DUE_BEFORE_SILENT ? 'silent' : 'quiet';
	}
	if (f.usual !== null && f.usual >= 4 && f.lastHour < f.usual / 4) return 'quiet';
	return 'sending';
}

export async function feedHealth(db: Kysely<Database>, now: Date, silenceMs: number): Promise<FeedHealth> {
	const current = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
	const last = new Date(current.getTime() - HOUR);
	const since = new Date(current.getTime() - HISTORY_DAYS * DAY);
	// the hour of the day in London of the last hour and of this one (across a clock change they can be equal)
	const [lastLocal, nowLocal] = [londonHour(last), londonHour(current)];
	const { rows } = await sql<{
		source: string;
		site: string;
		site_name: string;
		last_received: Date | null;
		last_hour: number;
		usual_last: number;
		usual_now: number;
		first_hour: Date | null;
	}>`
		SELECT f.source, f.site, coalesce(o.name, f.site) AS site_name,
			max(f.last_received_at) AS last_received,
			coalesce(sum(f.events) FILTER (WHERE f.hour = ${last}), 0)::int AS last_hour,
			coalesce(sum(f.events) FILTER (WHERE f.hour >= ${since} AND f.hour < ${last}
				AND extract(hour FROM f.hour AT TIME ZONE 'Europe/London') = ${lastLocal}), 0)::float8 AS usual_last,
			coalesce(sum(f.events) FILTER (WHERE f.hour >= ${since} AND f.hour < ${last}
				AND extract(hour FROM f.hour AT TIME ZONE 'Europe/London') = ${nowLocal}), 0)::float8 AS usual_now,
			min(f.hour) FILTER (WHERE f.hour >= ${since}) AS first_hour
		FROM feed_hour f LEFT JOIN organisation o ON o.code = f.site
		WHERE f.hour >= ${new Date(current.getTime() - LOOK_BACK_DAYS * DAY)}
		GROUP BY f.source, f.site, o.name
		ORDER BY o.name, f.source
	`.execute(db);
	const row = (r: (typeof rows)[number]): FeedRow => {
		// days of history before the last hour: a feed three days old is usual over three days, not 28
		const days = r.first_hour
			? Math.min(HISTORY_DAYS, Math.floor((last.getTime() - r.first_hour.getTime()) / DAY))
			: 0;
		const f = {
			source: r.source,
			site: r.site,
			siteName: r.site_name,
			lastReceived: r.last_received,
			lastHour: r.last_hour,
			usual: days >= 1 ? r.usual_last / days : null,
			usualNow: days >= 1 ? r.usual_now / days : null
		};
		return { ...f, status: statusOf(f, now, silenceMs) };
	};
	const feeds = rows.map(row);
	const bySite = new Map<string, Omit<FeedRow, 'status'>>();
	for (const f of feeds) {
		const s = bySite.get(f.site);
		if (!s) bySite.set(f.site, { ...f, source: 'all sources' });
		else {
			if (f.lastReceived && (!s.lastReceived || f.lastReceived > s.lastReceived))
				s.lastReceived = f.lastReceived;
			s.lastHour += f.lastHour;
			s.usual = f.usual === null ? s.usual : (s.usual ?? 0) + f.usual;
			s.usualNow = f.usualNow === null ? s.usualNow : (s.usualNow ?? 0) + f.usualNow;
		}
	}
	const sites = [...bySite.values()].map((s) => ({ ...s, status: statusOf(s, now, silenceMs) }));
	return { hour: last, feeds, sites };
}
