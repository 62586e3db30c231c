import { error, json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { DEVICE, SESSION, clearCookie, isSecure, readCookie } from '$lib/server/auth/cookies';
import { validateDevice } from '$lib/server/auth/devices';
import { orgCovers, orgExists } from '$lib/server/auth/orgTree';
import { may } from '$lib/server/auth/policy';
import { auditEvent } from '$lib/server/auth/http';
import { auditBy } from '$lib/server/auth/audit';
import { ROUTE_RULES } from '$lib/server/auth/routes';
import { validateSession } from '$lib/server/auth/session';
import { isUnavailable } from '$lib/server/db/unavailable';
import { BASE_HEADERS } from '$lib/server/http/headers';
import { bodyLimit, KB, overlongField } from '$lib/server/http/limits';
import { deniedPage, unavailablePage } from '$lib/server/http/plainPage';
import { verifyKey } from '$lib/server/ingest/keys';
import { attachLive } from '$lib/server/live';
import { drain, getStore, startRuntime, stopRuntime } from '$lib/server/runtime';

export const init: ServerInit = async () => {
	await startRuntime();
	// adapter-node announces shutdown this way; PGlite must close to flush its files
	process.once('sveltekit:shutdown', () => void stopRuntime());
	// scripts/serve.js attaches the live module to its HTTP server, drains ingests on SIGTERM and puts the base
	// headers on what the app never sees (static files, answers thrown by a hook) through this handle
	(globalThis as Record<symbol, unknown>)[Symbol.for('flowdeck.server')] = {
		attachLive,
		drain,
		baseHeaders: BASE_HEADERS
	};
};

const RETRY_AFTER = 5;

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const BODY_TYPES = [
	'application/json',
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/csv'
];

/** Every request gets an id that its log lines and any error page carry. */
const requestId: Handle = ({ event, resolve }) => {
	event.locals.requestId = randomUUID();
	return resolve(event);
};

/**
 * SvelteKit refuses cross-site form posts itself; this refuses every other cross-site write that carries the
 * browser's cookies (JSON included), and bodies of a type no endpoint takes. Machine calls with a Bearer key and no
 * cookie are not browsers and are exempt.
 */
const crossSiteWrites: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	if (SAFE_METHODS.includes(request.method)) return resolve(event);
	const machine = request.headers.has('authorization') && !request.headers.has('cookie');
	if (machine) return resolve(event);
	const origin = request.headers.get('origin');
	const site = request.headers.get('sec-fetch-site');
	if ((origin && origin !== url.origin) || (site && site !== 'same-origin' && site !== 'none'))
		return json({ error: { status: 403, message: 'cross-site requests are refused' } }, { status: 403 });
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (request.body && !BODY_TYPES.includes(type))
		return json(
			{ error: { status: 415, message: `a body of type ${type || '(none)'} is not accepted here` } },
			{ status: 415 }
		);
	return resolve(event);
};

/**
 * Every route but the ingest API takes a small body, checked before it is read, and every form field a bounded length
 * (http/limits.ts); the ingest API reads its body against its own limits.
 */
const requestLimits: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	if (SAFE_METHODS.includes(request.method) || !request.body) return resolve(event);
	const limit = bodyLimit(url.pathname);
	if (limit === null) return resolve(event);
	const declared = request.headers.get('content-length');
	if (declared === null) error(411, 'Send the length of the body (Content-Length)');
	if (Number(declared) > limit) {
		// read what was sent (adapter-node stops at BODY_SIZE_LIMIT) so the sender hears the 413, not a reset
		await request.body.pipeTo(new WritableStream()).catch(() => {});
		error(413, `The form is larger than ${limit / KB} KB`);
	}
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
		const form = await request
			.clone()
			.formData()
			.catch(() => null);
		const problem = form && overlongField(form);
		if (problem) error(413, `Too long: ${problem}`);
	}
	return resolve(event);
};

/**
 * While the database is away every answer that needs it is a clear, retryable 503: JSON with Retry-After for the API,
 * a page that tries again by itself for people. Known outages are answered at once; a request that meets one midway
 * (an error from a hook, or a page or endpoint that failed, which handleError marks) is answered the same way.
 */
const storeAvailable: Handle = async ({ event, resolve }) => {
	const unavailable = () => {
		const headers = { 'Retry-After': String(RETRY_AFTER), 'Cache-Control': 'no-store' };
		// a client-side navigation shows this as its error page (App.Error's shape)
		if (event.isDataRequest)
			return json(
				{
					message: 'FlowDeck cannot reach its data store just now; try again shortly',
					requestId: event.locals.requestId
				},
				{ status: 503, headers }
			);
		if (!event.url.pathname.startsWith('/api/')) return unavailablePage(event.locals.requestId, RETRY_AFTER);
		const message =
			event.url.pathname === '/api/v1/events'
				? 'the database is unavailable; retry shortly with the same event ids (any already stored come back as duplicates)'
				: 'the database is unavailable; retry shortly';
		return json({ error: { status: 503, message } }, { status: 503, headers });
	};
	let store;
	try {
		store = getStore();
	} catch {
		return unavailable();
	}
	if (!store.health().up) return unavailable();
	// a request caught by an outage is answered as soon as the outage is known, not when its query gives up
	let stopWatching = () => {};
	const outage = new Promise<'outage'>((resolve) => {
		stopWatching = store.onHealth((health) => !health.up && resolve('outage'));
	});
	try {
		const response = await Promise.race([resolve(event), outage]);
		if (response === 'outage') return unavailable();
		return event.locals.storeFailed && response.status >= 500 ? unavailable() : response;
	} catch (e) {
		if (isUnavailable(e)) return unavailable();
		throw e;
	} finally {
		stopWatching();
	}
};

