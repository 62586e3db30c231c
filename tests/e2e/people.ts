// Who the end-to-end tests sign in as: the demo users (one per role) and an all-round user the older tests use,
// who may see everything in both systems.
import type { Page } from '@playwright/test';
import { currentStep, totpCode } from '../../src/lib/server/auth/totp.ts';
import type { Grant } from '../../src/lib/server/auth/policy.ts';

export const E2E_PASSWORD = 'e2e password that is long';
export const E2E_TOTP_KEY = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

export const ALL_ROUND: { username: string; displayName: string; grants: Grant[] } = {
	username: 'e2e.all',
	displayName: 'Everyone At Once',
	grants: ['kent-medway', 'llr'].flatMap((org) =>
		(['executive', 'flow_manager', 'scheme_lead', 'administrator'] as const).map((role) => ({ role, org }))
	)
};

/** storage states the setup project writes, one per signed-in user */
export const state = (username: string) =>
	new URL(`../artifacts/state/${username}.json`, import.meta.url).pathname;

/** Signs in through the pages, as a person would: password, then the code their authenticator shows. */
export async function signInAs(page: Page, username: string, next = '/') {
	if (!page.url().includes('/login')) await page.goto(`/login?next=${encodeURIComponent(next)}`);
	// hydrated first: what is typed into the server-rendered form before hydration can be cleared by it
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(E2E_PASSWORD);
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL(/\/login\/second-factor/);
	for (let attempt = 0; attempt < 2; attempt++) {
		const step = currentStep();
		await page.getByLabel('Code').fill(totpCode(E2E_TOTP_KEY, step));
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForLoadState('load');
		if (!page.url().includes('/login/second-factor')) return;
		// this user's code for this 30 s step was used already (a retried test): wait for the next one, as a person would
		await page.waitForTimeout(Math.max(0, (step + 1) * 30_000 - Date.now()) + 200);
	}
	throw new Error(`could not sign in as ${username}`);
}
