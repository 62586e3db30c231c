// Signs in once as the users the other tests borrow, and keeps their cookies.
import { test as setup } from '@playwright/test';
import { signInAs, state } from './people.ts';

for (const username of ['e2e.all', 'demo.viewer', 'demo.admin', 'demo.flow']) {
	setup(`sign in as ${username}`, async ({ page }) => {
		await signInAs(page, username);
		await page.waitForURL((url) => url.pathname === '/');
		await page.context().storageState({ path: state(username) });
	});
}
