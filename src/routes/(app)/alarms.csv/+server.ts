// The alarm history as CSV, filtered as on the page.
import { error } from '@sveltejs/kit';
import { metricByKey } from '$lib/catalogue';
import { visibleOrgs } from '$lib/server/api';
import { grantedOrgs } from '$lib/server/auth/policy';
import { durations } from '$lib/alarms';
import { alarmQuery } from '$lib/server/alarms/query';
import { listAlarms } from '$lib/server/alarms/store';
import { csvCell } from '$lib/server/metrics/medicallyStable';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const COLUMNS = [
	'id',
	'org',
	'organisation',
	'kind',
	'metric',
	'metric_name',
	'message',
	'value',
	'state',
	'raised_at',
	'acknowledged_at',
	'acknowledged_by',
	'comment',
	'minutes_to_acknowledge',
	'resolved_at',
	'resolved_by',
	'resolve_reason',
	'minutes_to_resolve',
	'escalation_steps'
] as const;

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = alarmQuery(url);
	if ('problem' in parsed) error(400, parsed.problem);
	const db = getStore().db;
	const visible = await visibleOrgs(db, { orgs: grantedOrgs(locals.principal) });
	const rows = (await listAlarms(db, { ...parsed.filter, visible })).map((a) => {
		const d = durations(a);
		return {
			id: a.id,
			org: a.org,
			organisation: a.orgName,
			kind: a.kind,
			metric: a.metric,
			metric_name: a.metric ? (metricByKey.get(a.metric)?.name ?? a.metric) : null,
			message: a.message,
			value: a.kind === 'feed' ? null : a.value,
			state: a.state,
			raised_at: a.raisedAt,
			acknowledged_at: a.acknowledgedAt,
			acknowledged_by: a.acknowledgedBy,
			comment: a.comment,
			minutes_to_acknowledge: d.toAcknowledge,
			resolved_at: a.resolvedAt,
			resolved_by: a.resolvedBy,
			resolve_reason: a.resolveReason,
			minutes_to_resolve: d.toResolve,
			escalation_steps: a.escalatedSteps
		};
	});
	const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))];
	const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
	return new Response(`${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="flowdeck-alarms-${stamp}.csv"`
		}
	});
};
