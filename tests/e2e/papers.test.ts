// Issue 12 as a new user meets it: with six weeks of history from the Kent sites, the papers open on the last whole
// period, judge nothing without evidence, add up, fit the screen at 1366 and 1440 px, and print densely. Every page
// visited is checked with axe; screenshots (and the PDF's pages, through pdftoppm) are kept for people to look at.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { Simulation } from '../../src/lib/server/simulator/model.ts';
import { SITE_PROFILES } from '../../src/lib/server/simulator/sites.ts';
import { E2E_KEY } from '../playwright.config.ts';
import { accessible, checkPage, shot } from './helpers.ts';

const KENT = ['medway-maritime', 'darent-valley', 'qeqm', 'william-harvey', 'kent-canterbury'];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
	test.setTimeout(180_000);
	const now = new Date();
	const sim = new Simulation(
		48,
		new Date(now.getTime() - 42 * 86_400_000),
		SITE_PROFILES.filter((p) => KENT.includes(p.site))
	);
	const events = sim.advance(now);
	for (let i = 0; i < events.length; i += 500) {
		const r = await request.post('/api/v1/events', {
			headers: { authorization: `Bearer ${E2E_KEY}` },
			data: { events: events.slice(i, i + 500) }
		});
		expect(r.status(), await r.text()).toBe(200);
	}
});

/** the widths a board member's laptop has, and a phone */
const WIDTHS = [1366, 1440, 1280, 390];

test('the programme report opens on last month and counts Not assessed apart from Green', async ({
	page
}) => {
	await page.goto('/reports');
	const months = page.getByRole('combobox', { name: 'Month', exact: true });
	const month = await months.inputValue();
	await expect(months.locator('option').last()).toContainText('(in progress, so far)');
	expect(await months.locator('option').last().getAttribute('value')).not.toBe(month);
	await page.getByRole('button', { name: 'Open the report' }).first().click();
	await expect(page).toHaveURL(new RegExp(`/reports/monthly\\?scheme=&month=${month}`));
	await expect(page.getByTestId('in-progress')).toHaveCount(0);
	const summary = page.getByRole('region', { name: 'Summary' }).locator('p').first();
	await expect(summary).toContainText(/\d+ red\s+\d+ amber\s+\d+ green\s+\d+ not assessed/);
	const counts = /(\d+) red\s+(\d+) amber\s+(\d+) green\s+(\d+) not assessed/.exec(
		(await summary.textContent())!
	)!;
	const rows = page.getByRole('table', { name: "Every scheme's status" }).locator('tbody tr');
	expect(counts.slice(1).reduce((s, n) => s + Number(n), 0)).toBe(await rows.count());
	expect(Number(counts[4])).toBeGreaterThan(0);
	// a Not assessed row says what is missing; a Green one says what was measured
	await expect(rows.filter({ hasText: 'Not assessed' }).first()).toContainText(
		/no data this period for|it has no KPI that is a figure/
	);
	for (const green of await rows.filter({ hasText: 'Green' }).all())
		await expect(green).toContainText(/On track: \d+ of \d+ KPIs measured/);
	// the plans' open milestones from 2013 are late, with the days
	await expect(rows.filter({ hasText: 'NK-3a' })).toContainText(/days late \(due \d+ \w+ 2013\)/);
	await page.screenshot({ path: shot('programme-report.png'), fullPage: true });
	await checkPage(page, WIDTHS);
});

