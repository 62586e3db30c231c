// KPI returns from other systems: POST a JSON batch {"returns": [ … ]} or a CSV file with a source key. Each row is
// checked on its own and stored as submitted, for an executive to approve; the answer has the ingest API's shape:
// 200 all stored, 422 some refused (each with its row, field and reason), 400 malformed, 401 no key, 403 a row for
// an organisation outside the key (nothing stored), 413 too large.
import { json } from '@sveltejs/kit';
import { problem, RateLimiter, readBody, requireKey, TooLarge } from '$lib/server/api';
import { auditEvent } from '$lib/server/auth/http';
import { orgCovers } from '$lib/server/auth/orgTree';
import { config } from '$lib/server/config';
import { isUnavailable } from '$lib/server/db/unavailable';
import { csvRows, MAX_RETURNS, storeBatch } from '$lib/server/returns/batch';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const JSON_LIMIT = 256 * 1024;
const CSV_LIMIT = 1024 * 1024;

const limiter = new RateLimiter(config().ingestRate, config().ingestBurst);

type Rows = { row: number; fields: Record<string, unknown> }[];

function jsonRows(bytes: Uint8Array): Rows | Response {
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch (e) {
		return problem(400, `the body is not valid JSON: ${e instanceof Error ? e.message : 'unreadable'}`);
	}
	const returns = (body as { returns?: unknown } | null)?.returns;
	if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(returns))
		return problem(400, 'the body must be an object {"returns": [ … ]}', { field: 'returns' });
	if (!returns.length) return problem(400, 'returns must not be empty', { field: 'returns' });
	if (returns.length > MAX_RETURNS)
		return problem(413, `at most ${MAX_RETURNS} returns per request; send ${returns.length} in several`, {
			field: 'returns'
		});
	return returns.map((r, i) => ({
		row: i + 1,
		fields: typeof r === 'object' && r !== null && !Array.isArray(r) ? { ...r } : { kpi: '' }
	}));
}

export const POST: RequestHandler = async (event) => {
	const { request, locals } = event;
	const denied = requireKey(locals);
	if (denied) return denied;
	const key = locals.sourceKey!;
	const wait = limiter.take(key.id);
	if (wait) return problem(429, 'too many requests for this key', {}, { 'Retry-After': String(wait) });
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	const csv = type === 'text/csv';
	if (!csv && type !== 'application/json') return problem(415, 'send application/json or text/csv');

	let bytes: Uint8Array;
	try {
		bytes = await readBody(request, csv ? CSV_LIMIT : JSON_LIMIT);
	} catch (e) {
		if (e instanceof TooLarge) return problem(413, `the body is larger than ${csv ? '1 MB' : '256 KB'}`);
		throw e;
	}
	let rows: Rows;
	if (csv) {
		const parsed = csvRows(bytes);
		if ('error' in parsed)
			return problem(400, parsed.error.message, { row: parsed.error.row, field: parsed.error.field });
		if (parsed.rows.length > MAX_RETURNS)
			return problem(413, `at most ${MAX_RETURNS} rows per file; this one has ${parsed.rows.length}`);
		rows = parsed.rows;
	} else {
		const parsed = jsonRows(bytes);
		if (parsed instanceof Response) return parsed;
		rows = parsed;
	}

	try {
		const db = getStore().db;
		const covers = await orgCovers(db);
		const inKey = (org: string) => !key.orgs || key.orgs.some((scope) => covers(scope, org));
		// a row for an organisation outside the key refuses the whole request, before anything is stored
		const outside = rows.find(
			(r) => typeof r.fields.org === 'string' && r.fields.org && !inKey(r.fields.org)
		);
		if (outside) {
			await auditEvent(event, {
				action: 'returns',
				target: `key ${key.id} (source ${key.source})`,
				outcome: 'denied',
				detail: `a return named ${String(outside.fields.org)}, outside the key`
			});
			return problem(
				403,
				`this key may not send returns for ${String(outside.fields.org)}; nothing was stored`,
				{
					row: outside.row,
					field: 'org'
				}
			);
		}
		const result = await storeBatch(
			db,
			rows,
			{ by: `key:${key.id}`, source: `api:${key.source}` },
			{
				submit: true,
				skipBlank: csv,
				mayEnter: inKey
			}
		);
		await auditEvent(event, {
			action: 'returns',
			target: `key ${key.id} (source ${key.source})`,
			detail: `${result.accepted} stored, ${result.rejected} refused`
		});
		return json(result, { status: result.rejected ? 422 : 200 });
	} catch (e) {
		if (isUnavailable(e))
			return problem(
				503,
				'the database is unavailable; send the returns again shortly',
				{},
				{ 'Retry-After': '5' }
			);
		throw e;
	}
};
