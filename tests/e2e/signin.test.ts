// Sign-in, roles and wallboard devices as people use them: a flow manager signs in with an authenticator code and
// sees the medically stable list; a viewer is refused it; an administrator pairs a corridor screen, revokes it and
// the screen drops; an unattended browser signs itself out.
import { expect, test, type Browser } from '@playwright/test';
import { shot } from './helpers.ts';
import { totpCode } from '../../src/lib/server/auth/totp.ts';
import { signInAs, state } from './people.ts';

const nobody = { cookies: [], origins: [] };

test.describe('signing in', () => {
	test.use({ storageState: nobody });

	test('a flow manager signs in with password and authenticator code, and sees the medically stable list', async ({
		page
	}) => {
		await page.goto('/org/medway-maritime/msl');
		await expect(page).toHaveURL(/\/login\?next=%2Forg%2Fmedway-maritime%2Fmsl/);
		await page.screenshot({ path: shot('sign-in.png') });
		await signInAs(page, 'demo.flow');
		await expect(page).toHaveURL(/\/org\/medway-maritime\/msl$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Medically stable');
		await expect(page.getByRole('banner')).toContainText('Femi Flow');
		await page.screenshot({ path: shot('msl-as-flow-manager.png'), fullPage: true });
	});

	test('a wrong authenticator code is refused with a clear message', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('Username').fill('demo.lead');
		await page.getByLabel('Password').fill('not the password at all');
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByRole('alert')).toHaveText('The username or password is not right');
	});
});

test.describe('roles', () => {
	test.use({ storageState: state('demo.viewer') });

	test('a viewer is refused the patient-level list, and the refusal is in the audit', async ({
		page,
		browser
	}) => {
		const response = await page.goto('/org/medway-maritime/msl');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('403 · Not allowed');
		await expect(page.getByText('Your role does not include this')).toBeVisible();
		// the aggregates are still theirs
		expect((await page.goto('/org/medway-maritime'))?.status()).toBe(200);
		await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);

		const admin = await browser.newContext({ storageState: state('demo.admin') });
		const audit = await admin.newPage();
		await audit.goto('/admin/audit?actor=demo.viewer&outcome=denied');
		const row = audit.getByRole('row').filter({ hasText: 'list-patients' }).first();
		await expect(row).toContainText('medway-maritime');
		await expect(row).toContainText('denied');
		await audit.screenshot({ path: shot('audit.png'), fullPage: true });
		await admin.close();
	});
});

async function screenFor(browser: Browser) {
	const context = await browser.newContext({ storageState: nobody, viewport: { width: 1920, height: 1080 } });
	return { context, page: await context.newPage() };
}

