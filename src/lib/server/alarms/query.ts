// The alarm history's filters, read from its query string, shared by the page and its CSV download.
import { ALARM_KINDS, ALARM_STATES, type AlarmKind, type AlarmState } from '../../alarms.ts';
import { metricByKey } from '../../catalogue.ts';
import { londonMidnight } from '../time.ts';
import type { AlarmFilter } from './store.ts';

export interface AlarmQuery {
	org: string;
	metric: string;
	state: AlarmState | 'open' | '';
	kind: AlarmKind | '';
	from: string;
	to: string;
}

export function alarmQuery(url: URL): { query: AlarmQuery; filter: AlarmFilter } | { problem: string } {
	const p = url.searchParams;
	const query: AlarmQuery = {
		org: p.get('org')?.trim() ?? '',
		metric: p.get('metric') ?? '',
		state: (p.get('state') ?? '') as AlarmQuery['state'],
		kind: (p.get('kind') ?? '') as AlarmQuery['kind'],
		from: p.get('from') ?? '',
		to: p.get('to') ?? ''
	};
	if (query.metric && !metricByKey.has(query.metric))
		return { problem: `No metric has the key ${query.metric}` };
	if (query.state && query.state !== 'open' && !ALARM_STATES.includes(query.state))
		return { problem: `state must be open or one of ${ALARM_STATES.join(', ')}` };
	if (query.kind && !ALARM_KINDS.includes(query.kind))
		return { problem: `kind must be one of ${ALARM_KINDS.join(', ')}` };
	const day = (v: string, next = 0) => {
		const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
		if (!m || Number.isNaN(Date.parse(v))) return null;
		return londonMidnight(Number(m[1]), Number(m[2]), Number(m[3]) + next);
	};
	const from = query.from ? day(query.from) : undefined;
	const to = query.to ? day(query.to, 1) : undefined;
	if (from === null || to === null) return { problem: 'Dates must be YYYY-MM-DD' };
	if (from && to && from >= to) return { problem: 'The first date must not be after the last' };
	return {
		query,
		filter: {
			under: query.org || undefined,
			metric: query.metric || undefined,
			state: query.state || undefined,
			kind: query.kind || undefined,
			from,
			to,
			limit: 5_000
		}
	};
}
