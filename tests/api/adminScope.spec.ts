// Issue 11, finding 2: an administrator administers only the organisations their grant covers. One granted at
// Rutland Memorial cannot grant themselves (or anyone) a role elsewhere, and sees and changes only Rutland's users,
// keys, screens, limits and audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import { backends } from '../stores.ts';
import { get, post } from './http.ts';
import { startServer, TEST_PASSWORD, TEST_TOTP_KEY, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

describe.runIf(hasPostgres)('an administrator scoped to one organisation', () => {
	let server: RunningServer;
	let store: Store;
	let admin: string;
	let adminId: number;
	const grantsOf = async (id: number) =>
		(await store.db.selectFrom('user_role').select(['role', 'org']).where('user_id', '=', id).execute()).map(
			(g) => `${g.role}@${g.org}`
		);
	const idOf = async (username: string) =>
		(
			await store.db
				.selectFrom('app_user')
				.select('id')
				.where('username', '=', username)
				.executeTakeFirstOrThrow()
		).id;

	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl!, poolSize: 2 });
		const made = await createUser(store.db, {
			username: 'test.rutland.admin',
			displayName: 'Rutland administrator',
			password: TEST_PASSWORD,
			grants: [{ role: 'administrator', org: 'rutland-memorial' }],
			totpKey: TEST_TOTP_KEY
		});
		if ('problems' in made) throw new Error(JSON.stringify(made.problems));
		adminId = made.id;
		admin = `flowdeck-session=${await createSession(store.db, made.id, 'full')}`;
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('cannot grant a role to themselves, nor anywhere outside Rutland', async () => {
		const self = await post(
			server,
			'/admin/users?/grant',
			{ user: String(adminId), role: 'flow_manager', org: 'rutland-memorial' },
			{ cookie: admin }
		);
		expect(self.status).toBe(403);
		const viewer = await idOf('test.viewer');
		const elsewhere = await post(
			server,
			'/admin/users?/grant',
			{ user: String(viewer), role: 'flow_manager', org: 'medway-maritime' },
			{ cookie: admin }
		);
		expect([403, 404]).toContain(elsewhere.status);
		const created = await post(
			server,
			'/admin/users?/create',
			{
				username: 'test.medway.new',
				displayName: 'New',
				password: 'a long enough password 7',
				role: 'viewer',
				org: 'medway-maritime'
			},
			{ cookie: admin }
		);
		expect(created.status).toBe(403);
		expect(await grantsOf(adminId)).toEqual(['administrator@rutland-memorial']);
		expect(await grantsOf(viewer)).toEqual(['viewer@kent-medway']);
		const denied = await store.db
			.selectFrom('access_audit')
			.select(['action', 'outcome'])
			.where('actor', '=', 'test.rutland.admin')
			.where('outcome', '=', 'denied')
			.execute();
		expect(denied.map((d) => d.action)).toEqual(expect.arrayContaining(['create user']));
		// within Rutland they administer as before
		const local = await post(
			server,
			'/admin/users?/create',
			{
				username: 'test.rutland.new',
				displayName: 'New',
				password: 'a long enough password 7',
				role: 'viewer',
				org: 'rutland-memorial'
			},
			{ cookie: admin }
		);
		expect(local.status).toBe(200);
		expect(await grantsOf(await idOf('test.rutland.new'))).toEqual(['viewer@rutland-memorial']);
	});

	it('sees only the users, keys and audit rows of Rutland', async () => {
		const users = await (await get(server, '/admin/users', { cookie: admin })).text();
		expect(users).toContain('test.rutland.new');
		expect(users).not.toContain('test.viewer');
		expect(users).not.toContain('test.flow');
		const keys = await (await get(server, '/admin/keys', { cookie: admin })).text();
		expect(keys).not.toContain('east-kent');
		const csv = await (await get(server, '/admin/audit.csv', { cookie: admin })).text();
		const orgs = new Set(
			csv
				.trim()
				.split('\n')
				.slice(1)
				.map((line) => line.split(',')[4])
		);
		expect([...orgs].every((o) => o === 'rutland-memorial')).toBe(true);
	});

	it('makes no key, screen or limit for another organisation, nor a key for all of them', async () => {
		const status = async (path: string, fields: Record<string, string>) =>
			(await post(server, path, fields, { cookie: admin })).status;
		expect({
			medwayKey: await status('/admin/keys?/create', { source: 'medway-pas', orgs: 'medway-maritime' }),
			keyForAll: await status('/admin/keys?/create', { source: 'everything' }),
			medwayScreen: await status('/admin/devices?/register', {
				name: 'Medway screen',
				board: 'org:medway-maritime'
			}),
			// refused by the action (403, audited); the page then has no Medway to show, so the answer is its 404
			medwayLimits: [403, 404].includes(await status('/admin/limits?org=medway-maritime', {})),
			rutlandKey: await status('/admin/keys?/create', { source: 'rutland-pas', orgs: 'rutland-memorial' })
		}).toEqual({ medwayKey: 403, keyForAll: 403, medwayScreen: 403, medwayLimits: true, rutlandKey: 200 });
		const refused = await store.db
			.selectFrom('access_audit')
			.select('action')
			.where('actor', '=', 'test.rutland.admin')
			.where('outcome', '=', 'denied')
			.execute();
		expect(refused.map((r) => r.action)).toEqual(
			expect.arrayContaining(['create source key', 'register device', 'set alarm limits'])
		);
		expect((await get(server, '/admin/limits?org=medway-maritime', { cookie: admin })).status).toBe(404);
	});
});
