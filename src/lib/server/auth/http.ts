// Small pieces the sign-in and admin routes share: the facts of a request an attempt or an audit row records, and
// where to go after signing in (only ever a path on this site).
import { fail, type RequestEvent } from '@sveltejs/kit';
import { getStore } from '../runtime.ts';
import { auditBy, type Outcome } from './audit.ts';
import { scopeOf } from './scope.ts';
import type { Attempt } from './signIn.ts';

export function attemptOf(event: RequestEvent): Attempt {
	return {
		ip: event.getClientAddress(),
		requestId: event.locals.requestId,
		previous: event.locals.session?.id ?? event.locals.pendingSession?.id ?? null
	};
}

const HERE = 'http://flowdeck.invalid';

/**
 * A path on this site to go to after signing in, or `/`. Read the way a browser reads it (which drops tabs and
 * newlines and treats `\\` as `/`, so `/\t/evil.example` would leave the site) and kept only if it stays here.
 */
export function safeNext(value: string | null | undefined): string {
	const control = [...(value ?? '')].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
	if (!value?.startsWith('/') || control || value.includes('\\')) return '/';
	try {
		const url = new URL(value, HERE);
		return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : '/';
	} catch {
		return '/';
	}
}

/** Records something the principal behind a request did (or was refused), with where from. */
export function auditEvent(
	event: RequestEvent,
	entry: {
		action: string;
		target?: string | null;
		org?: string | null;
		detail?: string | null;
		outcome?: Outcome;
	}
) {
	return auditBy(getStore().db, event.locals.principal, {
		...entry,
		outcome: entry.outcome ?? 'succeeded',
		ip: event.getClientAddress(),
		request_id: event.locals.requestId
	});
}

/** The organisations the signed-in administrator administers (see scope.ts). */
export const adminScope = (event: RequestEvent) =>
	scopeOf(getStore().db, event.locals.principal, ['administrator']);

/** Refuses an administrative change outside the administrator's organisations, and audits the refusal. */
export async function outsideScope(event: RequestEvent, action: string, target: string, org: string | null) {
	await auditEvent(event, {
		action,
		target,
		org,
		outcome: 'denied',
		detail: 'outside the administrator’s organisations'
	});
	return fail(403, { message: `${target} is outside the organisations you administer` });
}
