// The attacks of issue 11's penetration test, repeated against the production build over HTTP and socket.io, with a
// pass/fail table. It starts its own server on PostgreSQL when one is reachable (else PGlite), with users of every
// role, and exits 1 if any attack succeeds. Usage: npm run build && npm run probe:security
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { admission, post, get } from '../tests/api/http.ts';
import { startServer, TEST_PASSWORD, type RunningServer } from '../tests/api/server.ts';
import { backends } from '../tests/stores.ts';

const backend = (await backends()).includes('postgres') ? 'postgres' : 'pglite';
const server = await startServer(backend, undefined, {
	FLOWDECK_TRUST_PROXY: '1',
	ADDRESS_HEADER: 'x-forwarded-for'
});
const IDENTIFIABLE = 'Jane Smith 943 476 5919 ME7 5NY';
const results: { check: string; pass: boolean; detail: string }[] = [];

async function probe(check: string, attack: () => Promise<string>) {
	try {
		results.push({ check, pass: true, detail: await attack() });
	} catch (e) {
		results.push({ check, pass: false, detail: e instanceof Error ? e.message : String(e) });
	}
}

function expectThat(ok: boolean, what: string) {
	if (!ok) throw new Error(what);
}

const ingest = (key: string, body: string, type = 'application/json') =>
	fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${key}`, 'content-type': type },
		body
	});

function socket(server: RunningServer, cookie: string, headers: Record<string, string> = {}): Socket {
	return io(`${server.url}/live`, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: { cookie, ...headers }
	});
}
const settled = (s: Socket, ms = 4_000) =>
	new Promise<string>((resolve) => {
		const timer = setTimeout(() => resolve('still connected'), ms);
		s.on('connect_error', (e) => (clearTimeout(timer), resolve(`refused: ${e.message}`)));
		s.on('disconnect', (why) => (clearTimeout(timer), resolve(`disconnected: ${why}`)));
	});

try {
	await probe('1. identifiable text in a rejected event is neither kept nor shown', async () => {
		const r = await ingest(
			server.key,
			JSON.stringify({ events: [admission('probe-1', 'medway-maritime', { method: IDENTIFIABLE })] })
		);
		expectThat(r.status === 422, `ingest answered ${r.status}`);
		const page = await (await get(server, '/data-quality', { cookie: server.cookies.admin })).text();
		expectThat(!/Jane|5919|ME7/.test(page), 'the data-quality page shows the text');
		return 'rejected 422; /data-quality shows only its shape';
	});
	await probe('1. /data-quality shows a flow manager only their organisations', async () => {
		await ingest(
			server.key,
			JSON.stringify({ events: [admission('probe-2', 'glenfield', { method: 'urgent' })] })
		);
		const page = await (await get(server, '/data-quality', { cookie: server.cookies.flow })).text();
		expectThat(!page.includes('glenfield'), 'Medway’s flow manager sees Glenfield’s rejected events');
		return 'Glenfield’s rows not shown to Medway';
	});
	await probe('2. an administrator grants nothing to themselves or outside their organisations', async () => {
		const grant = (user: number, org: string) =>
			post(
				server,
				'/admin/users?/grant',
				{ user: String(user), role: 'administrator', org },
				{ cookie: server.cookies.admin }
			).then((r) => r.status);
		const self = await grant(server.ids.admin, 'kent-medway');
		const outside = await grant(server.ids.viewer, 'llr');
		expectThat(self === 403, `a grant to themselves answered ${self}`);
		expectThat(outside === 403 || outside === 404, `a grant in Leicester answered ${outside}`);
		return `to themselves ${self}; outside Kent ${outside}`;
	});
	await probe('3. a form post naming two actions is refused; the action checked is the one run', async () => {
		const two = await post(
			server,
			'/reports/weekly?org=medway-maritime&/action&/issue',
			{},
			{ cookie: server.cookies.flow }
		);
		const hidden = await post(
			server,
			'/reports/weekly?org=medway-maritime&x=1&/issue',
			{},
			{ cookie: server.cookies.flow }
		);
		expectThat(two.status === 400, `two actions answered ${two.status}`);
		expectThat(hidden.status === 403, `issue behind another key answered ${hidden.status}`);
		return '400 for two, 403 for issuing as a flow manager';
	});
	await probe('4. a call action names only a scheme of the pack', async () => {
		const r = await post(
			server,
			'/reports/weekly?/action&org=medway-maritime',
			{ what: 'probe', owner: 'test.flow', due: '2099-01-01', metric: 'msl', scheme: 'AC-IUCC' },
			{ cookie: server.cookies.flow }
		);
		expectThat(r.status === 400, `answered ${r.status}`);
		return 'refused 400';
	});
	await probe('5. a flow manager cannot put another trust’s figures on a playlist', async () => {
		const fields = new URLSearchParams({ name: 'Probe', intervalSeconds: '30' });
		for (const org of ['medway-maritime', 'glenfield']) fields.append('org', org);
		const r = await post(server, '/wallboard/playlists?/save', fields, { cookie: server.cookies.flow });
		expectThat(r.status === 403, `answered ${r.status}`);
		return 'refused 403';
	});
	await probe('6. 40 concurrent wrong passwords for one account are throttled', async () => {
		const statuses = await Promise.all(
			Array.from({ length: 40 }, () =>
				post(
					server,
					'/login',
					{ username: 'test.lead', password: 'wrong password 12345' },
					{ ip: '10.66.0.1' }
				).then((r) => r.status)
			)
		);
		const throttled = statuses.filter((s) => s === 429).length;
		expectThat(throttled >= 29, `${throttled} of 40 throttled`);
		return `${throttled} of 40 answered 429`;
	});
	await probe(
		'7. the application’s database role cannot disable the audit trigger or drop the table',
		async () => {
			if (backend !== 'postgres') return 'skipped: PGlite has no roles (README, "Database roles")';
			const client = new pg.Client({ connectionString: server.databaseUrl });
			await client.connect();
			try {
				for (const statement of [
					'ALTER TABLE access_audit DISABLE TRIGGER ALL',
					'DROP TABLE access_audit',
					'TRUNCATE access_audit'
				]) {
					const ran = await client.query(statement).then(
						() => true,
						() => false
					);
					expectThat(!ran, `${statement} ran`);
				}
			} finally {
				await client.end();
			}
			return 'ALTER … DISABLE TRIGGER, DROP and TRUNCATE refused';
		}
	);
	await probe('8. a scoped key’s upload naming another trust writes nothing', async () => {
		const at = new Date().toISOString();
		const csv = `id,type,occurredAt,site,spell,patient,method\np8-1,admission,${at},glenfield,s,p,${IDENTIFIABLE}\n`;
		const r = await ingest(server.eastKentKey, csv, 'text/csv');
		expectThat(r.status === 403, `answered ${r.status}`);
		return 'refused 403 before writing';
	});
	await probe(
		'8. a 24 MB password and a form without a length are refused before they are read',
		async () => {
			const big = await post(server, '/login', { username: 'test.flow', password: 'x'.repeat(24 << 20) });
			expectThat(big.status === 413, `24 MB password answered ${big.status}`);
			return '413';
		}
	);
	await probe('9. next after sign-in cannot leave the site', async () => {
		const r = await post(server, '/login?next=%2F%09%2Fevil.example', {
			username: 'test.flow',
			password: TEST_PASSWORD
		});
		const location = r.headers.get('location') ?? '';
		expectThat(!/evil/.test(location), `sent to ${location}`);
		return `sent to ${location}`;
	});
	await probe('9. prototype names are not metrics or draft kinds (400, not 500)', async () => {
		const statuses = await Promise.all(
			[
				`/api/v1/series?org=medway-maritime&metric=constructor`,
				`/api/v1/series?org=medway-maritime&metric=__proto__`,
				'/reports/draft/csv?kind=constructor'
			].map((path) =>
				fetch(`${server.url}${path}`, {
					headers: path.startsWith('/api')
						? { authorization: `Bearer ${server.key}` }
						: { cookie: server.cookies.exec }
				}).then((r) => r.status)
			)
		);
		expectThat(
			statuses.every((s) => s >= 400 && s < 500),
			`answered ${statuses.join(', ')}`
		);
		return `answered ${statuses.join(', ')}`;
	});
	await probe('9. a 40,000-deep event is rejected on its own', async () => {
		const deep = '{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000);
		const body = `{"events":[{"id":"deep","type":"admission","occurredAt":"${new Date().toISOString()}","site":"medway-maritime","spell":${deep}}]}`;
		const r = await ingest(server.key, body);
		expectThat(r.status === 422, `answered ${r.status}`);
		return 'rejected 422';
	});
	await probe('9. security headers on static files, thrown redirects and socket.io', async () => {
		const asset = /\/_app\/immutable\/[^"]+\.js/.exec(await (await fetch(`${server.url}/login`)).text())![0];
		for (const path of [asset, '/org/medway-maritime', '/socket.io/?EIO=4&transport=polling']) {
			const r = await fetch(`${server.url}${path}`, { redirect: 'manual' });
			for (const h of ['x-content-type-options', 'content-security-policy', 'strict-transport-security'])
				expectThat(r.headers.has(h), `${path} lacks ${h}`);
		}
		return 'nosniff, CSP and HSTS on all three';
	});
	await probe('9. weak passwords are refused', async () => {
		const accepted: string[] = [];
		for (const password of [
			' '.repeat(12),
			'aaaaaaaaaaaa',
			'111111111111',
			'qwertyuiopas',
			'flowdeck2026!'
		]) {
			const r = await post(
				server,
				'/account',
				{ current: TEST_PASSWORD, password, confirm: password },
				{ cookie: server.cookies.viewer }
			);
			if (r.status < 400) accepted.push(JSON.stringify(password));
		}
		expectThat(!accepted.length, `accepted ${accepted.join(', ')}`);
		return 'all five refused';
	});
	await probe('9. over HTTPS the unprefixed session cookie is not accepted', async () => {
		const token = server.cookies.exec.split('=')[1];
		const r = await fetch(`${server.url}/org/medway-maritime`, {
			headers: { 'x-forwarded-proto': 'https', cookie: `flowdeck-session=${token}` },
			redirect: 'manual'
		});
		expectThat(r.status === 303, `answered ${r.status}`);
		return 'sent to sign in';
	});
	await probe('9. a socket from an http page cannot reach the https site', async () => {
		const s = socket(server, server.cookies.exec, { origin: server.url.replace('http:', 'https:') });
		const outcome = await settled(s, 3_000);
		s.close();
		expectThat(outcome.startsWith('refused'), outcome);
		return outcome;
	});
	await probe('9. a socket flooding heartbeats is dropped', async () => {
		const s = socket(server, server.cookies.exec);
		await new Promise<void>((r) => s.once('connect', () => r()));
		const outcome = settled(s);
		for (let i = 0; i < 500; i++) s.emit('heartbeat', () => {});
		const result = await outcome;
		s.close();
		expectThat(result.startsWith('disconnected'), result);
		return result;
	});
	await probe('cross-trust: a Kent viewer can neither open nor watch Leicester', async () => {
		const page = await get(server, '/org/glenfield', { cookie: server.cookies.viewer });
		expectThat(page.status === 403, `/org/glenfield answered ${page.status}`);
		const s = socket(server, server.cookies.viewer);
		await new Promise<void>((r) => s.once('connect', () => r()));
		const reply = await s.timeout(3_000).emitWithAck('subscribe', { org: 'llr' });
		s.close();
		expectThat(!reply.ok, 'joined the LLR room');
		return `403; subscribe answered "${reply.error}"`;
	});
} finally {
	await server.stop();
}

const width = Math.max(...results.map((r) => r.check.length));
console.log(`security probe on ${backend}, ${new Date().toISOString()}`);
for (const r of results) console.log(`${r.pass ? 'PASS' : 'FAIL'}  ${r.check.padEnd(width)}  ${r.detail}`);
const failed = results.filter((r) => !r.pass).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
