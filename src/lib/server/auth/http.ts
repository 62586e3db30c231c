// Small pieces the sign-in and admin routes share: the facts of a request an attempt or an audit row records, and
// where to go after signing in (only ever a path on this site).
import type { RequestEvent } from '@sveltejs/kit';
import { getStore } from '../runtime.ts';
import { audit, type Outcome } from './audit.ts';
import { actorLabel, roleLabel } from './policy.ts';
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

/** Records something the signed-in principal did (or was refused), with who and from where. */
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
	const who = event.locals.principal;
	return audit(getStore().db, {
		actor: actorLabel(who),
		role: roleLabel(who),
		org: entry.org ?? null,
		action: entry.action,
		target: entry.target ?? null,
		outcome: entry.outcome ?? 'succeeded',
		detail: entry.detail ?? null,
		ip: event.getClientAddress(),
		request_id: event.locals.requestId
	});
}
