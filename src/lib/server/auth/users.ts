// User accounts as administrators manage them: create, grant roles at organisations, disable, reset a second
// factor. Any change to what a user may do ends their sessions, so it takes effect at once.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { ROLES, type Grant, type Role } from './policy.ts';
import { invalidateUserSessions } from './session.ts';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export interface NewUser {
	username: string;
	displayName: string;
	password: string;
	grants: Grant[];
	demo?: boolean;
	/** a TOTP key already enrolled (demo and test users); others enrol at their first sign-in */
	totpKey?: string;
}

export type Problems = Record<string, string>;

async function grantProblems(db: Kysely<Database>, grants: Grant[]): Promise<string | null> {
	const bad = grants.find((g) => !ROLES.includes(g.role as Role));
	if (bad) return `${bad.role} is not a role; roles are ${ROLES.join(', ')}`;
	const orgs = [...new Set(grants.map((g) => g.org))];
	if (!orgs.length) return null;
	const known = await db.selectFrom('organisation').select('code').where('code', 'in', orgs).execute();
	const unknown = orgs.filter((o) => !known.some((k) => k.code === o));
	return unknown.length ? `No organisation has the code ${unknown.join(', ')}` : null;
}

export async function createUser(
	db: Kysely<Database>,
	user: NewUser
): Promise<{ id: number } | { problems: Problems }> {
	const problems: Problems = {};
	const username = user.username.trim().toLowerCase();
	if (!USERNAME.test(username))
		problems.username =
			'3–64 lower-case letters, digits, dot, dash or underscore, starting with a letter or digit';
	else if (await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst())
		problems.username = `There is already a user ${username}`;
	const displayName = user.displayName.trim();
	if (!displayName || displayName.length > 100) problems.displayName = 'Give a name of 1–100 characters';
	const weak = passwordProblem(user.password, username);
	if (weak) problems.password = weak;
	const grants = await grantProblems(db, user.grants);
	if (grants) problems.grants = grants;
	if (Object.keys(problems).length) return { problems };
	const row = await db
		.insertInto('app_user')
		.values({
			username,
			display_name: displayName,
			password_hash: await hashPassword(user.password),
			totp_key: user.totpKey ?? null,
			demo: user.demo ?? false
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (user.grants.length)
		await db
			.insertInto('user_role')
			.values(user.grants.map((g) => ({ user_id: row.id, role: g.role, org: g.org })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	return { id: row.id };
}

export async function setGrants(
	db: Kysely<Database>,
	userId: number,
	grants: Grant[]
): Promise<string | null> {
	const problem = await grantProblems(db, grants);
	if (problem) return problem;
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
		if (grants.length)
			await trx
				.insertInto('user_role')
				.values(grants.map((g) => ({ user_id: userId, role: g.role, org: g.org })))
				.onConflict((oc) => oc.doNothing())
				.execute();
	});
	await invalidateUserSessions(db, userId);
	return null;
}

export async function setDisabled(db: Kysely<Database>, userId: number, disabled: boolean) {
	await db
		.updateTable('app_user')
		.set({ disabled_at: disabled ? new Date() : null })
		.where('id', '=', userId)
		.execute();
	if (disabled) await invalidateUserSessions(db, userId);
}

/** The user enrols a new authenticator at their next sign-in (a lost phone). */
export async function resetSecondFactor(db: Kysely<Database>, userId: number) {
	await db
		.updateTable('app_user')
		.set({ totp_key: null, totp_last_step: 0 })
		.where('id', '=', userId)
		.execute();
	await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
	await invalidateUserSessions(db, userId);
}

export async function setPassword(db: Kysely<Database>, userId: number, password: string, username: string) {
	const problem = passwordProblem(password, username);
	if (problem) return problem;
	await db
		.updateTable('app_user')
		.set({ password_hash: await hashPassword(password) })
		.where('id', '=', userId)
		.execute();
	await invalidateUserSessions(db, userId);
	return null;
}

export async function listUsers(db: Kysely<Database>) {
	const [users, grants] = await Promise.all([
		db
			.selectFrom('app_user')
			.select(['id', 'username', 'display_name', 'email', 'disabled_at', 'totp_key', 'created_at'])
			.orderBy('username')
			.execute(),
		db.selectFrom('user_role').selectAll().orderBy('role').orderBy('org').execute()
	]);
	return users.map((u) => ({
		id: u.id,
		username: u.username,
		displayName: u.display_name,
		email: u.email,
		disabled: !!u.disabled_at,
		enrolled: !!u.totp_key,
		createdAt: u.created_at.toISOString(),
		grants: grants.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role as Role, org: g.org }))
	}));
}

/** A loose check: the address is for escalation mail, and a typo shows in the delivery log. */
const EMAIL = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]+\.[^\s@<>,;"]{2,}$/;

/** Sets (or, empty, clears) where a user's alarm escalations are mailed; a problem, or null. */
export async function setEmail(db: Kysely<Database>, userId: number, email: string): Promise<string | null> {
	const address = email.trim();
	if (address && (address.length > 254 || !EMAIL.test(address))) return 'That is not an email address';
	await db
		.updateTable('app_user')
		.set({ email: address || null })
		.where('id', '=', userId)
		.execute();
	return null;
}
