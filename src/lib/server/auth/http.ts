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

export function safeNext(value: string | null | undefined): string {
	return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
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
