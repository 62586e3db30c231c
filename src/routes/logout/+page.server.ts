import { redirect } from '@sveltejs/kit';
import { SESSION, clearCookie } from '$lib/server/auth/cookies';
import { auditEvent } from '$lib/server/auth/http';
import { invalidateSession } from '$lib/server/auth/session';
import { closeSocketsOf } from '$lib/server/live';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.principal.kind === 'user' });

export const actions: Actions = {
	default: async (event) => {
		const { locals, url } = event;
		const reason =
			url.searchParams.get('reason') === 'idle'
				? 'idle'
				: url.searchParams.get('reason') === 'expired'
					? 'expired'
					: 'signed-out';
		const session = locals.session ?? locals.pendingSession;
		if (session) {
			await invalidateSession(getStore().db, session.id);
			closeSocketsOf('user', session.user.id);
			await auditEvent(event, {
				action: 'sign-out',
				detail: reason === 'signed-out' ? null : `ended by the browser: ${reason}`
			});
		}
		clearCookie(event.cookies, url, SESSION);
		redirect(303, `/login?reason=${reason}`);
	}
};
