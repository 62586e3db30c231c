import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { admitMedicallyStable, currentFigures, shot } from './helpers.ts';

async function accessible(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test('drill down from the whole system to a ward and its medically stable list', async ({
	page,
	request
}) => {
	const spell = await admitMedicallyStable(request, 'medway-maritime', 'medway-maritime.coe-a');

	await page.goto('/');
	await page.getByRole('link', { name: 'Kent and Medway', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kent and Medway');
	const system = await currentFigures(request, 'kent-medway');
	await expect(page.locator('.figures [data-metric="msl"]')).toHaveText(String(system.metrics.msl));
	await expect(
		page.getByRole('img', { name: /Medically stable list, Kent and Medway, by day/ })
	).toBeVisible();
	await accessible(page);
	await page.screenshot({ path: shot('drilldown-system.png'), fullPage: true });

	for (const name of ['Medway', 'Medway CCG', 'Medway NHS Foundation Trust', 'Medway Maritime Hospital']) {
		await page
			.getByRole('table', { name: /ranked by pressure/ })
			.getByRole('link', { name, exact: true })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	}
	const site = await currentFigures(request, 'medway-maritime');
	await expect(page.locator('.figures [data-metric="msl"]')).toHaveText(String(site.metrics.msl));
	await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText(
		/Kent and Medway\s*›\s*Medway\s*›\s*Medway CCG/
	);
	await accessible(page);

	// the view lives in the URL: change the metric and range, and the link reopens the same view
	await page.getByLabel('Metric').selectOption('dtoc');
	await expect(page).toHaveURL(/metric=dtoc/);
	await page.getByLabel('Range').selectOption('30d');
	await expect(page).toHaveURL(/range=30d/);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Delayed transfers of care over time' })).toBeVisible();
	await page.screenshot({ path: shot('drilldown-site.png'), fullPage: true });

	await page
		.getByRole('table', { name: /ranked by pressure/ })
		.getByRole('link', { name: 'Care of the Elderly A' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Care of the Elderly A');
	await expect(page).toHaveURL(/metric=dtoc&range=30d/);
	await page.getByRole('link', { name: 'Medically stable list' }).click();
	await expect(page.getByRole('row').filter({ hasText: spell })).toBeVisible();
	await accessible(page);
	await page.screenshot({ path: shot('medically-stable-list.png'), fullPage: true });

	const csv = await request.get('/org/medway-maritime.coe-a/msl.csv');
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain(spell);
});

test('the delays view shows bed-days, the Pareto and a table for every chart', async ({ page }) => {
	await page.goto('/org/medway-maritime/delays?days=30');
	await expect(page.getByRole('heading', { name: 'Delayed bed-days, last 30 days' })).toBeVisible();
	await page.getByText('Show the data as a table').first().click();
	await expect(
		page
			.getByRole('columnheader', { name: 'Cumulative %' })
			.or(page.getByRole('columnheader', { name: 'Social care' }))
			.first()
	).toBeVisible();
	await accessible(page);
	await page.screenshot({ path: shot('delays.png'), fullPage: true });
});

test('bad drill-down views get a clear error', async ({ page }) => {
	expect((await page.goto('/org/atlantis'))?.status()).toBe(404);
	expect((await page.goto('/org/llr?metric=beds'))?.status()).toBe(400);
	await expect(page.getByText('beds is not a metric of the catalogue')).toBeVisible();
	expect((await page.goto('/org/llr?range=2y&bucket=hour'))?.status()).toBe(400);
	expect((await page.goto('/org/llr/msl'))?.status()).toBe(400);
});
