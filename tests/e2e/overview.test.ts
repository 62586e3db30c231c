import { expect, test } from '@playwright/test';
import { E2E_KEY } from '../playwright.config.ts';
import { admitMedicallyStable, checkPage, shot } from './helpers.ts';

test('the overview takes an event over the socket, and folds organisations that are one', async ({
	page,
	request
}) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Whole-system overview' })).toBeVisible();
	await expect(page.locator('[data-connection]')).toHaveText('Live');
	const medway = page.locator('tr[data-org="medway-maritime"]');
	const msl = medway.locator('td[data-metric="msl"]');
	const inpatients = medway.locator('td[data-metric="inpatients"]');
	const before = { msl: Number(await msl.textContent()), inpatients: Number(await inpatients.textContent()) };

	await admitMedicallyStable(request, 'medway-maritime', 'medway-maritime.coe-a');

	// no reload: the row follows its room
	await expect(msl).toHaveText(String(before.msl + 1), { timeout: 2_000 });
	await expect(inpatients).toHaveText(String(before.inpatients + 1));
	await expect(page.locator('tr[data-org="kent-medway"] td[data-metric="msl"]')).not.toHaveText('0');
	// Medway's area, CCG, trust and hospital hold the same patients: one row, which names them
	for (const code of ['hwb-medway', 'ccg-medway', 'mft'])
		await expect(page.locator(`tr[data-org="${code}"]`)).toHaveCount(0);
	await expect(medway.locator('th')).toContainText(
		'same patients as Medway, Medway CCG, Medway NHS Foundation Trust'
	);
	await checkPage(page);
	await page.screenshot({ path: shot('overview.png'), fullPage: true });
});

test('the data-quality page lists a rejected event with its reason', async ({ page, request }) => {
	const response = await request.post('/api/v1/events', {
		headers: { authorization: `Bearer ${E2E_KEY}` },
		data: {
			events: [
				{
					id: 'e2e-bad-site',
					type: 'delay_ended',
					occurredAt: new Date().toISOString(),
					site: 'atlantis',
					spell: 'sp-x'
				}
			]
		}
	});
	expect(response.status()).toBe(422);
	await page.goto('/data-quality');
	const row = page.getByRole('row').filter({ hasText: 'e2e-bad-site' });
	await expect(row).toContainText('site is not a known site code');
	await page.screenshot({ path: shot('data-quality.png'), fullPage: true });
});
