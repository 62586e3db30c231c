// The access audit as CSV, filtered as on the page; the download is itself audited.
import { error } from '@sveltejs/kit';
import { listAudit } from '$lib/server/auth/audit';
import { auditFilter } from '$lib/server/auth/auditQuery';
import { adminScope, auditEvent } from '$lib/server/auth/http';
import { csvCell } from '$lib/server/metrics/medicallyStable';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const MAX_ROWS = 100_000;
const COLUMNS = [
	'id',
	'at',
	'actor',
	'role',
	'org',
	'action',
	'target',
	'outcome',
	'detail',
	'ip',
	'request_id'
] as const;

export const GET: RequestHandler = async (event) => {
	const filter = auditFilter(event.url);
	if ('problem' in filter) error(400, filter.problem);
	const scope = await adminScope(event);
	const rows = await listAudit(getStore().db, {
		...filter,
		limit: MAX_ROWS,
		within: scope.global ? null : scope.orgs
	});
	await auditEvent(event, {
		action: 'export access audit',
		target: event.url.search || '(all)',
		detail: `${rows.length} rows`
	});
	const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))];
	const stamp = new Date().toISOString().slice(0, 16).replace(':', '');
	return new Response(`${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="flowdeck-access-audit-${stamp}.csv"`
		}
	});
};