test.describe('a new account', () => {
	test.use({ storageState: state('demo.admin') });

	test('an administrator adds a user, who sets up an authenticator from the QR code and gets recovery codes', async ({
		page,
		browser
	}) => {
		await page.goto('/admin/users');
		await page.getByLabel('Username').fill('new.bed.manager');
		await page.getByLabel('Name', { exact: true }).fill('Nia Bed-Manager');
		await page.getByLabel('First password (12+ characters)').fill('password');
		await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Flow manager' });
		await page
			.getByRole('combobox', { name: 'At', exact: true })
			.selectOption({ label: 'Darent Valley Hospital (site)' });
		await page.getByRole('button', { name: 'Add user' }).click();
		await expect(page.getByText('password: Use at least 12 characters')).toBeVisible();
		await page.getByLabel('First password (12+ characters)').fill('a first password for nia');
		await page.getByRole('button', { name: 'Add user' }).click();
		await expect(page.getByRole('status')).toContainText('Created new.bed.manager');

		const person = await browser.newContext({ storageState: nobody });
		const them = await person.newPage();
		await them.goto('/login');
		await them.getByLabel('Username').fill('new.bed.manager');
		await them.getByLabel('Password').fill('a first password for nia');
		await them.getByRole('button', { name: 'Continue' }).click();
		await expect(them.getByRole('heading', { level: 1 })).toHaveText('Set up your authenticator');
		await expect(them.locator('.qr svg')).toBeVisible();
		await them.screenshot({ path: shot('enrol.png') });
		const key = (await them.getByTestId('totp-key').textContent())!.replace(/\s/g, '');
		await them.getByLabel('Code').fill(totpCode(key));
		await them.getByRole('button', { name: 'Confirm' }).click();
		await expect(them.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
		await them.getByRole('link', { name: 'I have kept them: continue' }).click();
		await expect(them.getByRole('banner')).toContainText('Nia Bed-Manager');
		expect((await them.goto('/org/darent-valley/msl'))?.status()).toBe(200);
		await person.close();
	});
});

test.describe('wallboard devices', () => {
	test.use({ storageState: state('demo.admin') });

	test('an administrator pairs a screen with a code typed on it, then revokes it and the screen drops', async ({
		page,
		browser
	}) => {
		await page.goto('/admin/devices');
		// hydrated first: typing into the server-rendered form before hydration is lost when it hydrates
		await page.waitForLoadState('networkidle');
		await page.getByLabel('Name').fill('Medway control room');
		await page.getByLabel('Shows').selectOption({ label: 'Medway Maritime Hospital (site)' });
		await page.getByRole('button', { name: 'Register and get a pairing code' }).click();
		const code = (await page.getByTestId('pairing-code').textContent())!.trim();
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		await page.screenshot({ path: shot('admin-devices.png'), fullPage: true });

		const tv = await screenFor(browser);
		await tv.page.goto('/pair');
		await tv.page.getByLabel('Pairing code').fill(code.toLowerCase());
		await tv.page.getByRole('button', { name: 'Pair' }).click();
		await expect(tv.page).toHaveURL(/\/wallboard\/medway-maritime$/);
		await expect(tv.page.locator('.status')).toHaveText(/Live/);
		expect(tv.page.url()).not.toContain(code);
		// the screen is a board, not a person: no drill-down, no patient list
		expect((await tv.context.request.get('/org/medway-maritime/msl')).status()).toBe(403);
		// the code worked once
		const again = await screenFor(browser);
		await again.page.goto('/pair');
		await again.page.getByLabel('Pairing code').fill(code);
		await again.page.getByRole('button', { name: 'Pair' }).click();
		await expect(again.page.getByRole('alert')).toContainText('wrong, used or expired');
		await again.context.close();

		await page.reload();
		const row = page.getByRole('row').filter({ hasText: 'Medway control room' }).last();
		await expect(row).toContainText('paired');
		const started = Date.now();
		await row.getByRole('button', { name: /^Revoke/ }).click();
		await expect(page.getByRole('status')).toContainText('disconnected');
		await expect(tv.page.locator('.status')).toHaveText(/Not allowed/, { timeout: 60_000 });
		console.log(`revoked screen showed "Not allowed" ${Date.now() - started} ms after the click`);
		await expect(tv.page.getByRole('alert')).toContainText('may no longer show these figures');
		await tv.page.screenshot({ path: shot('wallboard-revoked.png') });
		expect((await tv.page.reload())?.url()).toMatch(/\/login\?next=/);
		await tv.context.close();
	});
});

test.describe('session limits in the browser', () => {
	test.use({ storageState: nobody });

	test('30 minutes without activity signs the browser out', async ({ page }) => {
		await page.clock.install();
		await signInAs(page, 'demo.exec');
		// the page's own timers start when it hydrates: moving the clock before that would move the session's start too
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('banner')).toContainText('Erin Executive');
		await page.clock.fastForward('29:00');
		await expect(page).toHaveURL(/\/$/);
		await page.clock.fastForward('02:00');
		await expect(page).toHaveURL(/\/login\?reason=idle/);
		await expect(page.getByRole('status')).toContainText('30 minutes without activity');
		// the session is over on the server too, not only in this tab
		expect((await page.goto('/'))?.url()).toMatch(/\/login\?next=/);
	});

	test('12 hours after signing in the browser is signed out, even while in use', async ({ page }) => {
		await page.clock.install();
		await signInAs(page, 'demo.lead');
		// the page's own timers start when it hydrates: moving the clock before that would move the session's start too
		await page.waitForLoadState('networkidle');
		// a key pressed every 20 minutes keeps the page active (a key, not a click: a click could follow a link)
		for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
			await page.keyboard.press('Shift');
			await page.clock.fastForward('20:00');
		}
		await expect(page).toHaveURL(/\/$/);
		await page.keyboard.press('Shift');
		await page.clock.fastForward('25:00');
		await expect(page).toHaveURL(/\/login\?reason=expired/);
		await expect(page.getByRole('status')).toContainText('12-hour limit');
	});
});
