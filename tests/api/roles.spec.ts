// S10, S11, S13: every role against every route, API call and live room, table-driven. Exactly the documented
// allow-list succeeds; every other signed-in request gets 403 and an audit row; nobody signed in is sent to sign in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { io } from 'socket.io-client';
import { pairDevice, registerDevice } from '../../src/lib/server/auth/devices.ts';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { backends } from '../stores.ts';
import { savePlaylist } from '../../src/lib/server/live/playlists.ts';
import { admit, get, post } from './http.ts';
import { startServer, type RunningServer, type TestUser } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

type Who = TestUser | 'board' | 'playlistBoard' | 'anonymous';
const PEOPLE: Who[] = [
	'viewer',
	'flow',
	'lead',
	'exec',
	'admin',
	'norole',
	'board',
	'playlistBoard',
	'anonymous'
];
const STAFF: Who[] = ['viewer', 'flow', 'lead', 'exec', 'admin'];

/** route → who may use it (everyone else: 403, or sign in). PLAYLIST is replaced by the playlist's id. */
const PAGES: [string, Who[] | 'public'][] = [
	// /login itself answers everyone; a signed-in user is sent on (303), checked below
	['/pair', 'public'],
	['/api/health', 'public'],
	['/', STAFF],
	['/account', STAFF],
	['/org/kent-medway', STAFF],
	['/org/medway-maritime', STAFF],
	['/org/medway-maritime/delays', STAFF],
	['/org/medway-maritime/care-homes', STAFF],
	['/org/rutland-memorial/care-homes', []],
	['/org/rutland-memorial', []],
	['/org/medway-maritime/msl', ['flow']],
	['/org/medway-maritime.amu/msl', ['flow']],
	['/org/medway-maritime/msl.csv', ['flow']],
	['/org/qeqm/msl', []],
	['/org/rutland-memorial/msl', []],
	// contract v3's register: the figures with the organisation, the caseload (patient-level) with the lists
	['/org/kent-medway/register', STAFF],
	['/org/rutland-omp/register', []],
	['/org/medway-maritime/caseload', ['flow']],
	['/org/rutland-omp/caseload', []],
	['/opportunity', STAFF],
	['/data-quality', ['flow', 'admin']],
	['/schemes', STAFF],
	['/schemes/NK-3a', STAFF],
	['/wallboard/playlists', STAFF],
	['/wallboard/playlists/PLAYLIST', STAFF],
	['/wallboard/medway-maritime', [...STAFF, 'board', 'playlistBoard']],
	['/wallboard/qeqm', [...STAFF, 'playlistBoard']],
	['/wallboard/rutland-memorial', []],
	['/wallboard/playlist/PLAYLIST', [...STAFF, 'playlistBoard']],
	['/admin/users', ['admin']],
	['/admin/keys', ['admin']],
	['/admin/devices', ['admin']],
	['/admin/limits', ['admin']],
	['/admin/audit', ['admin']],
	['/admin/audit.csv', ['admin']],
	['/reports', ['flow', 'lead', 'exec', 'admin']],
	['/reports/weekly?org=kent-medway', ['exec', 'admin']],
	['/reports/weekly?org=medway-maritime', ['flow', 'lead', 'exec', 'admin']],
	['/reports/weekly/call?org=medway-maritime', ['flow', 'lead', 'exec', 'admin']],
	['/reports/weekly?org=llr', []],
	['/reports/monthly?scheme=NK-3a', ['flow', 'lead', 'exec', 'admin']],
	['/reports/monthly', ['flow', 'lead', 'exec', 'admin']],
	['/reports/quarterly', ['flow', 'lead', 'exec', 'admin']],
	['/reports/draft/csv?kind=weekly&org=medway-maritime', ['flow', 'lead', 'exec', 'admin']],
	['/reports/draft/pdf?kind=weekly&org=kent-medway', ['exec', 'admin']],
	['/reports/draft/csv?kind=monthly&scheme=AC-IUCC', ['exec', 'admin']],
	['/api/v1/orgs', STAFF],
	['/api/v1/metrics?org=medway-maritime', STAFF],
	['/api/v1/series?org=medway-maritime&metric=msl', STAFF],
	['/api/v1/metrics?org=rutland-memorial', []]
];

