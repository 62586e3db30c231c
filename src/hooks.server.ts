import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env } from '$env/dynamic/private';
import { randomUUID } from 'node:crypto';
import { verifyKey } from '$lib/server/ingest/keys';
import { attachLive } from '$lib/server/live';
import { getStore, startRuntime, stopRuntime } from '$lib/server/runtime';

export const init: ServerInit = async () => {
	await startRuntime({
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir: env.FLOWDECK_DATA_DIR || 'data/pglite',
		demoKey: env.FLOWDECK_DEMO_KEY || undefined
	});
	// adapter-node announces shutdown this way; PGlite must close to flush its files
	process.once('sveltekit:shutdown', () => void stopRuntime());
	// scripts/serve.js attaches the live module to its HTTP server through this handle (see LIVE_HANDLE there)
	(globalThis as Record<symbol, unknown>)[Symbol.for('flowdeck.attachLive')] = attachLive;
};

/** Every request gets an id that its log lines and any error page carry. */
const requestId: Handle = ({ event, resolve }) => {
	event.locals.requestId = randomUUID();
	return resolve(event);
};

/** A source key in `Authorization: Bearer` identifies a calling system on the API. */
const sourceKey: Handle = async ({ event, resolve }) => {
	const header = event.request.headers.get('authorization');
	event.locals.sourceKey = null;
	event.locals.bearerPresented = false;
	if (header?.startsWith('Bearer ') && event.url.pathname.startsWith('/api/')) {
		event.locals.bearerPresented = true;
		event.locals.sourceKey = await verifyKey(getStore().db, header.slice(7).trim());
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handle = sequence(requestId, sourceKey, securityHeaders);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
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
