// Alarms and tile status as screens and the server share them (src/lib/server/alarms/ keeps them).

export const ALARM_KINDS = ['limit', 'spc', 'feed'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
export const ALARM_STATES = ['raised', 'acknowledged', 'resolved'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const ALARM_KIND_LABEL: Record<AlarmKind, string> = {
	limit: 'Past a limit',
	spc: 'SPC special cause',
	feed: 'Feed silent'
};

/** An alarm as a screen shows it. */
export interface AlarmView {
	id: number;
	org: string;
	orgName: string;
	metric: string | null;
	kind: AlarmKind;
	message: string;
	/** the figure that raised it; for a silent feed, when the site last sent (ms since 1970), null if never */
	value: number | null;
	state: AlarmState;
	raisedAt: string;
	acknowledgedAt: string | null;
	acknowledgedBy: string | null;
	comment: string | null;
	resolvedAt: string | null;
	resolvedBy: string | null;
	resolveReason: string | null;
	escalatedSteps: number;
}

/** A site whose feed has gone quiet: every figure including it is missing what it has not sent. */
export interface SilentFeed {
	site: string;
	siteName: string;
	/** the last event received from it (ISO); null: never */
	since: string | null;
}

/** The feed-silence alarms among open alarms, as the "no data from … since …" banner needs them. */
export function silentFeeds(alarms: AlarmView[]): SilentFeed[] {
	return alarms
		.filter((a) => a.kind === 'feed' && a.state !== 'resolved')
		.map((a) => ({
			site: a.org,
			siteName: a.orgName,
			since: a.value === null ? null : new Date(a.value).toISOString()
		}));
}

export type TileStatus = 'alarm' | 'acknowledged' | 'on-target' | 'off-target' | 'no-target' | 'no-data';

export const STATUS_WORD: Record<TileStatus, string> = {
	alarm: 'ALARM',
	acknowledged: 'Acknowledged',
	'on-target': 'On target',
	'off-target': 'Off target',
	'no-target': 'No target',
	'no-data': 'No data'
};

/**
 * A tile's judgement: an open alarm first, then the figure against the documents' target in the metric's direction
 * of good. A count of today so far below a daily target is "off target so far", which the word says.
 */
export function tileStatus(input: {
	value: number | null | undefined;
	target: number | null | undefined;
	direction: 'up' | 'down' | 'monitor';
	alarm: AlarmState | null;
}): TileStatus {
	if (input.alarm === 'raised') return 'alarm';
	if (input.alarm === 'acknowledged') return 'acknowledged';
	if (input.value === null || input.value === undefined) return 'no-data';
	if (input.target === null || input.target === undefined || input.direction === 'monitor')
		return 'no-target';
	const met = input.direction === 'up' ? input.value >= input.target : input.value <= input.target;
	return met ? 'on-target' : 'off-target';
}

/** Minutes from raising to acknowledging and to resolving; null while it has not happened. */
export function durations(a: AlarmView) {
	const minutes = (to: string | null) =>
		to ? Math.round((Date.parse(to) - Date.parse(a.raisedAt)) / 60_000) : null;
	return { toAcknowledge: minutes(a.acknowledgedAt), toResolve: minutes(a.resolvedAt) };
}

/** "45 min", "3 h 5 min", "2 d 4 h" */
export function minutesText(n: number | null): string {
	if (n === null) return '—';
	if (n < 60) return `${n} min`;
	if (n < 1440) return `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ''}`;
	return `${Math.floor(n / 1440)} d${Math.floor((n % 1440) / 60) ? ` ${Math.floor((n % 1440) / 60)} h` : ''}`;
}
