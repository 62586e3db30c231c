// The weekly call and the monthly Integration Executive, as the people in them would use FlowDeck: open last week's
// pack, record an action against a figure, see it marked on that figure's chart and listed in this week's pack;
// issue a scheme's monthly highlight report and download it as a PDF that reads right.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';

const WHAT = 'Weekend discharge coordinator at Medway';

test('a weekly pack: record an action, see it on the chart, in call mode and in the next week’s pack', async ({
	page
}) => {
	await page.goto('/reports');
	await page
		.getByRole('combobox', { name: 'For', exact: true })
		.selectOption({ label: 'Kent and Medway (System)' });
	// the last complete week is first and chosen; the week in progress is last, and says so
	const weeks = page.getByRole('combobox', { name: 'Week', exact: true });
	const lastWeek = await weeks.inputValue();
	expect(await weeks.locator('option').nth(0).getAttribute('value')).toBe(lastWeek);
	const thisWeek = (await weeks.locator('option').last().getAttribute('value'))!;
	await expect(weeks.locator('option').last()).toHaveText(`${thisWeek} (in progress, so far)`);
	await page.getByRole('button', { name: 'Open the pack' }).click();
	await expect(page).toHaveURL(new RegExp(`/reports/weekly\\?org=kent-medway&week=${lastWeek}`));
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'Weekly whole-system call: Kent and Medway'
	);
	for (const site of [
		'Medway Maritime Hospital',
		'Darent Valley Hospital',
		'Queen Elizabeth The Queen Mother Hospital'
	])
		await expect(page.getByRole('heading', { level: 2, name: site })).toBeVisible();
	await expect(page.getByTestId('report-version')).toHaveText('Draft (live data, not issued)');

	const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
	await page.getByLabel('What was agreed').fill(WHAT);
	await page.getByLabel('Owner').selectOption('e2e.all');
	await page.getByLabel('Due').fill(due);
	await page.getByLabel('Figure it should move').selectOption({ label: 'Medically stable list' });
	await page
		.getByRole('combobox', { name: 'For', exact: true })
		.selectOption({ label: 'Medway Maritime Hospital' });
	await page.getByRole('button', { name: 'Record action' }).click();
	await expect(page.getByRole('status')).toContainText('Action recorded');
	const actions = page.getByRole('table', { name: 'Open actions, and those closed this week' });
	await expect(actions.getByRole('row').filter({ hasText: WHAT })).toContainText('open');
	await page.screenshot({ path: shot('weekly-pack.png'), fullPage: true });
	// printed, the app around the pack goes and every page carries its foot
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Record action' })).toBeHidden();
	await expect(page.locator('.running')).toContainText(`Kent and Medway · ${lastWeek} · data as of`);
	await page.emulateMedia({ media: 'screen' });
	// the draft downloads too, marked as a draft on every page
	const [draft] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Draft PDF' }).click()
	]);
	const draftPath = shot('weekly-pack-draft.pdf');
	await draft.saveAs(draftPath);
	const draftText = execFileSync('pdftotext', ['-layout', draftPath, '-']).toString();
	const draftPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [draftPath]).toString())![1]);
	expect(draftText).toContain('Weekly whole-system call: Kent and Medway');
	expect(draftText).toContain('Medway Maritime Hospital');
	expect(draftText.match(/draft - page \d+ of \d+/g)).toHaveLength(draftPages);

	// the chart of the figure it should move shows it from the day it was agreed
	await page.goto('/org/medway-maritime?metric=msl&range=30d&bucket=day');
	await expect(page.locator('svg text').filter({ hasText: `Action: ${WHAT.slice(0, 29)}` })).toBeVisible();
	await page.screenshot({ path: shot('chart-with-action.png') });

	// this week's pack carries it, open, as does call mode
	await page.goto(`/reports/weekly?org=kent-medway&week=${thisWeek}`);
	await expect(
		page
			.getByRole('table', { name: 'Open actions, and those closed this week' })
			.getByRole('row')
			.filter({ hasText: WHAT })
	).toContainText('open');
	await expect(page.getByTestId('in-progress')).toContainText('Period in progress');
	await page.getByRole('link', { name: 'Call mode' }).click();
	const items = /Item 1 of (\d+)/.exec((await page.getByText(/^Item 1 of \d+/).textContent())!)![1];
	while (await page.getByRole('button', { name: 'Next →' }).isEnabled())
		await page.keyboard.press('ArrowRight');
	await expect(page.getByText(`Item ${items} of ${items}`)).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: WHAT })).toBeVisible();
	await page.screenshot({ path: shot('call-mode.png') });

	// and its owner sees it on arrival
	await page.goto('/');
	await expect(page.getByRole('table', { name: 'Actions you own' })).toContainText(WHAT);
});

test('issue a monthly highlight report and download it as a PDF and CSV', async ({ page }) => {
	await page.goto('/reports');
	await page
		.getByRole('combobox', { name: 'Scheme', exact: true })
		.selectOption({ label: 'NK-3a Integrated Discharge Team, Medway and Swale' });
	await page.getByRole('button', { name: 'Open the report' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Highlight report: NK-3a');
	const derived = (await page.getByTestId('rag').textContent())!.trim();

	// the lead sets the status; without a comment it is refused
	await page.getByLabel('Set the status yourself').selectOption('green');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('alert')).toContainText('the comment is required');
	await page.getByLabel('Set the status yourself').selectOption('green');
	await page
		.getByLabel('Why (required when you set it)')
		.fill('Recruitment closed early; plan agreed with the ICB');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByTestId('rag')).toHaveText('Green');
	if (derived !== 'Green') await expect(page.getByText('Set by the scheme lead')).toBeVisible();

	await page.getByRole('button', { name: 'Issue this report' }).click();
	await expect(page).toHaveURL(/\/reports\/\d+$/);
	await expect(page.getByTestId('report-version')).toHaveText('Version 1');
	await page.screenshot({ path: shot('monthly-report.png'), fullPage: true });

	const [pdf] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download PDF' }).click()
	]);
	expect(pdf.suggestedFilename()).toMatch(/^flowdeck-monthly-NK-3a-\d{4}-\d{2}-v1\.pdf$/);
	const path = shot('monthly-report.pdf');
	await pdf.saveAs(path);
	const text = execFileSync('pdftotext', ['-layout', path, '-']).toString();
	const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path]).toString())![1]);
	expect(text).toContain('Highlight report: NK-3a Integrated Discharge Team');
	expect(text).toContain('Recruitment closed early; plan agreed with the ICB');
	expect(text).toMatch(/Risk register/);
	// the organisation, period, as-of and version at the foot of every page
	const feet = text.match(/version 1 - page \d+ of \d+/g) ?? [];
	expect(feet).toHaveLength(pages);
	expect(feet.at(-1)).toBe(`version 1 - page ${pages} of ${pages}`);
	console.log(`monthly report PDF: ${pages} pages, ${readFileSync(path).length} bytes`);

	const [csv] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download CSV' }).click()
	]);
	const rows = readFileSync(await csv.path(), 'utf8');
	expect(rows).toMatch(/^report,"Highlight report: NK-3a Integrated Discharge Team, Medway and Swale, /);
	expect(rows).toContain('version,1');

	// the history lists it
	await page.goto('/reports');
	await expect(page.getByRole('table', { name: /monthly highlight reports/ })).toContainText('NK-3a');
});
