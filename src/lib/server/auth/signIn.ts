// The steps of signing in: password (throttled), then the second factor (a TOTP code or a recovery code), or, for a
// user without one yet, enrolment. Each step that succeeds replaces the session with a new one.
import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { audit } from './audit.ts';
import { verifyDecoy, verifyPassword } from './password.ts';
import { createSession, invalidateSession, type ValidSession } from './session.ts';
import { sha256 } from './secrets.ts';
import { beginAttempt, clearFailures } from './throttle.ts';
import { matchTotp, newTotpKey } from './totp.ts';

export interface Attempt {
	ip: string;
	requestId: string;
	/** the session the browser already holds, if any; it is ended whatever happens */
	previous: string | null;
}

export type PasswordResult =
	| { ok: true; token: string; next: 'second_factor' | 'enrol' }
	| { ok: false; throttled?: number; message: string };

const GENERIC = 'The username or password is not right';

export async function signInWithPassword(
	db: Kysely<Database>,
	usernameInput: string,
	password: string,
	attempt: Attempt
): Promise<PasswordResult> {
	const username = usernameInput.trim().toLowerCase().slice(0, 64);
	if (attempt.previous) await invalidateSession(db, attempt.previous);
	const log = (outcome: 'succeeded' | 'failed' | 'denied', detail: string) =>
		audit(db, {
			actor: username || '(blank)',
			role: null,
			org: null,
			action: 'sign-in',
			target: null,
			outcome,
			detail,
			ip: attempt.ip,
			request_id: attempt.requestId
		});
	// counted as a failure from here until it succeeds: concurrent wrong passwords cannot outrun the count
	const wait = await beginAttempt(db, username, attempt.ip);
	if (wait) {
		await log('denied', 'throttled: too many failures from this address');
		return {
			ok: false,
			throttled: wait,
			message: `Too many attempts. Try again in ${Math.ceil(wait / 60)} min.`
		};
	}
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'password_hash', 'totp_key', 'disabled_at'])
		.where('username', '=', username)
		.executeTakeFirst();
	const valid =
		user && !user.disabled_at
			? await verifyPassword(user.password_hash, password)
			: await verifyDecoy(password);
	if (!user || !valid) {
		await log('failed', user?.disabled_at ? 'account disabled' : 'wrong username or password');
		return { ok: false, message: GENERIC };
	}
	await clearFailures(db, username, attempt.ip);
	const next = user.totp_key ? 'second_factor' : 'enrol';
	await log(
		'succeeded',
		`password accepted; ${next === 'enrol' ? 'enrolling a second factor' : 'second factor next'}`
	);
	return { ok: true, next, token: await createSession(db, user.id, next) };
}

const failSecondFactor = async (
	db: Kysely<Database>,
	session: ValidSession,
	attempt: Attempt,
	why: string
) => {
	await audit(db, {
		actor: session.user.username,
		role: null,
		org: null,
		action: 'sign-in',
		target: null,
		outcome: 'failed',
		detail: why,
		ip: attempt.ip,
		request_id: attempt.requestId
	});
};

async function completeSignIn(db: Kysely<Database>, session: ValidSession, attempt: Attempt, how: string) {
	await invalidateSession(db, session.id);
	await clearFailures(db, session.user.username, attempt.ip);
	await audit(db, {
		actor: session.user.username,
		role: [...new Set(session.user.grants.map((g) => g.role))].join(',') || null,
		org: null,
		action: 'sign-in',
		target: null,
		outcome: 'succeeded',
		detail: how,
		ip: attempt.ip,
		request_id: attempt.requestId
	});
	return createSession(db, session.user.id, 'full');
}

