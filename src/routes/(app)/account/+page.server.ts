import { fail, redirect } from '@sveltejs/kit';
import { SESSION, clearCookie } from '$lib/server/auth/cookies';
import { auditEvent } from '$lib/server/auth/http';
import { beginAttempt, clearFailures } from '$lib/server/auth/throttle';
import { verifyPassword } from '$lib/server/auth/password';
import { ROLE_NAMES } from '$lib/server/auth/policy';
import { setPassword } from '$lib/server/auth/users';
import { closeSocketsOf } from '$lib/server/live';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const session = locals.session!;
	const names = await getStore()
		.db.selectFrom('organisation')
		.select(['code', 'name'])
		.where('code', 'in', session.user.grants.map((g) => g.org).concat(''))
		.execute();
	return {
		username: session.user.username,
		grants: session.user.grants.map((g) => ({
			role: ROLE_NAMES[g.role],
			org: names.find((n) => n.code === g.org)?.name ?? g.org
		})),
		expiresAt: session.expiresAt.toISOString()
	};
};

export const actions: Actions = {
	password: async (event) => {
		const session = event.locals.session!;
		const form = await event.request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('password') ?? '');
		const db = getStore().db;
		const ip = event.getClientAddress();
		const refused = (outcome: 'denied' | 'failed', detail: string) =>
			auditEvent(event, { action: 'change own password', target: session.user.username, outcome, detail });
		// the same throttle as signing in: a session left open must not become a way to guess the password
		if (await beginAttempt(db, session.user.username, ip)) {
			await refused('denied', 'throttled');
			return fail(429, { message: 'Too many wrong passwords. Wait 15 minutes and try again.' });
		}
		const row = await db
			.selectFrom('app_user')
			.select('password_hash')
			.where('id', '=', session.user.id)
			.executeTakeFirstOrThrow();
		if (!(await verifyPassword(row.password_hash, current))) {
			await refused('failed', 'current password wrong');
			return fail(400, { message: 'Your current password is not right' });
		}
		await clearFailures(db, session.user.username, ip);
		if (next !== String(form.get('confirm') ?? ''))
			return fail(400, { message: 'The new password and its confirmation differ' });
		const problem = await setPassword(db, session.user.id, next, session.user.username);
		if (problem) return fail(400, { message: problem });
		await auditEvent(event, { action: 'change own password', target: session.user.username });
		closeSocketsOf('user', session.user.id);
		clearCookie(event.cookies, event.url, SESSION);
		redirect(303, '/login?reason=signed-out');
	}
};
