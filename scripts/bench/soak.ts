// Soak of one wallboard page in Chromium with events arriving all the while: JS heap, DOM nodes and event listeners
// at the start and the end (and every 5 minutes), so leaks in listeners or chart instances show.
// Usage: npm run build && node scripts/bench/soak.ts [--minutes 30] [--backend postgres|pglite]
import { chromium } from '@playwright/test';
import { startServer } from '../../tests/api/server.ts';
import { backendArg } from './stats.ts';

const at = process.argv.indexOf('--minutes');
const minutes = at > 0 ? Number(process.argv[at + 1]) : 30;
const server = await startServer(backendArg());
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info']
});

let n = 0;
const post = (events: unknown[]) =>
	fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
		body: JSON.stringify({ events })
	}).then((r) => r.arrayBuffer());
// two events a second on the board's site: admissions, some put on the medically stable list, some discharged
const traffic = setInterval(() => {
	const spell = `sp-soak-${++n}`;
	const now = new Date().toISOString();
	const events: unknown[] = [
		{
			id: `${spell}-a`,
			type: 'admission',
			occurredAt: now,
			site: 'medway-maritime',
			spell,
			patient: `pt-${spell}`,
			method: 'emergency',
			ward: 'medway-maritime.coe-a'
		}
	];
	if (n % 2)
		events.push({
			id: `${spell}-m`,
			type: 'medically_stable',
			occurredAt: now,
			site: 'medway-maritime',
			spell
		});
	if (n > 20 && n % 3 === 0)
		events.push({
			id: `sp-soak-${n - 20}-d`,
			type: 'discharge',
			occurredAt: now,
			site: 'medway-maritime',
			spell: `sp-soak-${n - 20}`,
			destination: 'usual_residence'
		});
	void post(events).catch(() => {});
}, 1000);

try {
	const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	const [name, value] = server.cookies.everywhere.split('=');
	await page.context().addCookies([{ name, value, url: server.url }]);
	await page.goto(`${server.url}/wallboard/medway-maritime`);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const sample = async (label: string) => {
		await cdp.send('HeapProfiler.collectGarbage');
		const { metrics } = await cdp.send('Performance.getMetrics');
		const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
		const status = await page.locator('.status').textContent();
		console.log(
			`${label.padEnd(8)} heap ${(get('JSHeapUsedSize') / 1048576).toFixed(2)} MB, DOM nodes ${get('Nodes')}, listeners ${get('JSEventListeners')}, ` +
				`msl tile ${await page.locator('[data-tile="msl"]').textContent()}, connection ${status?.trim()}`
		);
	};
	await page.waitForTimeout(5_000);
	await sample('start');
	for (let minute = 1; minute <= minutes; minute++) {
		await page.waitForTimeout(60_000);
		if (minute % 5 === 0 || minute === minutes) await sample(`${minute} min`);
	}
	console.log(`soak: ${minutes} minutes, ${n} ingest requests`);
} finally {
	clearInterval(traffic);
	await browser.close();
	await server.stop();
}