test("a scheme's report gives its KPIs with units, no data as no data, and recovery from what is known", async ({
	page
}) => {
	await page.goto('/reports/monthly?scheme=NK-3a');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Highlight report: NK-3a');
	const kpis = page.getByRole('table', { name: /KPIs against baseline/ });
	await expect(kpis).toContainText('Discharges (discharges a day)');
	await expect(kpis).not.toContainText('today');
	// reasons carry their numbers
	await expect(page.getByRole('region', { name: /Status/ })).toContainText(/days late \(due/);
	await expect(page.getByRole('region', { name: /narrative/ })).toContainText(
		'No recovery action is recorded for this scheme.'
	);
	await expect(page.getByText('bcf scheme')).toHaveCount(0);
	await page.screenshot({ path: shot('scheme-report.png'), fullPage: true });
	await checkPage(page, WIDTHS);
	await page.goto('/schemes/NK-3a');
	await expect(page.getByText(/\d{3}_[0-9a-f]+\.txt/)).toHaveCount(0);
	await expect(page.getByText('From the plan: Kent BCF plan')).toBeVisible();
});

test('the quarterly exception report opens on the last whole quarter and lists the unassessed apart', async ({
	page
}) => {
	await page.goto('/reports');
	const quarter = await page.getByRole('combobox', { name: 'Quarter', exact: true }).inputValue();
	await page.goto('/reports/quarterly');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(quarter.replace('-Q', ' Q'));
	await expect(page.getByRole('heading', { name: 'Not assessed' })).toBeVisible();
	await expect(page.getByText('No recovery action is recorded for this scheme.').first()).toBeVisible();
	await expect(page.getByText('Continue delivery to plan')).toHaveCount(0);
	await checkPage(page, WIDTHS);
});

test('the weekly pack opens on last week, summarises every site first and adds up', async ({ page }) => {
	await page.goto('/reports/weekly?org=kent-medway');
	await expect(page.getByTestId('in-progress')).toHaveCount(0);
	const summary = page.getByTestId('summary');
	await expect(summary.locator('tbody tr')).toHaveCount(5);
	// the summary comes before the agenda and the sites
	const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
	expect(headings[0]).toBe('Whole system: every site side by side');
	for (const site of await page.locator('section.page[aria-labelledby^="site-"]').all()) {
		const rows = site.getByRole('table').first().locator('tbody tr');
		const dtoc = Number(
			await rows.filter({ hasText: 'Delayed transfers of care' }).locator('td').nth(1).innerText()
		);
		const attribution = await site
			.getByRole('heading', { name: 'Delays by attribution' })
			.locator('xpath=following-sibling::ul[1]/li/strong')
			.allInnerTexts();
		expect(attribution.reduce((s, v) => s + Number(v), 0)).toBe(dtoc);
		// nothing from a year ago: "no data", not 0
		await expect(rows.first().locator('td').nth(4)).toHaveText('no data');
	}
	await page.screenshot({ path: shot('weekly-pack-summary.png'), fullPage: false });
	await checkPage(page, WIDTHS);
});

test('call mode fills the screen, one group of signals per screen', async ({ page }) => {
	await page.setViewportSize({ width: 1366, height: 768 });
	await page.goto('/reports/weekly/call?org=kent-medway');
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(page.getByRole('heading', { name: 'The whole system' })).toBeVisible();
	await page.screenshot({ path: shot('call-mode-summary.png') });
	const next = page.getByRole('button', { name: 'Next →' });
	let shotTaken = false;
	while (await next.isEnabled()) {
		await next.click();
		// every screen fits: nothing runs off the bottom
		const fits = await page.evaluate(() => {
			const slide = document.querySelector('.slide')!;
			return slide.scrollHeight <= slide.clientHeight + 1;
		});
		const title = (await page.getByRole('heading', { level: 2 }).textContent())!;
		expect(fits, title).toBe(true);
		if (!shotTaken && title.startsWith('What changed at')) {
			await page.screenshot({ path: shot('call-mode-signals.png') });
			shotTaken = true;
		}
	}
	await accessible(page);
});

test('the pack as a PDF: two sites to a page, every column, pages looked at', async ({ page }) => {
	await page.goto('/reports/weekly?org=kent-medway');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Draft PDF' }).click()
	]);
	const path = shot('weekly-pack-paper.pdf');
	await download.saveAs(path);
	const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path]).toString())![1]);
	// five sites, the summary and agenda, and the actions: no site alone on a mostly blank page
	expect(pages).toBeLessThanOrEqual(5);
	const text = execFileSync('pdftotext', ['-layout', path, '-']).toString();
	expect(text).toContain('Whole system: every site side by side');
	expect(text.match(/Change +Same week/g)?.length).toBe(5);
	execFileSync('pdftoppm', ['-r', '60', '-png', path, shot('weekly-pack-paper')]);
	console.log(`weekly pack PDF: ${pages} pages, rendered to ${shot('weekly-pack-paper')}-N.png`);
});