export async function signInWithSecondFactor(
	db: Kysely<Database>,
	session: ValidSession,
	code: string,
	attempt: Attempt
): Promise<{ ok: true; token: string } | { ok: false; throttled?: number; message: string }> {
	const wait = await beginAttempt(db, session.user.username, attempt.ip);
	if (wait)
		return {
			ok: false,
			throttled: wait,
			message: 'Too many attempts. Wait a few minutes and sign in again.'
		};
	const user = await db
		.selectFrom('app_user')
		.select(['totp_key', 'totp_last_step'])
		.where('id', '=', session.user.id)
		.executeTakeFirstOrThrow();
	const cleaned = code.trim().toLowerCase();
	if (/^\d{6}$/.test(cleaned.replace(/\s/g, ''))) {
		const step = user.totp_key ? matchTotp(user.totp_key, cleaned, Number(user.totp_last_step)) : null;
		// the conditional update makes the code single-use even when two requests race with it
		const used =
			step !== null &&
			Number(
				(
					await db
						.updateTable('app_user')
						.set({ totp_last_step: step })
						.where('id', '=', session.user.id)
						.where(sql<boolean>`totp_last_step < ${step}`)
						.executeTakeFirst()
				).numUpdatedRows
			) === 1;
		if (!used) {
			await failSecondFactor(db, session, attempt, 'wrong or already used authenticator code');
			return {
				ok: false,
				message: 'That code is not right, or has been used already. Wait for the next one.'
			};
		}
		return { ok: true, token: await completeSignIn(db, session, attempt, 'authenticator code') };
	}
	const recovery = await db
		.updateTable('recovery_code')
		.set({ used_at: new Date() })
		.where('user_id', '=', session.user.id)
		.where('code_hash', '=', sha256(cleaned.replace(/[\s-]/g, '')))
		.where('used_at', 'is', null)
		.executeTakeFirst();
	if (Number(recovery.numUpdatedRows) !== 1) {
		await failSecondFactor(db, session, attempt, 'wrong or already used recovery code');
		return { ok: false, message: 'That code is not right, or has been used already.' };
	}
	return { ok: true, token: await completeSignIn(db, session, attempt, 'recovery code') };
}

/** The key the user is enrolling, kept on their half-finished session until they prove their app has it. */
export async function pendingTotpKey(db: Kysely<Database>, session: ValidSession): Promise<string> {
	const row = await db
		.selectFrom('session')
		.select('totp_pending')
		.where('id', '=', session.id)
		.executeTakeFirstOrThrow();
	if (row.totp_pending) return row.totp_pending;
	const key = newTotpKey();
	await db.updateTable('session').set({ totp_pending: key }).where('id', '=', session.id).execute();
	return key;
}

const newRecoveryCode = () => encodeBase32LowerCaseNoPadding(randomBytes(15)).match(/.{4}/g)!.join('-');

export async function enrolSecondFactor(
	db: Kysely<Database>,
	session: ValidSession,
	code: string,
	attempt: Attempt
): Promise<{ ok: true; token: string; recoveryCodes: string[] } | { ok: false; message: string }> {
	const wait = await beginAttempt(db, session.user.username, attempt.ip);
	if (wait) return { ok: false, message: 'Too many attempts. Wait a few minutes and sign in again.' };
	const key = await pendingTotpKey(db, session);
	const step = matchTotp(key, code, 0);
	if (step === null) {
		await failSecondFactor(db, session, attempt, 'enrolment code did not match');
		return {
			ok: false,
			message: 'That code does not match. Check the app shows FlowDeck and try the next code.'
		};
	}
	const recoveryCodes = Array.from({ length: 10 }, newRecoveryCode);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('app_user')
			.set({ totp_key: key, totp_last_step: step })
			.where('id', '=', session.user.id)
			.execute();
		await trx.deleteFrom('recovery_code').where('user_id', '=', session.user.id).execute();
		await trx
			.insertInto('recovery_code')
			.values(
				recoveryCodes.map((c) => ({ user_id: session.user.id, code_hash: sha256(c.replace(/-/g, '')) }))
			)
			.execute();
	});
	const token = await completeSignIn(db, session, attempt, 'enrolled an authenticator');
	return { ok: true, token, recoveryCodes };
}
