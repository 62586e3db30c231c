// Issue 13 as people use it: a scheme lead enters last month's return for a KPI no event measures and submits it;
// until an executive approves it the report has nothing to judge by; once approved the monthly report shows the
// figure with its version and the scheme's status changes; a target the figure misses turns it amber.
import { expect, test } from '@playwright/test';
import { checkPage, shot } from './helpers.ts';
import { signInAs } from './people.ts';

const lastMonth = (() => {
	const d = new Date();
	const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
	return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
})();
const report = `/reports/monthly?scheme=THA04&month=${lastMonth}`;

test('a lead enters a return, an executive approves it, and the monthly report and its status follow', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	// nothing returned yet: the scheme has nothing measured
	await page.goto(report);
	await expect(page.getByTestId('rag')).toHaveText('Not assessed');
	const kpis = page.getByRole('table', { name: /KPIs against baseline/ });
	await expect(kpis.getByRole('row', { name: /FALL-08/ })).toContainText('no return');

	// the lead (e2e.all holds the scheme-lead role across Kent and Medway) enters and submits it
	await page.goto('/schemes/THA04');
	await page.waitForLoadState('networkidle');
	await page.getByText('Enter a return').click();
	const entry = page.locator('form[action="?/saveReturn"]');
	await entry.getByLabel('KPI').selectOption('FALL-08');
	await entry.getByLabel(/Period/).fill(lastMonth);
	await entry.getByLabel('Value').fill('120');
	await entry.getByRole('button', { name: 'Submit for approval' }).click();
	await expect(entry.getByRole('alert')).toContainText('value: a percentage is between 0 and 100');
	await entry.getByLabel('Value').fill('');
	await entry.getByLabel('Numerator').fill('46');
	await entry.getByLabel('Denominator').fill('50');
	await entry.getByRole('button', { name: 'Submit for approval' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved version 1 as submitted' })).toBeVisible();
	const waiting = page.getByRole('table', { name: 'Returns to submit or decide' });
	await expect(waiting).toContainText('46 / 50');
	// the one who entered it cannot approve it
	await waiting.getByRole('button', { name: `Approve FALL-08 ${lastMonth}` }).click();
	await expect(page.getByRole('alert')).toContainText('someone else approves it');
	await page.screenshot({ path: shot('returns-entered.png'), fullPage: true });
	await checkPage(page);
	await page.goto(report);
	await expect(page.getByTestId('rag')).toHaveText('Not assessed');

	// an executive finds it in their inbox and approves it
	const exec = await (await browser.newContext({ storageState: undefined })).newPage();
	await signInAs(exec, 'demo.exec', '/returns');
	await exec.goto('/returns');
	const inbox = exec.getByRole('table', { name: 'Awaiting your approval' });
	await expect(inbox).toContainText('FALL-08');
	await inbox.getByRole('link', { name: 'THA04' }).first().click();
	await exec.waitForLoadState('networkidle');
	await exec.getByRole('button', { name: `Approve FALL-08 ${lastMonth}` }).click();
	await expect(exec.getByRole('status')).toContainText(`Approved FALL-08 for ${lastMonth} (version 1)`);
	await checkPage(exec);

	// the report shows the figure, the version and who approved it, and the scheme is now judged
	await page.goto(report);
	const row = kpis.getByRole('row', { name: /FALL-08/ });
	await expect(row).toContainText('92');
	await expect(row).toContainText(`Returned for ${lastMonth}, version 1, approved by demo.exec`);
	await expect(page.getByTestId('rag')).toHaveText('Green');
	await page.screenshot({ path: shot('returns-report-green.png'), fullPage: true });

	// the lead sets a target of 95%: 92 misses it, and the status says so with the numbers
	await page.goto('/schemes/THA04');
	await page.waitForLoadState('networkidle');
	const kpi = page.locator('article.kpi').filter({ has: page.getByRole('heading', { name: /FALL-08/ }) });
	await kpi.getByText('Set the baseline, target, trajectory and go-live').click();
	await kpi.getByLabel('Target', { exact: true }).fill('95');
	await kpi.getByRole('button', { name: 'Save plan' }).click();
	await expect(page.getByRole('status').first()).toContainText('Saved');
	await page.goto(report);
	await expect(page.getByTestId('rag')).toHaveText('Amber');
	await expect(page.getByRole('region', { name: 'Status' })).toContainText(
		'was 92 % compliance in the latest month returned, against a target of 95'
	);
	await page.screenshot({ path: shot('returns-report-amber.png'), fullPage: true });
	await checkPage(page);
});
