// The security checks S1–S23 of notes/reliability-security.md §4.4 that apply, over HTTP and socket.io against the
// production build on PostgreSQL (the specs age sessions in the database to stand in for a moved clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { io } from 'socket.io-client';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { backends } from '../stores.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { totpCode } from '../../src/lib/server/auth/totp.ts';
import { get, post, setCookie } from './http.ts';
import { TEST_PASSWORD, TEST_TOTP_KEY, startServer, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

describe.skipIf(!hasPostgres)('security checks against the production build', () => {
	let server: RunningServer;
	let store: Store;
	let db: Kysely<Database>;
	const userId = async (username: string) =>
		(await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow())
			.id;
	/** a fresh signed-in session for a test user, made as the server would */
	const mint = async (username: string) =>
		`flowdeck-session=${await createSession(db, await userId(username), 'full')}`;
	const socket = (cookie: string, extra: object = {}) =>
		io(`${server.url}/live`, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			extraHeaders: { cookie },
			...extra
		});
	const event = (s: ReturnType<typeof socket>, name: string, ms = 5_000) =>
		new Promise<unknown>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ${name} within ${ms} ms`)), ms);
			s.once(name, (v: unknown) => {
				clearTimeout(timer);
				resolve(v);
			});
		});

	beforeAll(async () => {
		server = await startServer('postgres', undefined, {
			FLOWDECK_TRUST_PROXY: '1',
			ADDRESS_HEADER: 'x-forwarded-for',
			FLOWDECK_SOCKET_RECHECK_MS: '1000'
		});
		store = await openStore({ databaseUrl: server.databaseUrl! });
		db = store.db;
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('S1: the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain over HTTPS', async () => {
		const https = server.url.replace('http:', 'https:');
		const r = await post(
			server,
			'/login',
			{ username: 'test.viewer', password: TEST_PASSWORD },
			{
				headers: { 'x-forwarded-proto': 'https', origin: https }
			}
		);
		expect(r.status).toBe(303);
		const line = r.headers.getSetCookie().find((c) => c.startsWith('__Host-flowdeck-session='))!;
		expect(line).toBeDefined();
		expect(line).toMatch(/; Path=\/(;|$)/);
		expect(line).toMatch(/; HttpOnly/);
		expect(line).toMatch(/; Secure/);
		expect(line).toMatch(/; SameSite=Lax/);
		expect(line).not.toMatch(/Domain=/i);
		// plain-HTTP localhost: the browser would drop a Secure cookie, so the plain name without Secure
		const local = await post(server, '/login', { username: 'test.viewer', password: TEST_PASSWORD });
		const plain = local.headers.getSetCookie().find((c) => c.startsWith('flowdeck-session='))!;
		expect(plain).toMatch(/HttpOnly/);
		expect(plain).not.toMatch(/Secure/);
	});

	it('issue 11: over HTTPS only the __Host- cookie signs in; the plain name could have been planted', async () => {
		const token = server.cookies.exec.split('=')[1];
		const https = { 'x-forwarded-proto': 'https' };
		const asked = (cookie: string) =>
			fetch(`${server.url}/org/medway-maritime`, { headers: { ...https, cookie }, redirect: 'manual' });
		expect((await asked(`__Host-flowdeck-session=${token}`)).status).toBe(200);
		const planted = await asked(`flowdeck-session=${token}`);
		expect(planted.status).toBe(303);
		expect(planted.headers.get('location')).toMatch(/^\/login/);
		// over plain-HTTP localhost the plain name is the only one a browser keeps
		expect((await asked('')).status).toBe(303);
		const local = await fetch(`${server.url}/org/medway-maritime`, {
			headers: { cookie: `flowdeck-session=${token}` },
			redirect: 'manual'
		});
		expect(local.status).toBe(200);
	});

	it('S2: signing in replaces whatever session the browser held, and the old token stops working', async () => {
		const planted = 'flowdeck-session=aaaaaaaaaaaaaaaa.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
		const first = await post(
			server,
			'/login',
			{ username: 'test.lead', password: TEST_PASSWORD },
			{ cookie: planted }
		);
		const partial = setCookie(first)!;
		expect(partial).not.toBe(planted);
		const before = await mint('test.lead');
		expect((await get(server, '/api/v1/orgs', { cookie: before })).status).toBe(200);
		// signing in again from a browser holding `before` ends it
		const again = await post(
			server,
			'/login',
			{ username: 'test.lead', password: TEST_PASSWORD },
			{ cookie: before }
		);
		expect(again.status).toBe(303);
		expect((await get(server, '/api/v1/orgs', { cookie: before })).status).toBe(401);
		const full = await post(
			server,
			'/login/second-factor',
			{ code: totpCode(TEST_TOTP_KEY) },
			{ cookie: setCookie(again)! }
		);
		expect(full.status).toBe(303);
		expect(setCookie(full)).not.toBe(setCookie(again));
		// the half-finished session is gone once the second factor is given
		expect(
			(await get(server, '/login/second-factor', { cookie: setCookie(again)! })).headers.get('location')
		).toBe('/login');
	});

	it('S3: signing out, disabling a user and changing roles end the session and close its sockets', async () => {
		const watch = async (cookie: string) => {
			const s = socket(cookie);
			await event(s, 'connect');
			expect(await s.emitWithAck('subscribe', { org: 'medway-maritime' })).toEqual({ ok: true });
			return s;
		};
		// sign out
		let cookie = await mint('test.viewer');
		let s = await watch(cookie);
		let closed = event(s, 'disconnect');
		expect((await post(server, '/logout', {}, { cookie })).headers.get('location')).toBe(
			'/login?reason=signed-out'
		);
		await expect(closed).resolves.toBe('io server disconnect');
		expect((await get(server, '/api/v1/orgs', { cookie })).status).toBe(401);

		// disabled by an administrator
		const admin = await mint('test.admin');
		cookie = await mint('test.viewer');
		s = await watch(cookie);
		closed = event(s, 'disconnect');
		const viewer = String(await userId('test.viewer'));
		expect(
			(await post(server, '/admin/users?/disable', { user: viewer, disable: '1' }, { cookie: admin })).status
		).toBe(200);
		await expect(closed).resolves.toBe('io server disconnect');
		expect((await get(server, '/api/v1/orgs', { cookie })).status).toBe(401);
		await post(server, '/admin/users?/disable', { user: viewer, disable: '0' }, { cookie: admin });

		// roles changed
		cookie = await mint('test.viewer');
		s = await watch(cookie);
		closed = event(s, 'disconnect');
		await post(
			server,
			'/admin/users?/grant',
			{ user: viewer, role: 'viewer', org: 'medway-maritime' },
			{ cookie: admin }
		);
		await expect(closed).resolves.toBe('io server disconnect');
		expect((await get(server, '/api/v1/orgs', { cookie })).status).toBe(401);

		// ended behind this node's back (another node, or expiry): the periodic re-check closes the socket
		cookie = await mint('test.viewer');
		s = await watch(cookie);
		closed = event(s, 'disconnect', 5_000);
		await db.deleteFrom('session').where('user_id', '=', Number(viewer)).execute();
		await expect(closed).resolves.toBe('io server disconnect');
	});

	it('S4: 30 minutes idle or 12 hours since sign-in send the browser back to sign in', async () => {
		const age = async (cookie: string, created: number, lastSeen: number) => {
			const id = cookie.split('=')[1].split('.')[0];
			await db
				.updateTable('session')
				.set({ created_at: new Date(Date.now() - created), last_seen_at: new Date(Date.now() - lastSeen) })
				.where('id', '=', id)
				.execute();
		};
		const idle = await mint('test.exec');
		await age(idle, 31 * 60_000, 31 * 60_000);
		const r = await get(server, '/org/medway-maritime', { cookie: idle });
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/login?next=%2Forg%2Fmedway-maritime');
		expect((await get(server, '/api/v1/orgs', { cookie: idle })).status).toBe(401);

		const active = await mint('test.exec');
		await age(active, 29 * 60_000, 29 * 60_000);
		expect((await get(server, '/org/medway-maritime', { cookie: active })).status).toBe(200);

		const long = await mint('test.exec');
		await age(long, 12 * 3_600_000 + 60_000, 60_000);
		expect((await get(server, '/org/medway-maritime', { cookie: long })).status).toBe(303);
	});

	it('S5: the 11th failure in 15 minutes is refused; the same account from elsewhere is not; all are audited', async () => {
		const attackerIp = '203.0.113.7';
		for (let i = 0; i < 10; i++) {
			const r = await post(
				server,
				'/login',
				{ username: 'test.norole', password: `wrong guess ${i}` },
				{ ip: attackerIp }
			);
			expect(r.status).toBe(400);
			expect(await r.text()).toContain('The username or password is not right');
		}
		const eleventh = await post(
			server,
			'/login',
			{ username: 'test.norole', password: TEST_PASSWORD },
			{ ip: attackerIp }
		);
		expect(eleventh.status).toBe(429);
		expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
		const genuine = await post(
			server,
			'/login',
			{ username: 'test.norole', password: TEST_PASSWORD },
			{ ip: '198.51.100.20' }
		);
		expect(genuine.status).toBe(303);
		const rows = await db
			.selectFrom('access_audit')
			.select(['outcome', 'ip'])
			.where('actor', '=', 'test.norole')
			.where('action', '=', 'sign-in')
			.execute();
		expect(rows.filter((r) => r.outcome === 'failed' && r.ip === attackerIp)).toHaveLength(10);
		expect(rows.filter((r) => r.outcome === 'denied' && r.ip === attackerIp)).toHaveLength(1);
	});

	it('S6: a common password is refused, a 64-character one accepted, and stored as argon2id m=47104,t=1,p=1', async () => {
		const admin = await mint('test.admin');
		const create = (username: string, password: string) =>
			post(
				server,
				'/admin/users?/create',
				{ username, displayName: 'New', password, role: 'viewer', org: 'kent-medway' },
				{ cookie: admin }
			);
		const weak = await create('weak.one', '1qaz2wsx3edc');
		expect(weak.status).toBe(400);
		expect(await weak.text()).toContain('most common passwords');
		const long = 'quiet harbour lanterns drift past eleven copper bridges at dusk!';
		expect(long).toHaveLength(64);
		expect((await create('strong.one', long)).status).toBe(200);
		const row = await db
			.selectFrom('app_user')
			.select('password_hash')
			.where('username', '=', 'strong.one')
			.executeTakeFirstOrThrow();
		expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=47104,t=1,p=1\$/);
	});

	it('S7: a password alone opens nothing; a new account must enrol; an authenticator code works once', async () => {
		const first = await post(server, '/login', { username: 'test.flow', password: TEST_PASSWORD });
		const partial = setCookie(first)!;
		expect(first.headers.get('location')).toBe('/login/second-factor?next=%2F');
		expect((await get(server, '/', { cookie: partial })).status).toBe(303);
		expect((await get(server, '/api/v1/orgs', { cookie: partial })).status).toBe(401);
		const code = totpCode(TEST_TOTP_KEY);
		expect((await post(server, '/login/second-factor', { code }, { cookie: partial })).status).toBe(303);
		const second = setCookie(
			await post(server, '/login', { username: 'test.flow', password: TEST_PASSWORD })
		)!;
		const replay = await post(server, '/login/second-factor', { code }, { cookie: second });
		expect(replay.status).toBe(400);
		expect(await replay.text()).toContain('has been used already');

		const enrolling = await post(server, '/login', {
			username: 'strong.one',
			password: 'quiet harbour lanterns drift past eleven copper bridges at dusk!'
		});
		expect(enrolling.headers.get('location')).toBe('/login/enrol?next=%2F');
		const page = await (await get(server, '/login/enrol', { cookie: setCookie(enrolling)! })).text();
		expect(page).toContain('<svg');
		expect(page).toMatch(/data-testid="totp-key">[A-Z2-7 ]{32,}</);
	});

	it('S8: cross-site form and JSON posts get 403, a text/plain body 415, and no route changes state on GET', async () => {
		const cookie = await mint('test.admin');
		const foreign = await fetch(`${server.url}/logout`, {
			method: 'POST',
			headers: {
				cookie,
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: ''
		});
		expect(foreign.status).toBe(403);
		const json = await fetch(`${server.url}/admin/keys?/create`, {
			method: 'POST',
			headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
			body: '{"source":"evil"}'
		});
		expect(json.status).toBe(403);
		const plain = await fetch(`${server.url}/admin/keys?/create`, {
			method: 'POST',
			headers: { cookie, origin: server.url, 'content-type': 'text/plain' },
			body: 'source=evil'
		});
		expect(plain.status).toBe(415);
		expect(await db.selectFrom('source_key').select('id').where('source', '=', 'evil').execute()).toEqual([]);
	});

	it('S9: security headers on every page and API route; no-store when signed in', async () => {
		const cookie = await mint('test.admin');
		const exec = await mint('test.flow');
		const routes: [string, string | undefined][] = [
			['/login', undefined],
			['/pair', undefined],
			['/api/health', undefined],
			['/', cookie],
			['/admin/users', cookie],
			['/admin/audit', cookie],
			['/org/medway-maritime', exec],
			['/org/medway-maritime/msl', exec],
			['/wallboard/medway-maritime', exec],
			['/api/v1/orgs', cookie]
		];
		for (const [path, c] of routes) {
			const r = await get(server, path, { cookie: c });
			expect(r.status, path).toBe(200);
			const csp = r.headers.get('content-security-policy') ?? '';
			for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
				expect(csp, path).toContain(d);
			if ((r.headers.get('content-type') ?? '').startsWith('text/html')) {
				const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
				expect(scripts, path).toMatch(/'nonce-[^']+'|'sha256-/);
				expect(scripts, path).not.toContain('unsafe-inline');
			}
			expect(r.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
			expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(r.headers.get('referrer-policy'), path).toBeTruthy();
			if (c) expect(r.headers.get('cache-control'), path).toBe('no-store');
		}
	});

	it('S12: the live handshake refuses no cookie, a credential in the URL, and a recovered socket whose session ended', async () => {
		const bare = io(`${server.url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
		expect(String(await event(bare, 'connect_error'))).toMatch(/sign in/);
		bare.close();
		const cookie = await mint('test.exec');
		const query = socket(cookie, { query: { token: 'whatever' } });
		expect(String(await event(query, 'connect_error'))).toMatch(/not accepted in the URL/);
		query.close();

		const s = io(`${server.url}/live`, {
			transports: ['websocket'],
			forceNew: true,
			reconnectionDelay: 100,
			extraHeaders: { cookie }
		});
		await event(s, 'connect');
		expect(await s.emitWithAck('subscribe', { org: 'qeqm' })).toEqual({ ok: true });
		await db.deleteFrom('session').where('id', '=', cookie.split('=')[1].split('.')[0]).execute();
		const refused = event(s, 'connect_error');
		s.io.engine.close(); // a network cut: the client reconnects and asks to recover its session
		expect(String(await refused)).toMatch(/sign in/);
		s.close();
	});

	it('S14: no column is named like an NHS number, a patient name, a date of birth or a postcode', async () => {
		const { rows } = await sql<{ table_name: string; column_name: string }>`
			SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'
		`.execute(db);
		const suspicious = rows.filter((r) =>
			/nhs_?(number|no)|date_of_birth|\bdob\b|birth|postcode|post_code|forename|surname|first_name|last_name|patient_name|address/i.test(
				r.column_name
			)
		);
		expect(suspicious).toEqual([]);
	});

	it('S16: patient-list views, exports and refusals are audited with who, role, organisation and spells', async () => {
		const flow = await mint('test.flow');
		expect((await get(server, '/org/medway-maritime/msl', { cookie: flow })).status).toBe(200);
		expect((await get(server, '/org/medway-maritime/msl.csv', { cookie: flow })).status).toBe(200);
		expect((await get(server, '/org/qeqm/msl', { cookie: flow })).status).toBe(403);
		const rows = await db
			.selectFrom('access_audit')
			.selectAll()
			.where('actor', '=', 'test.flow')
			.orderBy('id', 'desc')
			.limit(3)
			.execute();
		expect(rows.map((r) => [r.action, r.org, r.outcome])).toEqual([
			['list-patients', 'qeqm', 'denied'],
			['export medically stable list', 'medway-maritime', 'allowed'],
			['view medically stable list', 'medway-maritime', 'allowed']
		]);
		expect(rows[1].role).toBe('flow_manager,viewer');
		expect(rows[1].detail).toMatch(/^\d+ spells: /);
		const e = await sql`DELETE FROM access_audit`.execute(db).then(
			() => null,
			(err) => err
		);
		expect(e?.code).toBe('42501');
	});

	it('S18: the audit CSV neutralises formula triggers a user typed', async () => {
		await post(
			server,
			'/login',
			{ username: '=HYPERLINK("http://evil")', password: 'x' },
			{ ip: '192.0.2.99' }
		);
		// a failed sign-in is about no organisation: a global administrator's to see
		const made = await createUser(db, {
			username: 'test.global.admin',
			displayName: 'Global administrator',
			password: TEST_PASSWORD,
			grants: [
				{ role: 'administrator', org: 'kent-medway' },
				{ role: 'administrator', org: 'llr' }
			],
			totpKey: TEST_TOTP_KEY
		});
		if ('problems' in made) throw new Error(JSON.stringify(made.problems));
		const admin = await mint('test.global.admin');
		const r = await get(server, '/admin/audit.csv?outcome=failed', { cookie: admin });
		expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="flowdeck-access-audit-/);
		const text = await r.text();
		expect(text).toContain(`"'=hyperlink(""http://evil"")"`);
		expect(text).not.toMatch(/(^|,)=HYPERLINK/im);
	});

	it('throttles and audits the account page’s current-password check like signing in (issue 11, finding 6)', async () => {
		const cookie = await mint('test.lead');
		const answers = await Promise.all(
			Array.from({ length: 14 }, () =>
				post(
					server,
					'/account?/password',
					{
						current: 'not my password',
						password: 'a new long enough password',
						confirm: 'a new long enough password'
					},
					{ cookie, ip: '192.0.2.77' }
				)
			)
		);
		const statuses = answers.map((r) => r.status).sort();
		expect(statuses.filter((s) => s === 429)).toHaveLength(4);
		expect(statuses.filter((s) => s === 400)).toHaveLength(10);
		const rows = await db
			.selectFrom('access_audit')
			.select('outcome')
			.where('actor', '=', 'test.lead')
			.where('action', '=', 'change own password')
			.execute();
		expect(rows.filter((r) => r.outcome === 'failed')).toHaveLength(10);
		expect(rows.filter((r) => r.outcome === 'denied')).toHaveLength(4);
	});

	it('S22: the repository is not served', async () => {
		for (const path of ['/.git/config', '/.env', '/package.json', '/scripts/serve.js'])
			expect((await get(server, path)).status, path).toBe(404);
	});

	it('S23: an unexpected failure answers with a generic message and a reference, no stack trace', async () => {
		const cookie = await mint('test.admin');
		const r = await fetch(`${server.url}/admin/keys?/create`, {
			method: 'POST',
			headers: { cookie, origin: server.url, 'content-type': 'multipart/form-data; boundary=x' },
			body: 'not multipart at all'
		});
		expect(r.status).toBe(500);
		const body = await r.text();
		expect(body).toContain('Something went wrong on the server');
		expect(body).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
		expect(body).not.toMatch(/at .*\.js:\d+|node_modules|TypeError/);
	});

	it('S17: the server log holds no session token, password or authenticator code', () => {
		const log = server.log();
		expect(log).not.toContain(TEST_PASSWORD);
		expect(log).not.toMatch(/flowdeck-session=|[a-z2-7]{16}\.[A-Za-z0-9_-]{43}/);
		expect(log).not.toContain(TEST_TOTP_KEY);
	});
});
