import { fail, redirect } from '@sveltejs/kit';
import { SESSION, setCookie } from '$lib/server/auth/cookies';
import { attemptOf, safeNext } from '$lib/server/auth/http';
import { signInWithPassword } from '$lib/server/auth/signIn';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

const LOCAL = ['localhost', '127.0.0.1', '[::1]'];

export const load: PageServerLoad = async ({ url, locals }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.principal.kind === 'user') redirect(303, next);
	return {
		next,
		reason: url.searchParams.get('reason'),
		// browsers keep no Secure cookie from plain HTTP, so signing in cannot work there except on this machine
		insecure: url.protocol === 'http:' && !LOCAL.includes(url.hostname)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '');
		const password = String(form.get('password') ?? '');
		const next = safeNext(String(form.get('next') ?? ''));
		if (!username.trim() || !password)
			return fail(400, { username, message: 'Enter your username and password' });
		const result = await signInWithPassword(getStore().db, username, password, attemptOf(event));
		if (!result.ok) {
			if (result.throttled) event.setHeaders({ 'retry-after': String(result.throttled) });
			return fail(result.throttled ? 429 : 400, { username, message: result.message });
		}
		setCookie(event.cookies, event.url, SESSION, result.token);
		const step = result.next === 'enrol' ? '/login/enrol' : '/login/second-factor';
		redirect(303, `${step}?next=${encodeURIComponent(next)}`);
	}
};
