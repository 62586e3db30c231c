// An alarm's life as people meet it: an event pushes a figure past a limit, the board shows the alarm within two
// seconds, the escalation policy's first step fires, a flow manager acknowledges it from a phone-sized page, and the
// board shows it acknowledged. The timing of later steps is in src/lib/server/alarms/alarms.spec.ts (a fake clock).
import { expect, test } from '@playwright/test';
import { accessible, admitMedicallyStable, checkPage, currentFigures, shot } from './helpers.ts';
import { state } from './people.ts';

const SITE = 'medway-maritime';

test('a figure past its limit raises an alarm that a flow manager acknowledges from a phone', async ({
	page,
	request,
	browser
}) => {
	test.setTimeout(120_000);
	// an administrator: the first step of the policy goes to the site's flow managers at once
	await page.goto(`/admin/escalation?org=${SITE}`);
	await page.getByLabel('Step 1: minutes after the alarm').fill('0');
	await page.getByLabel('Step 1: role').selectOption('flow_manager');
	await page.getByLabel('Step 1: at which organisation').selectOption('self');
	await page.getByRole('button', { name: 'Save policy' }).click();
	await expect(page.getByRole('status')).toContainText('Saved 1 step');
	await accessible(page);

	// a limit one above the figure now, so the next patient on the list passes it
	await admitMedicallyStable(request, SITE, `${SITE}.coe-a`);
	const msl = (await currentFigures(request, SITE)).metrics.msl!;
	await page.goto(`/admin/limits?org=${SITE}`);
	await page.getByLabel('High limit for Medically stable list').fill(String(msl));
	await page.getByRole('button', { name: 'Save limits' }).click();
	await expect(page.getByRole('status')).toContainText('Saved 1 limit');

	const board = await (
		await browser.newContext({ storageState: state('e2e.all'), viewport: { width: 1920, height: 1080 } })
	).newPage();
	await board.goto(`/wallboard/${SITE}`);
	await expect(board.locator('.status')).toHaveText(/Live/);
	const tile = board.getByRole('region', { name: 'Medically stable list' });
	await expect(tile).not.toHaveAttribute('data-status', 'alarm');
	await board.screenshot({ path: shot('wallboard-calm-1920x1080.png') });

	const sent = Date.now();
	await admitMedicallyStable(request, SITE, `${SITE}.coe-b`);
	await expect(tile).toHaveAttribute('data-status', 'alarm', { timeout: 2_000 });
	console.log(`alarm on the board ${Date.now() - sent} ms after the post was sent`);
	await expect(tile.getByTestId('verdict')).toHaveText('ALARM');
	await expect(tile.locator('.alarm-line')).toContainText(`Medically stable list ${msl + 1}, above ${msl}`);
	await board.screenshot({ path: shot('wallboard-alarm-1920x1080.png') });

	// a viewer sees the alarm but may not acknowledge it
	const viewer = await (
		await browser.newContext({ storageState: state('demo.viewer'), viewport: { width: 390, height: 844 } })
	).newPage();
	await viewer.goto('/alarms?state=raised');
	await viewer.locator('tr[data-alarm] a').first().click();
	await expect(viewer.getByText('Only the flow managers of Medway Maritime Hospital')).toBeVisible();
	await expect(viewer.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

	// the flow manager on a phone: the overview lists it first, the policy's first step has fired
	const phone = await (
		await browser.newContext({ storageState: state('demo.flow'), viewport: { width: 390, height: 844 } })
	).newPage();
	await phone.goto('/');
	const waiting = phone.getByRole('region', { name: /Alarms nobody has acknowledged/ });
	await expect(waiting).toContainText(`Medically stable list ${msl + 1}, above ${msl}`);
	await checkPage(phone, [390]);
	await phone.screenshot({ path: shot('phone-overview-390x844.png'), fullPage: true });
	await waiting
		.getByRole('link', { name: /Medically stable list/ })
		.first()
		.click();
	await expect(
		phone.getByRole('heading', { name: 'Past a limit at Medway Maritime Hospital' })
	).toBeVisible();
	await expect(async () => {
		await phone.reload();
		await expect(phone.locator('.steps')).toContainText(
			'Escalated: step 1 after 0 min: to the Flow managers of Medway Maritime Hospital'
		);
	}).toPass({ timeout: 10_000 });
	await checkPage(phone, [390]);
	await phone.getByLabel('Acknowledge: what is being done').fill('Discharge huddle on COE at 11:00');
	await phone.getByRole('button', { name: 'Acknowledge' }).click();
	await expect(phone.getByRole('status')).toContainText('Acknowledged by demo.flow');
	await phone.screenshot({ path: shot('phone-alarm-390x844.png'), fullPage: true });

	// the board, without a reload
	await expect(tile).toHaveAttribute('data-status', 'acknowledged', { timeout: 5_000 });
	await expect(tile.locator('.alarm-line')).toContainText('Acknowledged by demo.flow');
	await board.screenshot({ path: shot('wallboard-acknowledged-1920x1080.png') });

	// the history: filtered, with its times, as CSV too, and the whole trail in the access audit
	await page.goto(`/alarms?org=${SITE}&metric=msl`);
	const row = page.locator('tr[data-alarm]').first();
	await expect(row).toContainText('Acknowledged');
	await checkPage(page);
	await page.screenshot({ path: shot('alarm-history.png'), fullPage: true });
	const csv = await (await request.get(`/alarms.csv?org=${SITE}&metric=msl`)).text();
	expect(csv.split('\r\n')[0]).toContain('minutes_to_acknowledge');
	expect(csv).toContain('Discharge huddle on COE at 11:00');
	await page.goto('/admin/audit?action=alarm-acknowledged');
	await expect(page.locator('main')).toContainText('demo.flow');

	// the limit off again, for the other tests: the alarm resolves by itself
	await page.goto(`/admin/limits?org=${SITE}`);
	await page.getByLabel('High limit for Medically stable list').fill('');
	await page.getByRole('button', { name: 'Save limits' }).click();
	await expect(tile).not.toHaveAttribute('data-status', /alarm|acknowledged/, { timeout: 5_000 });
});

test('the phone pages fit 390 px with a menu that folds', async ({ browser }) => {
	const phone = await (
		await browser.newContext({ storageState: state('demo.flow'), viewport: { width: 390, height: 844 } })
	).newPage();
	for (const path of [`/org/${SITE}`, `/org/${SITE}/msl`, '/alarms', '/reports']) {
		await phone.goto(path);
		await checkPage(phone, [390]);
	}
	await phone.screenshot({ path: shot('phone-reports-390x844.png'), fullPage: true });
	const menu = phone.getByRole('button', { name: 'Menu' });
	await expect(phone.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await menu.click();
	await expect(
		phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alarms' })
	).toBeVisible();
	await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alarms' }).click();
	await expect(phone).toHaveURL(/\/alarms$/);
	await expect(phone.getByRole('navigation', { name: 'Main' })).toBeHidden();
});
