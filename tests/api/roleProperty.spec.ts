// Issue 11: scoping as a property of the design. For every route and form action of the route table
// (src/lib/server/auth/routes.ts), and every role granted at a leaf site and at its sibling, the answer and the
// audit row are what the role matrix of README.md says, worked out here from the register's tree alone (not from
// `may`): a role opens what its row lists, at its organisation and below; everything else is 403 and a denied row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import register from '../../db/reference/register.json' with { type: 'json' };
import { ROLES, type Role } from '../../src/lib/server/auth/policy.ts';
import { ROUTE_RULES } from '../../src/lib/server/auth/routes.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { raise } from '../../src/lib/server/alarms/store.ts';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import { backends } from '../stores.ts';
import { get, post } from './http.ts';
import { startServer, TEST_PASSWORD, TEST_TOTP_KEY, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

const LEAF = 'qeqm';
const SIBLING = 'william-harvey';
const parentOf = new Map(register.organisations.map((o) => [o.code, o.parent]));
/** Whether a role granted at `grant` reaches `org`: `org` is `grant` or below it. */
function reaches(grant: string, org: string): boolean {
	for (let at: string | null | undefined = org; at; at = parentOf.get(at)) if (at === grant) return true;
	return false;
}

const EVERYONE: Role[] = [...ROLES];
const REPORTERS: Role[] = ['executive', 'administrator', 'flow_manager', 'scheme_lead'];
const ACTION_TAKERS: Role[] = ['executive', 'flow_manager', 'scheme_lead', 'administrator'];

/** One request per route and form action: who may make it, and where their role must reach (null: anywhere). */
interface Case {
	route: string;
	method: 'GET' | 'POST';
	path: string;
	fields?: Record<string, string>;
	roles: Role[];
	at: string | null;
}
const SCHEME = 'AC-IUCC';
const cases = (schemeOrg: string, alarm = '0'): Case[] => [
	{ route: '/(app)', method: 'GET', path: '/', roles: EVERYONE, at: null },
	{ route: '/(app)/account', method: 'GET', path: '/account', roles: EVERYONE, at: null },
	{ route: '/(app)/schemes', method: 'GET', path: '/schemes', roles: EVERYONE, at: null },
	{ route: '/(app)/schemes/[id]', method: 'GET', path: `/schemes/${SCHEME}`, roles: EVERYONE, at: null },
	{
		route: '/(app)/schemes/[id]',
		method: 'POST',
		path: `/schemes/${SCHEME}?/risk`,
		fields: { description: '' },
		roles: ['scheme_lead'],
		at: schemeOrg
	},
	{
		route: '/(app)/schemes/[id]',
		method: 'POST',
		path: `/schemes/${SCHEME}?/saveReturn`,
		fields: { kpi: '' },
		roles: ['scheme_lead', 'executive'],
		at: schemeOrg
	},
	{
		route: '/(app)/schemes/[id]',
		method: 'POST',
		path: `/schemes/${SCHEME}?/decideReturn`,
		fields: { id: '0' },
		roles: ['executive'],
		at: schemeOrg
	},
	{
		route: '/(app)/schemes/[id]/returns.csv',
		method: 'GET',
		path: `/schemes/${SCHEME}/returns.csv`,
		roles: EVERYONE,
		at: null
	},
	{ route: '/(app)/returns', method: 'GET', path: '/returns', roles: EVERYONE, at: null },
	{ route: '/(app)/org/[code]', method: 'GET', path: `/org/${LEAF}`, roles: EVERYONE, at: LEAF },
	{
		route: '/(app)/org/[code]/delays',
		method: 'GET',
		path: `/org/${LEAF}/delays`,
		roles: EVERYONE,
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/care-homes',
		method: 'GET',
		path: `/org/${LEAF}/care-homes`,
		roles: EVERYONE,
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/msl',
		method: 'GET',
		path: `/org/${LEAF}/msl`,
		roles: ['flow_manager'],
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/msl.csv',
		method: 'GET',
		path: `/org/${LEAF}/msl.csv`,
		roles: ['flow_manager'],
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/care-homes/[home]',
		method: 'GET',
		path: `/org/${LEAF}/care-homes/ch-nowhere`,
		roles: EVERYONE,
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/register',
		method: 'GET',
		path: `/org/${LEAF}/register`,
		roles: EVERYONE,
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/intermediate-care',
		method: 'GET',
		path: `/org/${LEAF}/intermediate-care`,
		roles: EVERYONE,
		at: LEAF
	},
	{
		route: '/(app)/org/[code]/caseload',
		method: 'GET',
		path: `/org/${LEAF}/caseload`,
		roles: ['flow_manager'],
		at: LEAF
	},
	{ route: '/(app)/opportunity', method: 'GET', path: '/opportunity', roles: EVERYONE, at: null },
	{ route: '/wallboard/[org]', method: 'GET', path: `/wallboard/${LEAF}`, roles: EVERYONE, at: LEAF },
	{ route: '/api/v1/orgs', method: 'GET', path: `/api/v1/orgs?org=${LEAF}`, roles: EVERYONE, at: LEAF },
	{ route: '/api/v1/metrics', method: 'GET', path: `/api/v1/metrics?org=${LEAF}`, roles: EVERYONE, at: LEAF },
	{
		route: '/api/v1/series',
		method: 'GET',
		path: `/api/v1/series?org=${LEAF}&metric=inpatients`,
		roles: EVERYONE,
		at: LEAF
	},
	{
		route: '/(app)/data-quality',
		method: 'GET',
		path: '/data-quality',
		roles: ['flow_manager', 'administrator'],
		at: null
	},
	{
		route: '/(app)/wallboard/playlists',
		method: 'GET',
		path: '/wallboard/playlists',
		roles: EVERYONE,
		at: null
	},
	{
		route: '/(app)/wallboard/playlists',
		method: 'POST',
		path: '/wallboard/playlists?/save',
		fields: { name: '' },
		roles: ['flow_manager', 'administrator'],
		at: null
	},
	{ route: '/(app)/alarms', method: 'GET', path: '/alarms', roles: EVERYONE, at: null },
	{ route: '/(app)/alarms.csv', method: 'GET', path: '/alarms.csv', roles: EVERYONE, at: null },
	{ route: '/(app)/alarms/[id]', method: 'GET', path: `/alarms/${alarm}`, roles: EVERYONE, at: LEAF },
	{
		route: '/(app)/alarms/[id]',
		method: 'POST',
		path: `/alarms/${alarm}?/acknowledge`,
		fields: { comment: '' },
		roles: ['flow_manager'],
		at: LEAF
	},
	{
		route: '/(app)/alarms/[id]',
		method: 'POST',
		path: `/alarms/${alarm}?/resolve`,
		fields: { reason: '' },
		roles: ['flow_manager'],
		at: LEAF
	},
	{ route: '/(app)/health', method: 'GET', path: '/health', roles: ['administrator'], at: null },
	...['users', 'keys', 'devices', 'limits', 'escalation', 'audit', 'audit.csv'].map((page): Case => ({
		route: `/(app)/admin/${page}`,
		method: 'GET',
		path: `/admin/${page}`,
		roles: ['administrator'],
		at: null
	})),
	{
		route: '/(app)/admin/users',
		method: 'POST',
		path: '/admin/users?/grant',
		fields: { user: '0', role: 'viewer', org: LEAF },
		roles: ['administrator'],
		at: LEAF
	},
	{ route: '/(app)/reports', method: 'GET', path: '/reports', roles: REPORTERS, at: null },
	{
		route: '/(app)/reports/weekly',
		method: 'GET',
		path: `/reports/weekly?org=${LEAF}`,
		roles: REPORTERS,
		at: LEAF
	},
	{
		route: '/(app)/reports/weekly/call',
		method: 'GET',
		path: `/reports/weekly/call?org=${LEAF}`,
		roles: REPORTERS,
		at: LEAF
	},
	{
		route: '/(app)/reports/weekly',
		method: 'POST',
		path: `/reports/weekly?/action&org=${LEAF}`,
		fields: { what: '' },
		roles: ACTION_TAKERS,
		at: LEAF
	},
	{
		route: '/(app)/reports/weekly',
		method: 'POST',
		path: `/reports/weekly?/close&org=${LEAF}`,
		fields: { id: '0' },
		roles: ACTION_TAKERS,
		at: LEAF
	},
	{
		route: '/(app)/reports/weekly',
		method: 'POST',
		path: `/reports/weekly?/issue&org=${LEAF}`,
		roles: ['executive'],
		at: LEAF
	},
	{
		route: '/(app)/reports/monthly',
		method: 'GET',
		path: `/reports/monthly?scheme=${SCHEME}`,
		roles: REPORTERS,
		at: schemeOrg
	},
	{
		route: '/(app)/reports/monthly',
		method: 'POST',
		path: `/reports/monthly?scheme=${SCHEME}&/lead`,
		fields: {},
		roles: ['scheme_lead'],
		at: schemeOrg
	},
	{
		route: '/(app)/reports/quarterly',
		method: 'GET',
		path: '/reports/quarterly',
		roles: REPORTERS,
		at: null
	},
	{
		route: '/(app)/reports/draft/[format]',
		method: 'GET',
		path: `/reports/draft/csv?kind=weekly&org=${LEAF}`,
		roles: REPORTERS,
		at: LEAF
	}
];

/** Routes with nothing to scope: sign-in, pairing, health, the ingest and returns APIs (their key), and what needs an id made. */
const NOT_HERE = new Set([
	'/login',
	'/login/second-factor',
	'/login/enrol',
	'/logout',
	'/pair',
	'/api/health',
	'/api/v1/events',
	'/api/v1/returns',
	'/(app)/admin',
	'/(app)/wallboard/playlists/[id]',
	'/(app)/reports/[id]',
	'/(app)/reports/[id]/pdf',
	'/(app)/reports/[id]/csv',
	'/wallboard/playlist/[id]'
]);

describe.runIf(hasPostgres)('every route × every role at a leaf and at its sibling', () => {
	let server: RunningServer;
	let store: Store;
	let schemeOrg: string;
	let alarm: string;
	const people: { role: Role; at: string; username: string; cookie: string }[] = [];

	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl!, poolSize: 2 });
		const scheme = await store.db
			.selectFrom('scheme')
			.select('org')
			.where('id', '=', SCHEME)
			.executeTakeFirstOrThrow();
		schemeOrg = scheme.org!;
		// an alarm at the leaf, for its page and its actions
		alarm = (await raise(
			store.db,
			{
				key: `limit:msl:${LEAF}`,
				org: LEAF,
				metric: 'msl',
				kind: 'limit',
				message: 'Medically stable list 9, above 8',
				value: 9
			},
			new Date()
		))!.id;
		for (const at of [LEAF, SIBLING])
			for (const role of ROLES) {
				const username = `prop.${role}.${at}`;
				const made = await createUser(store.db, {
					username,
					displayName: username,
					password: TEST_PASSWORD,
					grants: [{ role, org: at }],
					totpKey: TEST_TOTP_KEY
				});
				if ('problems' in made) throw new Error(JSON.stringify(made.problems));
				const cookie = `flowdeck-session=${await createSession(store.db, made.id, 'full')}`;
				people.push({ role, at, username, cookie });
			}
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('covers every route of the route table it can reach', () => {
		const covered = new Set(cases('x').map((c) => c.route));
		const missing = Object.keys(ROUTE_RULES).filter((r) => !covered.has(r) && !NOT_HERE.has(r));
		expect(missing).toEqual([]);
	});

	it('answers and audits each request as the matrix says', async () => {
		const denials = async (username: string) =>
			Number(
				(
					await store.db
						.selectFrom('access_audit')
						.select((eb) => eb.fn.countAll().as('n'))
						.where('actor', '=', username)
						.where('outcome', '=', 'denied')
						.executeTakeFirstOrThrow()
				).n
			);
		const wrong: string[] = [];
		for (const c of cases(schemeOrg, alarm))
			for (const person of people) {
				const allowed = c.roles.includes(person.role) && (c.at === null || reaches(person.at, c.at));
				const before = await denials(person.username);
				const r =
					c.method === 'GET'
						? await get(server, c.path, { cookie: person.cookie })
						: await post(server, c.path, c.fields ?? {}, { cookie: person.cookie });
				await r.arrayBuffer();
				const audited = (await denials(person.username)) - before;
				const refused = r.status === 403;
				const toSignIn = r.status === 303 && (r.headers.get('location') ?? '').startsWith('/login');
				if (allowed && (refused || toSignIn || audited))
					wrong.push(`${person.username} ${c.method} ${c.path}: ${r.status}, ${audited} denial rows`);
				if (!allowed && (!refused || audited !== 1))
					wrong.push(
						`${person.username} ${c.method} ${c.path}: ${r.status} and ${audited} denial rows, expected 403 and one`
					);
				if (!allowed && audited === 1 && c.at !== null && c.path.includes(c.at)) {
					// the row names the organisation the address asked for
					const row = await store.db
						.selectFrom('access_audit')
						.select('org')
						.where('actor', '=', person.username)
						.orderBy('id', 'desc')
						.executeTakeFirstOrThrow();
					if (row.org !== c.at)
						wrong.push(`${person.username} ${c.method} ${c.path}: denial row names ${row.org}, not ${c.at}`);
				}
			}
		expect(wrong).toEqual([]);
	});
});
