// The one home of the live path's wire formats: the bus between app nodes (PostgreSQL NOTIFY channels and their
// payloads) and live protocol v1 between a node and its screens (socket.io rooms and messages). The server and the
// browser both import it, so the two ends cannot drift apart.
import type { AlarmView } from '../alarms.ts';
import type { MetricSnapshot, MetricValues } from '../types.ts';

/** NOTIFY channels. Each is sent only once its transaction commits. */
export const BUS = {
	/** payload: announced `org:seq` pairs (see encodeAnnouncements) */
	metrics: 'flowdeck_metrics',
	/** payload: the instant as of which every figure was confirmed (ISO) */
	tick: 'flowdeck_tick',
	/** payload: the id of a playlist that changed */
	playlists: 'flowdeck_playlists',
	/** payload: organisation codes whose alarms were raised, acknowledged, escalated or resolved (see encodeOrgs) */
	alarms: 'flowdeck_alarms'
} as const;

export interface Announcement {
	org: string;
	seq: number;
}

// NOTIFY payloads are capped at 8,000 bytes: 200 pairs of a 64-character code and a sequence number fit.
const PER_NOTIFY = 200;

/** The NOTIFY payloads that announce new figures: `org:seq` pairs joined by commas, at most 200 a payload. */
export function encodeAnnouncements(announced: Announcement[]): string[] {
	const payloads: string[] = [];
	for (let i = 0; i < announced.length; i += PER_NOTIFY)
		payloads.push(
			announced
				.slice(i, i + PER_NOTIFY)
				.map((a) => `${a.org}:${a.seq}`)
				.join(',')
		);
	return payloads;
}

/** Reads a metrics payload back; pairs that are not `org:seq` are dropped. */
export function decodeAnnouncements(payload: string): Announcement[] {
	return payload
		.split(',')
		.map((pair) => {
			const at = pair.lastIndexOf(':');
			return { org: pair.slice(0, at), seq: Number(pair.slice(at + 1)) };
		})
		.filter((a) => a.org && Number.isInteger(a.seq) && a.seq > 0);
}

/** Organisation codes joined by commas, at most 100 a payload. */
export function encodeOrgs(orgs: string[]): string[] {
	const payloads: string[] = [];
	for (let i = 0; i < orgs.length; i += 100) payloads.push(orgs.slice(i, i + 100).join(','));
	return payloads;
}

export const decodeOrgs = (payload: string) => payload.split(',').filter(Boolean);

/**
 * socket.io rooms of namespace `/live`. A screen that subscribed with `coalesce: true` watches an organisation from
 * its coalesced room; every other screen (v1 before `from`) from its plain room, one message per update.
 */
export const orgRoom = (org: string) => `org:${org}`;
export const coalescedRoom = (org: string) => `org~:${org}`;
/** both rooms of an organisation, for what every screen watching it gets alike (snapshots, alarms) */
export const orgRooms = (org: string) => [orgRoom(org), coalescedRoom(org)];
export const playlistRoom = (id: number) => `playlist:${id}`;

/** `subscribe`: watch an organisation; `coalesce` says the screen applies `from`..`seq` ranges (see Delta) */
export interface Subscribe {
	org: string;
	coalesce?: boolean;
}

/**
 * The longest a node holds an update to coalesce it with those that follow (FLOWDECK_FANOUT_MS), for screens that
 * asked for it: their room gets at most one `metrics` message per window, so a screen's work is bounded by the
 * window, not by the event rate. Screens that did not ask get every update as its own message, at once.
 */
export const FANOUT_WINDOW_MS = 100;

/**
 * `metrics`: the figures of one organisation that changed with update `seq`; or, when `from` is given, with any of
 * the updates `from`..`seq` that one window coalesced, each at its value as of `seq`. A screen holding any update
 * from `from - 1` on applies it; one further behind has missed an update and asks for a snapshot.
 */
export interface Delta {
	org: string;
	seq: number;
	/** the first update covered, when more than one is (absent: only `seq`) */
	from?: number;
	asOf: string;
	changed: MetricValues;
}

/** `fresh`: every figure is confirmed as of `asOf` */
export interface Fresh {
	asOf: string;
}

/**
 * `store`: whether this node can reach the data store. While it cannot, figures cannot move and the screen says it
 * is reconnecting; once it can again, fresh snapshots follow for every room.
 */
export interface StoreStatus {
	up: boolean;
	/** since when (ISO) */
	since: string;
}

/** `alarms`: the open alarms at or below an organisation, whole, whenever one of them changes */
export interface AlarmsMessage {
	org: string;
	alarms: AlarmView[];
}

export interface PlaylistMessage {
	id: number;
	playlist: unknown;
}

/** What a node sends its screens, by message name. */
export interface ServerMessages {
	snapshot: MetricSnapshot;
	metrics: Delta;
	fresh: Fresh;
	store: StoreStatus;
	playlist: PlaylistMessage;
	alarms: AlarmsMessage;
}
