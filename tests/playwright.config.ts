// End-to-end tests drive the production build (`node scripts/serve.js`) in Debian's Chromium.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_KEY = 'fdk_e2e000000001_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const port = Number(process.env.E2E_PORT ?? 4317);
const dataDir = join(mkdtempSync(join(tmpdir(), 'flowdeck-e2e-')), 'pglite');

export default defineConfig({
	testDir: '.',
	projects: [
		{ name: 'sign-in', testMatch: 'e2e/auth.setup.ts' },
		{
			name: 'chromium',
			testMatch: 'e2e/**/*.test.ts',
			dependencies: ['sign-in'],
			// the older tests act as one user who may do everything; the sign-in tests choose their own
			use: { storageState: new URL('artifacts/state/e2e.all.json', import.meta.url).pathname }
		}
	],
	outputDir: 'artifacts/results',
	timeout: 60_000,
	retries: process.env.CI ? 1 : 0,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node tests/e2e/server.ts',
		cwd: '..',
		url: `http://127.0.0.1:${port}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			FLOWDECK_DATA_DIR: dataDir,
			FLOWDECK_DEMO_KEY: E2E_KEY,
			DATABASE_URL: '',
			// a fast ticker, so tiles go stale within seconds when the pipeline stops
			FLOWDECK_TICK_MS: '3000',
			// escalations and feeds checked every second, so an alarm's first step shows at once
			FLOWDECK_ALARM_CHECK_MS: '1000'
		}
	}
});
