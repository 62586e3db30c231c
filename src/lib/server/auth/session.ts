// Sessions on Lucia's current model: a token `<id>.<secret>` in an HttpOnly cookie, only the secret's SHA-256 in
// the database, compared in constant time. A signed-in session ends after 30 minutes without a request or 12 hours
// after sign-in, whichever comes first; a half-finished sign-in (password given, second factor not yet) after 10
// minutes. Every stage of a sign-in gets a new session, so a planted cookie never becomes a signed-in one.
import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, SessionTable } from '../db/schema.ts';
import type { Grant } from './policy.ts';
import { matchesHash, newToken, parseToken } from './secrets.ts';

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
export const PARTIAL_MS = 10 * 60_000;
// a session's last-seen time is written at most this often, so most requests read without writing
const TOUCH_MS = 60_000;

export type Stage = SessionTable['stage'];

export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	grants: Grant[];
}

export interface ValidSession {
	id: string;
	stage: Stage;
	createdAt: Date;
	expiresAt: Date;
	user: SessionUser;
}

export async function createSession(
	db: Kysely<Database>,
	userId: number,
	stage: Stage,
	now = new Date()
): Promise<string> {
	const { id, token, secretHash } = newToken();
	await db
		.insertInto('session')
		.values({ id, secret_hash: secretHash, user_id: userId, stage, created_at: now, last_seen_at: now })
		.execute();
	return token;
}

function expiry(stage: Stage, created: Date, lastSeen: Date): Date {
	if (stage !== 'full') return new Date(created.getTime() + PARTIAL_MS);
	return new Date(Math.min(lastSeen.getTime() + IDLE_MS, created.getTime() + ABSOLUTE_MS));
}

export async function validateSession(
	db: Kysely<Database>,
	token: string | undefined,
	now = new Date()
): Promise<ValidSession | null> {
	const parsed = parseToken(token);
	if (!parsed) return null;
	const row = await db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select((eb) => [
			'session.id',
			'session.secret_hash',
			'session.stage',
			'session.created_at',
			'session.last_seen_at',
			'app_user.id as user_id',
			'app_user.username',
			'app_user.display_name',
			jsonArrayFrom(
				eb
					.selectFrom('user_role')
					.select(['user_role.role', 'user_role.org'])
					.whereRef('user_role.user_id', '=', 'app_user.id')
			).as('grants')
		])
		.where('session.id', '=', parsed.id)
		.where('app_user.disabled_at', 'is', null)
		.executeTakeFirst();
	if (!row || !matchesHash(row.secret_hash, parsed.secret)) return null;
	const expiresAt = expiry(row.stage, row.created_at, row.last_seen_at);
	if (expiresAt <= now) {
		await invalidateSession(db, row.id);
		return null;
	}
	let sliding = expiresAt;
	if (row.stage === 'full' && now.getTime() - row.last_seen_at.getTime() >= TOUCH_MS) {
		await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.id).execute();
		sliding = expiry(row.stage, row.created_at, now);
	}
	return {
		id: row.id,
		stage: row.stage,
		createdAt: row.created_at,
		expiresAt: sliding,
		user: {
			id: row.user_id,
			username: row.username,
			displayName: row.display_name,
			grants: row.grants as Grant[]
		}
	};
}

/** Which of these sessions are still valid, signed in and unexpired (sockets outlive the request that opened them). */
export async function liveSessions(
	db: Kysely<Database>,
	ids: string[],
	now = new Date()
): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const rows = await db
		.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.select(['session.id', 'session.stage', 'session.created_at', 'session.last_seen_at'])
		.where('session.id', 'in', ids)
		.where('app_user.disabled_at', 'is', null)
		.execute();
	return new Set(
		rows
			.filter((r) => r.stage === 'full' && expiry(r.stage, r.created_at, r.last_seen_at) > now)
			.map((r) => r.id)
	);
}

export async function invalidateSession(db: Kysely<Database>, id: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function invalidateUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
	await db.deleteFrom('session').where('user_id', '=', userId).execute();
}
