// Demo users for `npm start` and the end-to-end tests: one per role, sharing one password and one authenticator key
// so a visitor can try each role. Every start gives them a new password; demo data only.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import type { Grant } from './policy.ts';
import { newTotpKey } from './totp.ts';
import { createUser } from './users.ts';

export const DEMO_USERS: { username: string; displayName: string; grants: Grant[]; about: string }[] = [
	{
		username: 'demo.admin',
		displayName: 'Alex Admin',
		grants: [
			{ role: 'administrator', org: 'kent-medway' },
			{ role: 'administrator', org: 'llr' }
		],
		about: 'administrator for both systems: users, keys, devices, limits, audit'
	},
	{
		username: 'demo.exec',
		displayName: 'Erin Executive',
		grants: [
			{ role: 'executive', org: 'kent-medway' },
			{ role: 'executive', org: 'llr' }
		],
		about: 'executive: every figure in both systems'
	},
	{
		username: 'demo.flow',
		displayName: 'Femi Flow',
		grants: [
			{ role: 'flow_manager', org: 'medway-maritime' },
			{ role: 'viewer', org: 'kent-medway' }
		],
		about: 'flow manager at Medway Maritime (patient lists there), viewer across Kent and Medway'
	},
	{
		username: 'demo.lead',
		displayName: 'Lee Lead',
		grants: [
			{ role: 'scheme_lead', org: 'medway-maritime' },
			{ role: 'viewer', org: 'kent-medway' }
		],
		about: "scheme lead for Medway Maritime's schemes, viewer across Kent and Medway"
	},
	{
		username: 'demo.viewer',
		displayName: 'Vic Viewer',
		grants: [{ role: 'viewer', org: 'kent-medway' }],
		about: 'viewer: Kent and Medway figures, no patient lists'
	}
];

/** Creates the demo users, or gives the existing ones the new password; returns what to print. */
export async function ensureDemoUsers(
	db: Kysely<Database>,
	password = `demo-${randomBytes(9).toString('base64url')}`,
	totpKey = newTotpKey()
): Promise<{ password: string; totpKey: string }> {
	const existing = await db
		.selectFrom('app_user')
		.select(['username', 'totp_key'])
		.where('demo', '=', true)
		.execute();
	// keep the key a visitor may already have in their authenticator app
	const key = existing.find((u) => u.totp_key)?.totp_key ?? totpKey;
	const hash = await hashPassword(password);
	for (const user of DEMO_USERS) {
		if (existing.some((u) => u.username === user.username)) {
			await db
				.updateTable('app_user')
				.set({ password_hash: hash, totp_key: key, disabled_at: null })
				.where('username', '=', user.username)
				.execute();
			continue;
		}
		const created = await createUser(db, { ...user, password, totpKey: key, demo: true });
		if ('problems' in created)
			throw new Error(`demo user ${user.username}: ${JSON.stringify(created.problems)}`);
	}
	return { password, totpKey: key };
}
