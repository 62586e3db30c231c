// Ingest contract v1: POST a JSON batch or a CSV file of events.
import { json } from '@sveltejs/kit';
import { problem, RateLimiter, readBody, requireKey, TooLarge } from '$lib/server/api';
import { config } from '$lib/server/config';
import { isUnavailable } from '$lib/server/db/unavailable';
import { parseCsv, recordsToEvents } from '$lib/server/ingest/csv';
import { ingest, ScopeError, type IngestResult } from '$lib/server/ingest/ingest';
import { LineRefused } from '$lib/server/ingest/line';
import { getStore, inLine, whyRefuseIngest } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const JSON_LIMIT = 256 * 1024;
const CSV_LIMIT = 20 * 1024 * 1024;
const MAX_EVENTS = 1000;
const MAX_CSV_ROWS = 200_000;

const limiter = new RateLimiter(config().ingestRate, config().ingestBurst);

type Parsed = { events: unknown[]; rows?: number[] } | Response;

function parseJson(bytes: Uint8Array): Parsed {
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch (e) {
		return problem(400, `the body is not valid JSON: ${e instanceof Error ? e.message : 'unreadable'}`);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return problem(400, 'the body must be an object {"events": [ … ]}', { field: 'events' });
	const events = (body as { events?: unknown }).events;
	if (!Array.isArray(events))
		return problem(400, 'events must be an array of 1–1,000 events', { field: 'events' });
	if (events.length === 0) return problem(400, 'events must not be empty', { field: 'events' });
	if (events.length > MAX_EVENTS)
		return problem(413, `at most ${MAX_EVENTS} events per request; send ${events.length} in several`, {
			field: 'events'
		});
	return { events };
}

function parseCsvBody(bytes: Uint8Array): Parsed {
	const parsed = parseCsv(bytes);
	if (!parsed.ok)
		return problem(400, `CSV row ${parsed.row}, column ${parsed.column}: ${parsed.message}`, {
			row: parsed.row,
			column: parsed.column
		});
	if (!parsed.records.length)
		return problem(400, 'the CSV file has a header but no rows', { row: 2, column: 1 });
	if (parsed.records.length > MAX_CSV_ROWS) return problem(413, `at most ${MAX_CSV_ROWS} rows per file`);
	return { events: recordsToEvents(parsed.header, parsed.records), rows: parsed.records.map((r) => r.row) };
}

export const POST: RequestHandler = async ({ request, locals }) => {
	const denied = requireKey(locals);
	if (denied) return denied;
	const refusal = whyRefuseIngest();
	if (refusal) return problem(503, refusal.message, {}, { 'Retry-After': String(refusal.retryAfter) });
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
		if (e instanceof TooLarge) return problem(413, `the body is larger than ${csv ? '20 MB' : '256 KB'}`);
		throw e;
	}
	const parsed = csv ? parseCsvBody(bytes) : parseJson(bytes);
	if (parsed instanceof Response) return parsed;

	let result: IngestResult;
	try {
		result = await inLine(() => ingest(getStore().db, key, parsed.events, { rows: parsed.rows }));
	} catch (e) {
		if (e instanceof ScopeError) return problem(403, e.message, { field: 'site' });
		if (e instanceof LineRefused) return problem(503, e.message, {}, { 'Retry-After': String(e.retryAfter) });
		if (isUnavailable(e))
			return problem(
				503,
				'the database is unavailable; retry shortly with the same event ids (any already stored come back as duplicates)',
				{},
				{ 'Retry-After': '5' }
			);
		throw e;
	}
	const { published: _published, ...outcome } = result;
	// a CSV response lists the rows that were not accepted; a JSON one lists every event
	const body = csv
		? { ...outcome, results: outcome.results.filter((r) => r.status !== 'accepted') }
		: outcome;
	return json(body, { status: result.rejected ? 422 : 200 });
};
