// Sign-in throttling without lockout: ten failures for one account from one address within 15 minutes, and the
// next attempt from that address is refused until the oldest failure ages out. The same account from another
// address is not held back, and an address that fails across many accounts is held back on its own count.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export const WINDOW_MS = 15 * 60_000;
export const PER_ACCOUNT_AND_ADDRESS = 10;
export const PER_ADDRESS = 100;

/** Seconds until `username` may try again from `ip`; 0 when it may try now. */
export async function retryAfter(
	db: Kysely<Database>,
	username: string,
	ip: string,
	now = new Date()
): Promise<number> {
	const since = new Date(now.getTime() - WINDOW_MS);
	const row = await db
		.selectFrom('sign_in_failure')
		.select([
			sql<number>`count(*) FILTER (WHERE username = ${username})::int`.as('account'),
			sql<Date | null>`min(at) FILTER (WHERE username = ${username})`.as('accountOldest'),
			sql<number>`count(*)::int`.as('address'),
			sql<Date | null>`min(at)`.as('addressOldest')
		])
		.where('ip', '=', ip)
		.where('at', '>', since)
		.executeTakeFirstOrThrow();
	const wait = (oldest: Date | string | null) =>
		oldest ? Math.max(1, Math.ceil((new Date(oldest).getTime() + WINDOW_MS - now.getTime()) / 1000)) : 1;
	if (Number(row.account) >= PER_ACCOUNT_AND_ADDRESS) return wait(row.accountOldest);
	if (Number(row.address) >= PER_ADDRESS) return wait(row.addressOldest);
	return 0;
}

/**
 * Takes an attempt: counts the failures and, when the attempt may go ahead, records it as one, in a single step under
 * a lock on the address, so concurrent attempts cannot all read a count from before any of them was recorded. A
 * successful attempt clears it again (clearFailures). Returns the seconds to wait, or 0 when it may go ahead.
 */
export async function beginAttempt(db: Kysely<Database>, username: string, ip: string, now = new Date()) {
	return db.transaction().execute(async (trx) => {
		await sql`SELECT pg_advisory_xact_lock(hashtext(${`sign-in ${ip}`}))`.execute(trx);
		const wait = await retryAfter(trx, username, ip, now);
		if (!wait) await recordFailure(trx, username, ip, now);
		return wait;
	});
}

export async function recordFailure(db: Kysely<Database>, username: string, ip: string, now = new Date()) {
	await db.insertInto('sign_in_failure').values({ username, ip, at: now }).execute();
	// failures older than the window no longer count; clearing them here keeps the table small
	await db
		.deleteFrom('sign_in_failure')
		.where('at', '<', new Date(now.getTime() - WINDOW_MS))
		.execute();
}

export async function clearFailures(db: Kysely<Database>, username: string, ip: string) {
	await db.deleteFrom('sign_in_failure').where('username', '=', username).where('ip', '=', ip).execute();
}
