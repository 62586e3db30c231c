// Small pieces the sign-in and admin routes share: the facts of a request an attempt or an audit row records, and
// where to go after signing in (only ever a path on this site).
import type { RequestEvent } from '@sveltejs/kit';
import { getStore } from '../runtime.ts';
import { auditBy, type Outcome } from './audit.ts';
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