/** form actions: who gets past authorisation (the form itself may still be refused with 400) */
const WRITES: [string, Record<string, string>, Who[]][] = [
	['/schemes/NK-3a?/risk', { description: 'Matrix test risk', probability: 'Low', impact: 'Low' }, ['lead']],
	[
		'/schemes/AC-IUCC?/risk',
		{ description: 'Outside the lead’s site', probability: 'Low', impact: 'Low' },
		[]
	],
	['/wallboard/playlists?/save', { name: '' }, ['flow', 'admin']],
	['/admin/limits?org=medway-maritime', {}, ['admin']],
	['/admin/keys?/revoke', { id: 'nothing' }, ['admin']],
	['/reports/weekly?/action&org=medway-maritime', { what: '' }, ['flow', 'lead', 'exec', 'admin']],
	['/reports/weekly?/issue&org=llr', {}, []],
	['/reports/weekly?/issue&org=kent-medway', {}, ['exec']],
	// issue 11, finding 3: the action named after another parameter is the one checked
	['/reports/weekly?org=medway-maritime&/issue', {}, ['exec']],
	// issue 11, finding 4: a write naming no organisation is refused, not let through to the page
	['/reports/weekly?/action&org=nowhere', { what: 'x' }, []],
	['/reports/monthly?/lead&scheme=NK-3a', { rag: 'purple' }, ['lead']],
	['/reports/monthly?/lead&scheme=AC-IUCC', { rag: 'purple' }, []]
];

/** live rooms: organisation → who may watch it */
const ROOMS: [string, Who[]][] = [
	['medway-maritime', [...STAFF, 'board', 'playlistBoard']],
	['qeqm', [...STAFF, 'playlistBoard']],
	['kent-medway', STAFF],
	['rutland-memorial', []]
];