/** A source key in `Authorization: Bearer` identifies a calling system on the API. */
const sourceKey: Handle = async ({ event, resolve }) => {
	const header = event.request.headers.get('authorization');
	event.locals.sourceKey = null;
	event.locals.bearerPresented = false;
	if (header?.startsWith('Bearer ') && event.url.pathname.startsWith('/api/')) {
		event.locals.bearerPresented = true;
		const presented = header.slice(7).trim();
		event.locals.sourceKey = await verifyKey(getStore().db, presented);
		// a refused key is audited by its id part alone; the secret never reaches a log or the audit
		if (!event.locals.sourceKey)
			await auditBy(
				getStore().db,
				{ kind: 'anonymous' },
				{
					action: 'use-source-key',
					target: `key ${/^fdk_([a-z0-9]{12})_/.exec(presented)?.[1] ?? '(not a key)'}`,
					outcome: 'denied',
					detail: 'not valid or revoked',
					ip: event.getClientAddress(),
					request_id: event.locals.requestId
				}
			);
	}
	return resolve(event);
};

/** Who is asking: a signed-in user (session cookie), a paired wallboard (device cookie), or nobody. */
const principal: Handle = async ({ event, resolve }) => {
	const db = getStore().db;
	const get = (name: string) => event.cookies.get(name);
	event.locals.principal = { kind: 'anonymous' };
	event.locals.session = null;
	event.locals.pendingSession = null;
	const token = readCookie(get, SESSION, isSecure(event.url));
	if (token) {
		const session = await validateSession(db, token);
		if (!session) clearCookie(event.cookies, event.url, SESSION);
		else if (session.stage !== 'full') event.locals.pendingSession = session;
		else {
			event.locals.session = session;
			event.locals.principal = { kind: 'user', ...session.user };
		}
	}
	const deviceToken = readCookie(get, DEVICE, isSecure(event.url));
	if (deviceToken && event.locals.principal.kind === 'anonymous') {
		const device = await validateDevice(db, deviceToken);
		if (device) event.locals.principal = device;
		else clearCookie(event.cookies, event.url, DEVICE);
	}
	return resolve(event);
};

/** Every route answers to the route table and `may`; refusals are audited. */
const authorize: Handle = async ({ event, resolve }) => {
	const id = event.route.id;
	if (!id) return resolve(event); // no such route: SvelteKit answers 404
	const rule = ROUTE_RULES[id];
	const db = getStore().db;
	const need = rule ? await rule(event, db) : null;
	if (need?.to === 'public' || need?.to === 'source-key') return resolve(event);
	if (need?.to === 'api' && event.locals.bearerPresented) return resolve(event); // the endpoint checks the key
	const permission = need?.to === 'api' ? need.then : need;
	const who = event.locals.principal;
	const api = id.startsWith('/api/');
	if (permission && may(who, permission, await orgCovers(db))) return resolve(event);
	// a code that names no organisation is the page's to answer (404, with its message) for anyone signed in; never
	// a write, which would run with nothing checked
	if (
		who.kind !== 'anonymous' &&
		SAFE_METHODS.includes(event.request.method) &&
		permission &&
		'org' in permission &&
		permission.org &&
		!(await orgExists(db, permission.org))
	)
		return resolve(event);
	if (who.kind === 'anonymous') {
		if (api)
			return json(
				{ error: { status: 401, message: 'sign in, or send a source key as Authorization: Bearer <key>' } },
				{ status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }
			);
		if (!SAFE_METHODS.includes(event.request.method)) error(401, 'Sign in first');
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	// the row keeps what was asked: the query's organisation and form action are in the target
	const asked = event.url.searchParams.get('org');
	await auditEvent(event, {
		org: (permission && 'org' in permission ? permission.org : null) ?? asked?.slice(0, 64) ?? null,
		action: permission?.to ?? 'unlisted-route',
		target: `${event.request.method} ${event.url.pathname}${event.url.search}`.slice(0, 300),
		outcome: 'denied'
	});
	const message =
		who.kind === 'user' && !who.grants.length
			? 'Your account has no roles yet; ask an administrator to grant you one'
			: 'Your role does not include this';
	if (api) return json({ error: { status: 403, message } }, { status: 403 });
	if (event.isDataRequest) error(403, message);
	return deniedPage(message, event.locals.requestId);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	// pages keep SvelteKit's nonce-based policy (svelte.config.js); everything else may not run or embed anything
	for (const [name, value] of Object.entries(BASE_HEADERS)) if (!h.has(name)) h.set(name, value);
	if (event.locals.principal?.kind !== 'anonymous' || event.locals.pendingSession)
		h.set('Cache-Control', 'no-store');
	return response;
};

export const handle = sequence(
	requestId,
	securityHeaders,
	storeAvailable,
	crossSiteWrites,
	requestLimits,
	sourceKey,
	principal,
	authorize
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (isUnavailable(error)) event.locals.storeFailed = true;
	if (status >= 500) {
		const text = error instanceof Error ? error.message : String(error);
		console.error(
			`[flowdeck] ${event.locals.requestId} ${event.request.method} ${event.url.pathname}: ${text.replace(/[\r\n]+/g, ' ')}`
		);
	}
	return {
		message: status >= 500 ? 'Something went wrong on the server' : message,
		requestId: event.locals.requestId
	};
};
