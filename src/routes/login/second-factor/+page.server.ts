import { fail, redirect } from '@sveltejs/kit';
import { SESSION, setCookie } from '$lib/server/auth/cookies';
import { attemptOf, safeNext } from '$lib/server/auth/http';
import { signInWithSecondFactor } from '$lib/server/auth/signIn';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.pendingSession?.stage !== 'second_factor') redirect(303, '/login');
	return { next: safeNext(url.searchParams.get('next')), name: locals.pendingSession.user.displayName };
};

export const actions: Actions = {
	default: async (event) => {
		const session = event.locals.pendingSession;
		if (session?.stage !== 'second_factor') redirect(303, '/login');
		const form = await event.request.formData();
		const code = String(form.get('code') ?? '');
		if (!code.trim()) return fail(400, { message: 'Enter the 6-digit code from your authenticator app' });
		const result = await signInWithSecondFactor(getStore().db, session, code, attemptOf(event));
		if (!result.ok) {
			if (result.throttled) event.setHeaders({ 'retry-after': String(result.throttled) });
			return fail(result.throttled ? 429 : 400, { message: result.message });
		}
		setCookie(event.cookies, event.url, SESSION, result.token);
		redirect(303, safeNext(String(form.get('next') ?? '')));
	}
};
