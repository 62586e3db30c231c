import { fail } from '@sveltejs/kit';
import { auditEvent } from '$lib/server/auth/http';
import { ROLES, ROLE_NAMES, type Role } from '$lib/server/auth/policy';
import {
	createUser,
	listUsers,
	resetSecondFactor,
	setDisabled,
	setGrants,
	setPassword
} from '$lib/server/auth/users';
import { closeSocketsOf } from '$lib/server/live';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = getStore().db;
	const [users, orgs] = await Promise.all([listUsers(db), listOrgs(db)]);
	return {
		users,
		orgs: orgs.filter((o) => o.kind !== 'ward').map((o) => ({ code: o.code, name: o.name, kind: o.kind })),
		roles: ROLES.map((r) => ({ key: r, name: ROLE_NAMES[r] }))
	};
};

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

async function target(form: FormData) {
	const id = Number(form.get('user'));
	const user = Number.isInteger(id)
		? await getStore()
				.db.selectFrom('app_user')
				.select(['id', 'username'])
				.where('id', '=', id)
				.executeTakeFirst()
		: undefined;
	return user ?? null;
}

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const role = text(form, 'role') as Role;
		const org = text(form, 'org');
		const result = await createUser(getStore().db, {
			username: text(form, 'username'),
			displayName: text(form, 'displayName'),
			password: String(form.get('password') ?? ''),
			grants: role && org ? [{ role, org }] : []
		});
		if ('problems' in result)
			return fail(400, {
				create: {
					problems: result.problems,
					username: text(form, 'username'),
					displayName: text(form, 'displayName')
				}
			});
		await auditEvent(event, {
			action: 'create user',
			target: text(form, 'username').toLowerCase(),
			org: org || null,
			detail: role && org ? `granted ${role}@${org}` : 'no role'
		});
		return {
			done: `Created ${text(form, 'username').toLowerCase()}. They set up their authenticator at first sign-in.`
		};
	},
	grant: async (event) => {
		const form = await event.request.formData();
		const user = await target(form);
		if (!user) return fail(404, { message: 'There is no such user' });
		const current = (await listUsers(getStore().db)).find((u) => u.id === user.id)!.grants;
		const role = text(form, 'role') as Role;
		const org = text(form, 'org');
		const problem = await setGrants(getStore().db, user.id, [...current, { role, org }]);
		if (problem) return fail(400, { message: problem });
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'grant role', target: user.username, org, detail: role });
		return { done: `Granted ${ROLE_NAMES[role]} at ${org} to ${user.username}; their sessions were ended.` };
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const user = await target(form);
		if (!user) return fail(404, { message: 'There is no such user' });
		const [role, org] = text(form, 'grant').split('@');
		const current = (await listUsers(getStore().db)).find((u) => u.id === user.id)!.grants;
		await setGrants(
			getStore().db,
			user.id,
			current.filter((g) => !(g.role === role && g.org === org))
		);
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'remove role', target: user.username, org, detail: role });
		return { done: `Removed ${role}@${org} from ${user.username}; their sessions were ended.` };
	},
	disable: async (event) => {
		const form = await event.request.formData();
		const user = await target(form);
		if (!user) return fail(404, { message: 'There is no such user' });
		const disable = form.get('disable') === '1';
		if (disable && event.locals.principal.kind === 'user' && event.locals.principal.id === user.id)
			return fail(400, { message: 'You cannot disable your own account' });
		await setDisabled(getStore().db, user.id, disable);
		if (disable) closeSocketsOf('user', user.id);
		await auditEvent(event, { action: disable ? 'disable user' : 'enable user', target: user.username });
		return { done: `${disable ? 'Disabled' : 'Enabled'} ${user.username}.` };
	},
	resetFactor: async (event) => {
		const form = await event.request.formData();
		const user = await target(form);
		if (!user) return fail(404, { message: 'There is no such user' });
		await resetSecondFactor(getStore().db, user.id);
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'reset second factor', target: user.username });
		return { done: `${user.username} sets up a new authenticator at their next sign-in.` };
	},
	password: async (event) => {
		const form = await event.request.formData();
		const user = await target(form);
		if (!user) return fail(404, { message: 'There is no such user' });
		const problem = await setPassword(
			getStore().db,
			user.id,
			String(form.get('password') ?? ''),
			user.username
		);
		if (problem) return fail(400, { message: `${user.username}: ${problem}` });
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'set password', target: user.username });
		return { done: `Set a new password for ${user.username}; their sessions were ended.` };
	}
};
