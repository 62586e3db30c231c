import { expect, test } from '@playwright/test';
import { accessible, shot } from './helpers.ts';

test('from a metric to the scheme that claims it; a lead sets a target and the history shows it', async ({
	page
}) => {
	await page.goto('/org/medway-maritime?metric=discharges_today');
	await page.getByRole('link', { name: /NK-3a Integrated Discharge Team, Medway and Swale/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'NK-3a: Integrated Discharge Team, Medway and Swale'
	);
	await page.waitForLoadState('networkidle');

	const kpi = page
		.locator('article.kpi')
		.filter({ has: page.getByRole('heading', { name: /Discharges today/ }) });
	await expect(kpi.getByText('Target 15.')).toBeVisible(); // the documented 15 a day (DIS-01)
	await expect(kpi.getByRole('img', { name: /Discharges today by day for scheme NK-3a/ })).toBeVisible();
	await kpi.getByText('Set the baseline, target, trajectory and go-live').click();
	await kpi.getByLabel('Target', { exact: true }).fill('16');
	await kpi.getByLabel('Go-live (limits recalculated)').fill('2026-10-01');
	await kpi.getByRole('button', { name: 'Save plan' }).click();
	await expect(page.getByRole('status')).toContainText('Saved');
	await expect(kpi.getByText(/Target 16\..*go-live 2026-10-01/)).toBeVisible();
	// the history names who was signed in, not a name typed into the form
	await expect(page.getByRole('table', { name: 'History of changes' })).toContainText('e2e.all');

	await accessible(page);
	await page.screenshot({ path: shot('scheme.png'), fullPage: true });

	await kpi.getByLabel('Target', { exact: true }).fill('many'); // the form is still open after saving
	await kpi.getByRole('button', { name: 'Save plan' }).click();
	await expect(kpi.getByText('target: Enter a number')).toBeVisible();
});

test('the scheme register lists every scheme and filters by area', async ({ page }) => {
	await page.goto('/schemes');
	await expect(page.getByRole('table', { name: 'Schemes' }).getByRole('row')).toHaveCount(53);
	await page.getByLabel('Area').selectOption('Rutland');
	await expect(page).toHaveURL(/area=Rutland/);
	await expect(page.getByRole('table', { name: 'Schemes' }).getByRole('row')).toHaveCount(3);
	expect((await page.goto('/schemes/NOPE'))?.status()).toBe(404);
});
