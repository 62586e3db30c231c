// Helpers for the end-to-end tests: events through the public ingest API, and a server of the test's own.
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairDevice, registerDevice } from '../../src/lib/server/auth/devices.ts';
import { openReadyStore } from '../../src/lib/server/db/index.ts';
import { E2E_KEY } from '../playwright.config.ts';

/** screenshots for people to look at, kept with the test artefacts */
export const shot = (name: string) => new URL(`../artifacts/${name}`, import.meta.url).pathname;

const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
let n = 0;

/** Admit a patient to a ward and put them on the medically stable list; returns the spell. */
export async function admitMedicallyStable(
	request: APIRequestContext,
	site: string,
	ward: string,
	base = ''
) {
	const spell = `sp-e2e-${Date.now()}-${++n}`;
	const response = await request.post(`${base}/api/v1/events`, {
		headers: { authorization: `Bearer ${E2E_KEY}` },
		data: {
			events: [
				{
					id: `${spell}-a`,
					type: 'admission',
					occurredAt: at(30),
					site,
					spell,
					patient: `pt-${spell}`,
					method: 'emergency',
					ward
				},
				{ id: `${spell}-m`, type: 'medically_stable', occurredAt: at(1), site, spell }
			]
		}
	});
	if (response.status() !== 200)
		throw new Error(`ingest answered ${response.status()}: ${await response.text()}`);
	return spell;
}

export async function currentFigures(request: APIRequestContext, org: string, base = '') {
	const response = await request.get(`${base}/api/v1/metrics?org=${org}`, {
		headers: { authorization: `Bearer ${E2E_KEY}` }
	});
	return (await response.json()) as { seq: number; metrics: Record<string, number | null> };
}

/** A production server of the test's own, on its own port and data, which the test may stop and start again. */
export class OwnServer {
	#child: ChildProcess | null = null;
	readonly port: number;
	readonly dataDir = join(mkdtempSync(join(tmpdir(), 'flowdeck-e2e-own-')), 'pglite');
	readonly #env: Record<string, string>;
	/** `env`: settings over the defaults (a DATABASE_URL shared with another node, say) */
	constructor(port: number, env: Record<string, string> = {}) {
		this.port = port;
		this.#env = env;
	}
	get pid() {
		return this.#child?.pid;
	}
	get url() {
		return `http://127.0.0.1:${this.port}`;
	}
	/** Before the first start: registers and pairs a screen for one board; returns its device token. */
	async pairedDevice(org: string): Promise<string> {
		const store = await openReadyStore({ dataDir: this.dataDir });
		try {
			const made = await registerDevice(store.db, { name: `${org} screen`, board: { org }, by: 'e2e' });
			if ('problems' in made) throw new Error(JSON.stringify(made.problems));
			return (await pairDevice(store.db, made.code))!.token;
		} finally {
			await store.close();
		}
	}
	async start() {
		this.#child = spawn(process.execPath, ['scripts/serve.js'], {
			cwd: new URL('../..', import.meta.url).pathname,
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				FLOWDECK_DATA_DIR: this.dataDir,
				FLOWDECK_DEMO_KEY: E2E_KEY,
				FLOWDECK_TICK_MS: '3000',
				DATABASE_URL: '',
				...this.#env
			},
			stdio: 'ignore'
		});
		for (let i = 0; i < 120; i++) {
			try {
				if ((await fetch(`${this.url}/api/health`)).ok) return;
			} catch {
				// not up yet
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error('the server did not start');
	}
	async stop() {
		const child = this.#child;
		if (!child) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
		this.#child = null;
	}
}

/** No serious or critical axe violation on the page. */
export async function accessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** Accessible, and scrolling only vertically at each width; the first width is the one left set. */
export async function checkPage(page: Page, widths = [1280, 390]) {
	await accessible(page);
	for (const width of widths) {
		await page.setViewportSize({ width, height: 900 });
		// the charts redraw at the new width a moment after the window changes
		await expect
			.poll(
				() =>
					page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
				{ message: `sideways scroll at ${width} px` }
			)
			.toBeLessThanOrEqual(0);
	}
	await page.setViewportSize({ width: widths[0], height: 900 });
}
