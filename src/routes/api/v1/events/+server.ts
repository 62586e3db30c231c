// Ingest contract v1: POST a JSON batch or a CSV file of events.
import { json } from '@sveltejs/kit';
import { problem, RateLimiter, readBody, requireKey, TooLarge } from '$lib/server/api';
import { auditEvent } from '$lib/server/auth/http';
import { config } from '$lib/server/config';
import { isUnavailable } from '$lib/server/db/unavailable';
import { ingest, ScopeError, type IngestResult } from '$lib/server/ingest/ingest';
import type { SourceKey } from '$lib/server/ingest/keys';
import { LineRefused } from '$lib/server/ingest/line';
import { ingestCsv, UploadInterrupted } from '$lib/server/ingest/upload';
import { getStore, ingestLine, inLine, whyRefuseIngest } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const JSON_LIMIT = 256 * 1024;
const CSV_LIMIT = 25 * 1024 * 1024;
const MAX_EVENTS = 1000;

const limiter = new RateLimiter(config().ingestRate, config().ingestBurst);

type Parsed = { events: unknown[] } | Response;

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

export const POST: RequestHandler = async (event) => {
	const { request, locals } = event;
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
		if (e instanceof TooLarge) return problem(413, `the body is larger than ${csv ? '25 MB' : '256 KB'}`);
		throw e;
	}
	const answer = csv ? await uploadCsv(bytes, key) : await ingestJson(bytes, key);
	if (answer.status === 403)
		await auditEvent(event, {
			action: 'ingest',
			target: `key ${key.id} (source ${key.source})`,
			outcome: 'denied',
			detail: 'an event named a site outside the key'
		});
	return answer;
};

async function ingestJson(bytes: Uint8Array, key: SourceKey): Promise<Response> {
	const parsed = parseJson(bytes);
	if (parsed instanceof Response) return parsed;
	let result: IngestResult;
	try {
		result = await inLine(() => ingest(getStore().db, key, parsed.events));
	} catch (e) {
		return refusalOf(e, 'retry shortly with the same event ids (any already stored come back as duplicates)');
	}
	const { published: _published, touched: _touched, ...outcome } = result;
	return json(outcome, { status: result.rejected ? 422 : 200 });
}

/** A CSV answer counts every row and lists the first rows not accepted (ingest/upload.ts). */
async function uploadCsv(bytes: Uint8Array, key: SourceKey): Promise<Response> {
	let summary;
	try {
		summary = await ingestCsv(getStore().db, key, bytes, ingestLine());
	} catch (e) {
		if (!(e instanceof UploadInterrupted)) return refusalOf(e, '');
		return refusalOf(
			e.cause,
			`rows up to ${e.storedThrough} are stored; send the whole file again (they come back as duplicates)`
		);
	}
	if ('status' in summary) {
		const { status, message, ...at } = summary;
		return problem(status, message, status === 403 ? { field: 'site', ...at } : at);
	}
	return json(summary, { status: summary.rejected ? 422 : 200 });
}

function refusalOf(e: unknown, retry: string): Response {
	if (e instanceof ScopeError) return problem(403, e.message, { field: 'site' });
	if (e instanceof LineRefused)
		return problem(
			503,
			[e.message, retry].filter(Boolean).join('; '),
			{},
			{ 'Retry-After': String(e.retryAfter) }
		);
	if (isUnavailable(e))
		return problem(
			503,
			['the database is unavailable', retry].filter(Boolean).join('; '),
			{},
			{ 'Retry-After': '5' }
		);
	throw e;
}