describe.skipIf(!hasPostgres)('role matrix against the production build', () => {
	let server: RunningServer;
	let store: Store;
	let db: Kysely<Database>;
	let playlist: number;
	const cookies = {} as Record<Who, string | undefined>;
	const denials = async () =>
		Number(
			(
				await sql<{
					n: number;
				}>`SELECT count(*)::int AS n FROM access_audit WHERE outcome = 'denied'`.execute(db)
			).rows[0].n
		);

	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl! });
		db = store.db;
		playlist = await savePlaylist(db, {
			name: 'Kent sites',
			intervalSeconds: 30,
			items: [{ org: 'medway-maritime' }, { org: 'qeqm' }]
		});
		const device = async (board: { org: string } | { playlist: number }) => {
			const made = await registerDevice(db, { name: 'Matrix screen', board, by: 'test' });
			if ('problems' in made) throw new Error('not registered');
			return `flowdeck-device=${(await pairDevice(db, made.code))!.token}`;
		};
		Object.assign(cookies, server.cookies, {
			board: await device({ org: 'medway-maritime' }),
			playlistBoard: await device({ playlist }),
			anonymous: undefined
		});
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it.each(PAGES)('GET %s', async (template, allowed) => {
		const path = template.replace('PLAYLIST', String(playlist));
		for (const who of PEOPLE) {
			const before = await denials();
			const r = await get(server, path, { cookie: cookies[who] });
			const ok = allowed === 'public' || allowed.includes(who);
			if (ok) expect(r.status, `${who} ${path}`).toBe(200);
			else if (who === 'anonymous')
				expect(r.status, `${who} ${path}`).toBe(path.startsWith('/api/') ? 401 : 303);
			else {
				expect(r.status, `${who} ${path}`).toBe(403);
				expect(await denials(), `audit row for ${who} ${path}`).toBe(before + 1);
			}
		}
	});

	it.each(WRITES)('POST %s', async (path, fields, allowed) => {
		for (const who of PEOPLE) {
			const r = await post(server, path, fields, { cookie: cookies[who] });
			if (allowed.includes(who)) expect([200, 303, 400, 404], `${who} ${path}`).toContain(r.status);
			else expect(r.status, `${who} ${path}`).toBe(who === 'anonymous' ? 401 : 403);
		}
	});

	it('records a call action only for a scheme of the pack’s organisations (issue 11, finding 4)', async () => {
		const owner = 'test.flow';
		const fields = {
			what: 'Chase the care packages',
			owner,
			due: '2030-01-01',
			metric: 'dtoc',
			scheme: 'AC-IUCC'
		};
		const r = await post(server, '/reports/weekly?/action&org=medway-maritime', fields, {
			cookie: cookies.flow
		});
		expect(r.status).toBe(400);
		expect(await r.text()).toContain('not a scheme of this pack');
		const recorded = await sql<{
			n: number;
		}>`SELECT count(*)::int AS n FROM call_action WHERE scheme = 'AC-IUCC'`.execute(db);
		expect(recorded.rows[0].n).toBe(0);
	});

	it('lets a flow manager change only playlists wholly within their organisations (issue 11, finding 5)', async () => {
		const send = (path: string, orgs: string[]) => {
			const fields = new URLSearchParams({ name: 'Screens', intervalSeconds: '30' });
			for (const org of orgs) fields.append('org', org);
			return post(server, path, fields, { cookie: cookies.flow });
		};
		// Medway's flow manager: not Glenfield's figures on a screen, not the Kent playlist that also shows QEQM
		expect((await send('/wallboard/playlists?/save', ['medway-maritime', 'glenfield'])).status).toBe(403);
		expect((await send(`/wallboard/playlists/${playlist}?/save`, ['medway-maritime'])).status).toBe(403);
		expect((await send(`/wallboard/playlists/${playlist}?/delete`, [])).status).toBe(403);
		const kept = await db
			.selectFrom('playlist')
			.select('items')
			.where('id', '=', playlist)
			.executeTakeFirstOrThrow();
		expect((kept.items as { org: string }[]).map((i) => i.org)).toEqual(['medway-maritime', 'qeqm']);
		expect(
			(await send('/wallboard/playlists?/save', ['medway-maritime', 'medway-maritime.amu'])).status
		).toBe(303);
	});

	it('answers 400, not 500, to prototype names as a draft kind or a metric (issue 11, finding 9)', async () => {
		for (const path of [
			'/reports/draft/csv?kind=constructor',
			'/api/v1/series?org=medway-maritime&metric=constructor',
			'/api/v1/series?org=medway-maritime&metric=__proto__'
		])
			expect((await get(server, path, { cookie: cookies.exec })).status, path).toBe(400);
	});

	it('refuses a form post that names two actions, before either runs (issue 11, finding 3)', async () => {
		const issued = async () =>
			Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM report`.execute(db)).rows[0].n);
		const before = await issued();
		const r = await post(
			server,
			'/reports/weekly?/action&org=kent-medway&/issue',
			{},
			{ cookie: cookies.exec }
		);
		expect(r.status).toBe(400);
		expect(await issued()).toBe(before);
	});

	it('GET /login answers everyone, and sends a signed-in user on', async () => {
		for (const who of PEOPLE) {
			const r = await get(server, '/login?next=/schemes', { cookie: cookies[who] });
			if (STAFF.includes(who) || who === 'norole') expect(r.headers.get('location'), who).toBe('/schemes');
			else expect(r.status, who).toBe(200);
		}
	});

	it('IDOR (S11): a flow manager for one site cannot reach another site’s list by any route', async () => {
		for (const path of [
			'/org/qeqm/msl',
			'/org/qeqm/msl.csv',
			'/org/qeqm.amu/msl',
			'/org/qeqm/msl/__data.json'
		])
			expect((await get(server, path, { cookie: cookies.flow })).status, path).toBe(403);
	});

	it.each(ROOMS)('live room %s', async (org, allowed) => {
		for (const who of PEOPLE) {
			const socket = io(`${server.url}/live`, {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				extraHeaders: cookies[who] ? { cookie: cookies[who]! } : {}
			});
			try {
				const connected = await new Promise<boolean>((resolve) => {
					socket.once('connect', () => resolve(true));
					socket.once('connect_error', () => resolve(false));
				});
				if (!connected) {
					expect(who, `${who} could not connect`).toBe(STAFF.includes(who) ? 'connected' : who);
					continue;
				}
				const reply = await socket.emitWithAck('subscribe', { org });
				expect(reply.ok, `${who} → ${org}`).toBe(allowed.includes(who));
			} finally {
				socket.close();
			}
		}
	});

	it('S13: a paired board joins only its own rooms, and nothing it receives carries a pseudonym', async () => {
		const socket = io(`${server.url}/live`, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			extraHeaders: { cookie: cookies.playlistBoard! }
		});
		const received: string[] = [];
		socket.onAny((name, payload) => received.push(JSON.stringify([name, payload])));
		await new Promise<void>((r) => socket.once('connect', () => r()));
		expect(await socket.emitWithAck('playlist', { id: playlist })).toEqual({ ok: true });
		expect(await socket.emitWithAck('playlist', { id: playlist + 1 })).toMatchObject({ ok: false });
		expect(await socket.emitWithAck('subscribe', { org: 'medway-maritime' })).toEqual({ ok: true });
		const spell = await admit(server, 'medway-maritime', { medicallyStable: true });
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		socket.close();
		expect(received.some((m) => m.startsWith('["metrics"'))).toBe(true);
		const all = received.join('\n');
		expect(all).not.toMatch(/pseudonym|"spell"|"patient"/);
		expect(all).not.toContain(spell);
	});
});
