// Two app nodes on one PostgreSQL behind nginx with TLS, as scripts/deploy/nginx.conf sets them up: a board connected
// through the proxy sees an event ingested through the other node; stopping the node it is connected to (SIGTERM, so
// it drains) makes it reconnect through the proxy to the survivor and resync exactly.
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairDevice, registerDevice } from '../../src/lib/server/auth/devices.ts';
import { testStore, type TestStore } from '../stores.ts';
import { admitMedicallyStable, currentFigures, OwnServer, shot } from './helpers.ts';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const PROXY_PORT = 4443;
const NODES = [4331, 4332];

/** scripts/deploy/nginx.conf with this test's ports and certificate, inside a main config of the test's own */
function nginxConfig(dir: string) {
	const deploy = readFileSync(new URL('../../scripts/deploy/nginx.conf', import.meta.url), 'utf8');
	const replacements: [string, string][] = [
		['server 127.0.0.1:3001', `server 127.0.0.1:${NODES[0]}`],
		['server 127.0.0.1:3002', `server 127.0.0.1:${NODES[1]}`],
		['listen 80;', 'listen 127.0.0.1:4480;'],
		['listen 443 ssl;', `listen 127.0.0.1:${PROXY_PORT} ssl;`],
		['/etc/ssl/flowdeck/fullchain.pem', join(dir, 'cert.pem')],
		['/etc/ssl/flowdeck/privkey.pem', join(dir, 'key.pem')]
	];
	let site = deploy;
	for (const [from, to] of replacements) {
		if (!site.includes(from)) throw new Error(`scripts/deploy/nginx.conf no longer has "${from}"`);
		site = site.replace(from, to);
	}
	writeFileSync(join(dir, 'flowdeck.conf'), site);
	const temp = join(dir, 'temp');
	mkdirSync(temp);
	chmodSync(dir, 0o755);
	chmodSync(temp, 0o777); // nginx's workers run as nobody
	writeFileSync(
		join(dir, 'nginx.conf'),
		`worker_processes 1;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path ${temp}/body; proxy_temp_path ${temp}/proxy; fastcgi_temp_path ${temp}/fastcgi;
	uwsgi_temp_path ${temp}/uwsgi; scgi_temp_path ${temp}/scgi;
	include ${join(dir, 'flowdeck.conf')};
}
`
	);
}

test.describe('two nodes behind nginx', () => {
	test.setTimeout(180_000);
	let store: TestStore;
	let proxy: ChildProcess | null = null;
	let proxyLog = '';
	const nodes: OwnServer[] = [];

	test.beforeAll(async () => {
		if (!existsSync(NGINX)) throw new Error(`nginx is missing at ${NGINX}: apt-get install nginx-light`);
		store = await testStore('postgres');
		const dir = mkdtempSync(join(tmpdir(), 'flowdeck-proxy-'));
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
			'-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')
		], { stdio: 'ignore' }); // prettier-ignore
		nginxConfig(dir);
		proxy = spawn(NGINX, [
			'-p',
			dir,
			'-c',
			join(dir, 'nginx.conf'),
			'-e',
			'stderr',
			'-g',
			`daemon off; pid ${dir}/nginx.pid;`
		]);
		proxy.stderr!.on('data', (c) => (proxyLog += c));
		for (const port of NODES) {
			const node = new OwnServer(port, {
				DATABASE_URL: store.urls!.app,
				DATABASE_OWNER_URL: store.urls!.owner,
				FLOWDECK_TRUST_PROXY: '1',
				ADDRESS_HEADER: 'x-forwarded-for'
			});
			nodes.push(node);
			await node.start();
		}
	});

	test.afterAll(async () => {
		proxy?.kill('SIGTERM');
		for (const node of nodes) await node.stop();
		await store?.drop();
	});

	test('a board follows events through either node and survives the loss of its own', async ({ browser }) => {
		const made = await registerDevice(store.db, {
			name: 'Glenfield corridor',
			board: { org: 'glenfield' },
			by: 'e2e'
		});
		if ('problems' in made) throw new Error(JSON.stringify(made.problems));
		const device = (await pairDevice(store.db, made.code))!.token;
		const base = `https://localhost:${PROXY_PORT}`;
		const context = await browser.newContext({
			ignoreHTTPSErrors: true,
			viewport: { width: 1920, height: 1080 }
		});
		await context.addCookies([{ name: '__Host-flowdeck-device', value: device, url: base, secure: true }]);
		const page = await context.newPage();
		try {
			const answer = await page.goto(`${base}/wallboard/glenfield`);
			expect(answer?.status(), proxyLog).toBe(200);
			await expect(page.locator('.status')).toHaveText(/Live/);

			// which node holds the board's socket: each node counts its sockets in its heartbeat (live/nodes.ts)
			let holder: OwnServer | undefined;
			await expect(async () => {
				const rows = await store.db
					.selectFrom('app_node')
					.select(['id', 'sockets'])
					.where('sockets', '>', 0)
					.execute();
				holder = nodes.find((n) => rows.some((r) => r.id.endsWith(`:${n.pid}`)));
				expect(holder).toBeDefined();
			}).toPass({ timeout: 30_000 });
			const other = nodes.find((n) => n !== holder)!;

			// ingested through the node the board is not connected to
			await admitMedicallyStable(page.request, 'glenfield', 'glenfield.stroke', other.url);
			await expect(page.locator('[data-tile="msl"]')).toHaveText('1', { timeout: 5_000 });

			// its node drains and stops; the board reconnects through the proxy to the survivor
			await holder!.stop();
			await admitMedicallyStable(page.request, 'glenfield', 'glenfield.amu', other.url);
			await expect(page.locator('[data-tile="msl"]')).toHaveText('2', { timeout: 20_000 });
			await expect(page.locator('.status')).toHaveText(/Live/);
			await page.screenshot({ path: shot('proxy-board-after-failover.png') });
			const figures = await currentFigures(page.request, 'glenfield', other.url);
			const tiles = { msl: 'msl', los15: 'los_over_15', dtoc: 'dtoc', discharges: 'discharges_today' };
			for (const [tile, key] of Object.entries(tiles))
				await expect(page.locator(`[data-tile="${tile}"] .figure`).first()).toHaveText(
					String(figures.metrics[key])
				);
		} finally {
			await context.close();
		}
	});
});
