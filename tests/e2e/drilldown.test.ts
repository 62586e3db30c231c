import { expect, test } from '@playwright/test';
import { E2E_KEY } from '../playwright.config.ts';
import { accessible, admitMedicallyStable, checkPage, currentFigures, shot } from './helpers.ts';

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

test('a unit no source has sent events for says no data, not zeros, on its page and the overview', async ({
	page
}) => {
	await page.goto('/org/westbrook-house');
	await expect(page.getByRole('status')).toContainText(
		'No data: no source has sent events for Westbrook House'
	);
	await expect(page.locator('[data-metric="inpatients"]').first()).toHaveText('No data');
	await checkPage(page);
	await page.goto('/');
	await expect(page.locator('tr[data-org="westbrook-house"]')).toContainText('No data');
	await expect(page.locator('tr[data-org="westbrook-house"] [data-metric]')).toHaveCount(0);
});

test('the weekend share is charted by week: a day of it is all weekend or none', async ({ page }) => {
	await page.goto('/org/kent-medway?metric=weekend_discharges_pct&bucket=day');
	await expect(page.getByRole('combobox', { name: 'Bucket' })).toHaveValue('week');
	await expect(page.getByText('a day is all weekend or none of it')).toBeVisible();
	await accessible(page);
	await page.screenshot({ path: shot('weekend-share.png'), fullPage: true });
});

test('a site’s care homes: attendances and emergency admissions by home, drawn and tabled', async ({
	page,
	request
}) => {
	const stamp = Date.now().toString(36);
	const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
	const home = `ch-e2e-${stamp}`;
	const attendances = [1, 2, 3].map((i) => ({
		id: `att-${stamp}-${i}`,
		type: 'ae_attendance',
		occurredAt: hoursAgo(i + 2),
		site: 'darent-valley',
		attendance: `att-${stamp}-${i}`,
		arrivedFrom: 'care_home',
		careHome: home
	}));
	const admission = {
		id: `adm-${stamp}`,
		type: 'admission',
		occurredAt: hoursAgo(1),
		site: 'darent-valley',
		spell: `sp-${stamp}`,
		patient: `pt-${stamp}`,
		method: 'emergency',
		from: 'care_home',
		careHome: home
	};
	const response = await request.post('/api/v1/events', {
		headers: { authorization: `Bearer ${E2E_KEY}` },
		data: { events: [...attendances, admission] }
	});
	expect(response.status()).toBe(200);

	await page.goto('/org/darent-valley');
	await page.getByRole('link', { name: 'Care homes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Care homes: Darent Valley Hospital');
	await page.getByRole('link', { name: '7 days' }).click();
	await expect(page.getByRole('img', { name: /by care home/ })).toBeVisible();
	await page.getByText('Show the data as a table').first().click();
	const row = page.locator(`tr[data-home="${home}"]`);
	await expect(row).toContainText(home);
	// no practice has said how many beds it has: its rates per bed are no figure, not zero
	await expect(row.locator('td').nth(1)).toHaveText('Not sent');
	await expect(row.locator('td').nth(2)).toHaveText('1');
	await expect(row.locator('td').nth(3)).toHaveText('—');
	await expect(row.locator('td').nth(4)).toHaveText('3');
	await expect(
		page.getByRole('list', { name: 'Care homes to call today' }).locator(`li[data-home="${home}"]`)
	).toContainText('1 admitted, 3 at A&E this week (beds not sent)');
	await checkPage(page);
	await page.screenshot({ path: shot('care-homes.png'), fullPage: true });
	expect((await page.goto('/org/darent-valley/care-homes?days=2'))?.status()).toBe(400);
});
