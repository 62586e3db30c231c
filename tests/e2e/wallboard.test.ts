import { expect, test } from '@playwright/test';
import { admitMedicallyStable, currentFigures, OwnServer, shot } from './helpers.ts';

test.describe('live wallboard', () => {
	test.use({ viewport: { width: 1920, height: 1080 } });

	test('a posted event changes the tile within a second, without a reload', async ({ page, request }) => {
		// a site with data: one no source has sent anything for shows "No data", not tiles of zeros
		await admitMedicallyStable(request, 'qeqm', 'qeqm.coe-a');
		await page.goto('/wallboard/qeqm');
		await expect(page.locator('.status')).toHaveText(/Live/);
		const msl = page.locator('[data-tile="msl"]');
		const before = Number(await msl.textContent());
		const started = Date.now();
		await admitMedicallyStable(request, 'qeqm', 'qeqm.coe-b');
		await expect(msl).toHaveText(String(before + 1), { timeout: 1_000 });
		console.log(`tile changed ${Date.now() - started} ms after the post was sent`);
		await expect(page.locator('.flash').first()).toBeVisible();
		// nothing overflows the TV
		const size = await page.evaluate(() => ({
			w: document.documentElement.scrollWidth,
			h: document.documentElement.scrollHeight
		}));
		expect(size).toEqual({ w: 1920, h: 1080 });
		await page.screenshot({ path: shot('wallboard-1920x1080.png') });
	});

	test('a cut connection shows the banner and stale tiles, then resyncs exactly', async ({
		page,
		request
	}) => {
		let cut = false;
		await page.routeWebSocket(/socket\.io/, (ws) => {
			const server = ws.connectToServer();
			ws.onMessage((m) => !cut && server.send(m));
			server.onMessage((m) => !cut && ws.send(m));
		});
		await admitMedicallyStable(request, 'darent-valley', 'darent-valley.amu');
		await page.goto('/wallboard/darent-valley');
		await expect(page.locator('.status')).toHaveText(/Live/);
		const msl = page.locator('[data-tile="msl"]');

		cut = true;
		const cutAt = Date.now();
		await expect(page.getByRole('alert')).toContainText('Connection to FlowDeck lost', { timeout: 15_000 });
		console.log(`banner shown ${Date.now() - cutAt} ms after the cut`);
		await expect(page.locator('.tile.stale').first()).toBeVisible({ timeout: 15_000 });
		const shown = Number(await msl.textContent());
		await admitMedicallyStable(request, 'darent-valley', 'darent-valley.amu');
		await admitMedicallyStable(request, 'darent-valley', 'darent-valley.coe-a');
		await page.waitForTimeout(1_000);
		await expect(msl).toHaveText(String(shown)); // still cut off

		cut = false;
		const healed = Date.now();
		const server = await currentFigures(request, 'darent-valley');
		await expect(msl).toHaveText(String(server.metrics.msl), { timeout: 10_000 });
		await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 10_000 });
		await expect(page.locator('.status')).toHaveText(/Live/);
		console.log(`exact figures back ${Date.now() - healed} ms after the network returned`);
		await expect(page.locator('[data-tile="dtoc"]')).toHaveText(String(server.metrics.dtoc));
		await expect(page.locator('.tile.stale')).toHaveCount(0, { timeout: 10_000 });
	});

	test('survives a server restart unattended', async ({ page, request }) => {
		const own = new OwnServer(4319);
		// a corridor screen runs on a paired device, not on anyone's session
		const device = await own.pairedDevice('glenfield');
		await own.start();
		try {
			await page.context().clearCookies();
			await page.context().addCookies([{ name: 'flowdeck-device', value: device, url: own.url }]);
			await page.goto(`${own.url}/wallboard/glenfield`);
			await expect(page.locator('.status')).toHaveText(/Live/);
			await own.stop();
			await expect(page.getByRole('alert')).toBeVisible({ timeout: 15_000 });
			await page.screenshot({ path: shot('wallboard-disconnected.png') });
			await own.start();
			await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 20_000 });
			// a new store: nothing has been sent for Glenfield, so its board says "No data", not zeros, until it has
			await expect(page.getByTestId('no-data')).toContainText('No data');
			await admitMedicallyStable(request, 'glenfield', 'glenfield.stroke', own.url);
			await expect(page.locator('[data-tile="msl"]')).toHaveText('1', { timeout: 2_000 });
			await expect(page.getByTestId('no-data')).toHaveCount(0);
		} finally {
			await own.stop();
		}
	});

	test('a playlist rotates and takes its new configuration live', async ({ page, browser }) => {
		await page.goto('/wallboard/playlists');
		await page.waitForLoadState('networkidle'); // hydrated, so the form keeps what is typed
		await page.getByLabel('Name').fill('Kent control room');
		await page.getByLabel('Seconds on each screen').fill('5');
		await page.getByLabel('Organisation 1').selectOption('medway-maritime');
		await page.getByRole('button', { name: 'Add a screen' }).click();
		await page.getByLabel('Organisation 2').selectOption('darent-valley');
		await page.getByRole('button', { name: 'Create playlist' }).click();
		await expect(page.getByRole('heading', { name: 'Kent control room' })).toBeVisible();
		const editor = page.url();
		const id = editor.split('/').pop();

		const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await screen.goto(`/wallboard/playlist/${id}`);
		await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Medway Maritime Hospital');
		await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Darent Valley Hospital', {
			timeout: 8_000
		});

		await page.getByLabel('Organisation 2').selectOption('rutland-memorial');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(page.getByRole('status')).toContainText('Saved');
		await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Rutland Memorial Hospital, Oakham', {
			timeout: 12_000
		});
		await screen.close();
	});

	test('an unknown organisation is a clear 404', async ({ page }) => {
		const response = await page.goto('/wallboard/atlantis');
		expect(response?.status()).toBe(404);
		await expect(page.getByText('No organisation has the code atlantis')).toBeVisible();
	});
});
