import { fail, redirect } from '@sveltejs/kit';
import { SESSION, setCookie } from '$lib/server/auth/cookies';
import { attemptOf, safeNext } from '$lib/server/auth/http';
import { enrolSecondFactor, pendingTotpKey } from '$lib/server/auth/signIn';
import { enrolmentQr } from '$lib/server/auth/totp';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	const session = locals.pendingSession;
	if (session?.stage !== 'enrol') {
		if (locals.principal.kind === 'user') return { enrolled: true as const, next };
		redirect(303, '/login');
	}
	const key = await pendingTotpKey(getStore().db, session);
	const { svg } = enrolmentQr(key, session.user.username);
	return {
		enrolled: false as const,
		next,
		name: session.user.displayName,
		qr: svg,
		key: key.match(/.{1,4}/g)!.join(' ')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const session = event.locals.pendingSession;
		if (session?.stage !== 'enrol') redirect(303, '/login');
		const form = await event.request.formData();
		const result = await enrolSecondFactor(
			getStore().db,
			session,
			String(form.get('code') ?? ''),
			attemptOf(event)
		);
		if (!result.ok) return fail(400, { message: result.message });
		setCookie(event.cookies, event.url, SESSION, result.token);
		event.locals.pendingSession = null;
		event.locals.principal = { kind: 'user', ...session.user };
		return { recoveryCodes: result.recoveryCodes };
	}
};
