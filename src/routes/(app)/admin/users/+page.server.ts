import { fail } from '@sveltejs/kit';
import { adminScope, auditEvent, outsideScope } from '$lib/server/auth/http';
import { ROLES, ROLE_NAMES, type Role } from '$lib/server/auth/policy';
import {
	createUser,
	listUsers,
	resetSecondFactor,
	setDisabled,
	setGrants,
	setPassword,
	setEmail
} from '$lib/server/auth/users';
import { closeSocketsOf } from '$lib/server/live';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/**
 * An administrator sees the users with a role in their organisations, and only those roles (with a count of the
 * rest); a user with no role, or with roles elsewhere, is a global administrator's to change wholly.
 */
export const load: PageServerLoad = async (event) => {
	const db = getStore().db;
	const [users, orgs, scope] = await Promise.all([listUsers(db), listOrgs(db), adminScope(event)]);
	return {
		users: users
			.filter((u) => scope.global || u.grants.some((g) => scope.has(g.org)))
			.map((u) => ({
				...u,
				grants: u.grants.filter((g) => scope.has(g.org)),
				elsewhere: u.grants.filter((g) => !scope.has(g.org)).length
			})),
		orgs: orgs
			.filter((o) => o.kind !== 'ward' && scope.has(o.code))
			.map((o) => ({ code: o.code, name: o.name, kind: o.kind })),
		roles: ROLES.map((r) => ({ key: r, name: ROLE_NAMES[r] }))
	};
};

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

/** The user a form names, with their roles; `reachable`: has a role here; `whole`: every role is here. */
async function target(event: RequestEvent, form: FormData) {
	const id = Number(form.get('user'));
	const [users, scope] = await Promise.all([listUsers(getStore().db), adminScope(event)]);
	const user = Number.isInteger(id) ? users.find((u) => u.id === id) : undefined;
	if (!user) return null;
	return {
		...user,
		scope,
		reachable: scope.global || user.grants.some((g) => scope.has(g.org)),
		whole: scope.global || (user.grants.length > 0 && user.grants.every((g) => scope.has(g.org)))
	};
}

const self = (event: RequestEvent, id: number) =>
	event.locals.principal.kind === 'user' && event.locals.principal.id === id;

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const role = text(form, 'role') as Role;
		const org = text(form, 'org');
		const scope = await adminScope(event);
		// a user every administrator can see: with a role, and the role in the creator's organisations
		if (!scope.global && !(role && scope.has(org)))
			return outsideScope(
				event,
				'create user',
				text(form, 'username') || 'a user without a role',
				org || null
			);
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
					displayName: text(form, 'displayName'),
					// kept, so a page without JavaScript does not fall back to the first role and organisation
					role,
					org
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
		const role = text(form, 'role') as Role;
		const org = text(form, 'org');
		// where the role would be granted decides first: outside the administrator's organisations, whoever it is for
		if (!(await adminScope(event)).has(org))
			return outsideScope(event, 'grant role', `${role}@${org}`, org || null);
		const user = await target(event, form);
		if (!user?.reachable) return fail(404, { message: 'There is no such user' });
		if (self(event, user.id)) {
			await auditEvent(event, {
				action: 'grant role',
				target: user.username,
				org,
				outcome: 'denied',
				detail: `${role} to themselves`
			});
			return fail(403, { message: 'Nobody grants roles to themselves; ask another administrator' });
		}
		const problem = await setGrants(getStore().db, user.id, [...user.grants, { role, org }]);
		if (problem) return fail(400, { message: problem });
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'grant role', target: user.username, org, detail: role });
		return { done: `Granted ${ROLE_NAMES[role]} at ${org} to ${user.username}; their sessions were ended.` };
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const user = await target(event, form);
		if (!user?.reachable) return fail(404, { message: 'There is no such user' });
		const [role, org] = text(form, 'grant').split('@');
		if (!user.scope.has(org)) return outsideScope(event, 'remove role', `${role}@${org}`, org || null);
		await setGrants(
			getStore().db,
			user.id,
			user.grants.filter((g) => !(g.role === role && g.org === org))
		);
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'remove role', target: user.username, org, detail: role });
		return { done: `Removed ${role}@${org} from ${user.username}; their sessions were ended.` };
	},
	disable: async (event) => {
		const form = await event.request.formData();
		const user = await target(event, form);
		if (!user?.reachable) return fail(404, { message: 'There is no such user' });
		if (!user.whole) return outsideScope(event, 'disable user', user.username, null);
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
		const user = await target(event, form);
		if (!user?.reachable) return fail(404, { message: 'There is no such user' });
		if (!user.whole) return outsideScope(event, 'reset second factor', user.username, null);
		await resetSecondFactor(getStore().db, user.id);
		closeSocketsOf('user', user.id);
		await auditEvent(event, { action: 'reset second factor', target: user.username });
		return { done: `${user.username} sets up a new authenticator at their next sign-in.` };
	},
	email: async (event) => {
		const form = await event.request.formData();
		const user = await target(event, form);
		if (!user?.reachable) return fail(404, { message: 'There is no such user' });
		if (!user.whole) return outsideScope(event, 'set email', user.username, null);
		const problem = await setEmail(getStore().db, user.id, String(form.get('email') ?? ''));
		if (problem) return fail(400, { message: `${user.username}: ${problem}` });
		await auditEvent(event, { action: 'set email', target: user.username });
		return { done: `Saved where ${user.username}'s alarm escalations are mailed.` };
	},
	password: async (event) => {
		const form = await event.request.formData();
		const user = await target(event, form);
		if (!user?.reachable) return fail(404, { message: 'There is no such user' });
		if (!user.whole) return outsideScope(event, 'set password', user.username, null);
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
