import { expect, test } from '@playwright/test';
import { checkPage, shot } from './helpers.ts';

test('the opportunity calculator works the ICS paper’s pyramid, flags the impossible and names bad input', async ({
	page
}) => {
	await page.goto('/opportunity');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Opportunity analysis');
	await page.waitForLoadState('networkidle');
	const tiers = page.getByRole('table', { name: 'Admissions to avoid, by risk tier' });
	// the paper: 10% from the 0.5% at highest risk alone is 107.5% of their admissions; from the next 4.5%, 40%
	await expect(page.locator('[data-figure=target]')).toContainText('630 of 6,300 emergency admissions');
	await expect(tiers.locator('tr[data-tier="Very high"] [data-figure=alone]')).toHaveText(
		'107.5%: impossible'
	);
	await expect(tiers.locator('tr[data-tier="High"] [data-figure=alone]')).toHaveText(
		'40.3% of its admissions'
	);
	await expect(
		page.getByRole('img', { name: /would have to avoid to cut all admissions by 10% alone/ })
	).toBeVisible();
	// the register's shares sit beside the paper's once an organisation is chosen (the e2e store has Rutland's practices)
	await expect(page.getByLabel('From the register of')).toBeVisible();
	await checkPage(page);
	await page.screenshot({ path: shot('opportunity.png'), fullPage: true });

	// a plan spread over two tiers: 50% of the very high and 20% of the high is 9.61%, short of 10%
	await page.getByLabel("Admissions this tier's plan avoids (%)").nth(0).fill('50');
	await page.getByLabel("Admissions this tier's plan avoids (%)").nth(1).fill('20');
	await expect(page.locator('[data-figure=plan]')).toContainText('605 admissions a year, 9.6% of all');
	await expect(page.locator('[data-figure=plan]')).toContainText('25 short of the target');

	// the figures go into the address, so a link opens the same arithmetic
	await page.getByLabel('People in the population').fill('37000');
	await page.getByRole('button', { name: 'Keep these figures in the address' }).click();
	await expect(page).toHaveURL(/population=37000/);
	await expect(page.locator('[data-figure=target]')).toContainText('233 of 2,331');

	// bad input is named by its field and nothing is worked out from it
	await page.getByLabel('Target reduction in emergency admissions (%)').fill('150');
	await page.getByLabel('Share of the population (%)').nth(0).fill('5');
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('The target reduction (%) must be between 0.1 and 100');
	await expect(alert).toContainText("The tiers' shares of the population add up to 104.5%, not 100%");
	await expect(page.locator('[data-figure=target]')).toHaveCount(0);
	await checkPage(page);

	// the same from a link: the server hands over what was typed and the page names it
	await page.goto('/opportunity?population=lots');
	await expect(page.getByRole('alert')).toContainText('The population must be a number');
});
