// Contract v3 end to end: a practice's register, a care home's page and a virtual-ward tile, from events posted
// through the ingest API. Each run's pseudonyms are its own, so a retry adds to what is there rather than clashing.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_KEY } from '../playwright.config.ts';
import { checkPage, currentFigures, shot } from './helpers.ts';
import { state } from './people.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const run = Date.now().toString(36);

async function post(request: APIRequestContext, events: Record<string, unknown>[]) {
	const response = await request.post('/api/v1/events', {
		headers: { authorization: `Bearer ${E2E_KEY}` },
		data: { events }
	});
	expect(response.status(), await response.text()).toBe(200);
}

test('a practice’s register, its caseload, a care home and a virtual-ward tile', async ({
	page,
	request,
	browser
}) => {
	const practice = 'rutland-omp';
	const person = (n: number) => `pt-${run}-${n}`;
	const at = { site: practice };
	const home = `ch-${run}-oak`;
	await post(request, [
		{ id: `${run}-list`, type: 'practice_list', occurredAt: ago(200), ...at, listSize: 11200 },
		// one joined 100 days ago with no review since: overdue at 3 months; one 20 days ago, with a plan
		{
			id: `${run}-r1`,
			type: 'register_added',
			occurredAt: ago(100),
			...at,
			patient: person(1),
			tier: 'very_high'
		},
		{ id: `${run}-r2`, type: 'register_added', occurredAt: ago(20), ...at, patient: person(2), tier: 'high' },
		{ id: `${run}-p2`, type: 'care_plan_agreed', occurredAt: ago(10), ...at, patient: person(2) },
		{ id: `${run}-s1`, type: 'outcome_score', occurredAt: ago(99), ...at, patient: person(1), score: 40 },
		{ id: `${run}-s2`, type: 'outcome_score', occurredAt: ago(5), ...at, patient: person(1), score: 52 },
		// a care-home resident whose home's residents came to Leicester Royal this week
		{
			id: `${run}-h1`,
			type: 'care_home_entered',
			occurredAt: ago(300),
			...at,
			patient: person(3),
			careHome: home,
			beds: 30
		},
		...[1, 2, 3].map((i) => ({
			id: `${run}-att${i}`,
			type: 'ae_attendance',
			occurredAt: ago(i),
			site: 'leicester-royal',
			attendance: `att-${run}-${i}`,
			arrivedFrom: 'care_home',
			careHome: home
		})),
		// the very-high-risk person's emergency admission before joining
		{
			id: `${run}-adm`,
			type: 'admission',
			occurredAt: ago(150),
			site: 'leicester-royal',
			spell: `sp-${run}`,
			patient: person(1),
			method: 'emergency',
			ward: 'leicester-royal.amu'
		},
		{
			id: `${run}-dis`,
			type: 'discharge',
			occurredAt: ago(146),
			site: 'leicester-royal',
			spell: `sp-${run}`,
			destination: 'usual_residence'
		},
		// Rutland's Intensive Community Support: 8 virtual beds, two stepping down, one up
		{ id: `${run}-beds`, type: 'ic_beds', occurredAt: ago(0.5), site: 'rutland-ics', beds: 8 },
		...[0, 1, 2].map((i) => ({
			id: `${run}-ic${i}`,
			type: 'ic_admission',
			occurredAt: ago(0.001),
			site: 'rutland-ics',
			stay: `ic-${run}-${i}`,
			patient: `pt-${run}-ic${i}`,
			step: i === 2 ? 'up' : 'down'
		}))
	]);

	await page.goto(`/org/${practice}/register`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Case-management register: OMP/);
	const row = page.locator(`tr[data-practice="${practice}"]`);
	await expect(row).toBeVisible();
	expect(Number(await page.locator('[data-figure=registered]').textContent())).toBeGreaterThanOrEqual(2);
	await expect(page.locator('[data-figure=share]')).toContainText('%');
	await expect(page.locator('tr[data-months="3"] td').nth(2)).not.toHaveText('0'); // someone is overdue
	await expect(page.getByRole('img', { name: /by practice, stacked by risk tier/ })).toBeVisible();
	await expect(page.locator('[data-measure=admissions]')).toBeVisible();
	await checkPage(page);
	await page.screenshot({ path: shot('register.png'), fullPage: true });

	await page.getByRole('link', { name: 'The caseload, person by person' }).click();
	await expect(page.locator(`tr[data-patient="${person(1)}"]`)).toContainText('Overdue');
	await expect(page.locator(`tr[data-patient="${person(1)}"]`)).toContainText('40 → 52');
	// the admission 150 days ago was before they joined
	await expect(page.locator(`tr[data-patient="${person(1)}"] [data-acute]`)).toHaveText(
		'0 emergency admissions, 0 A&E attendances'
	);
	await expect(page.locator(`tr[data-patient="${person(2)}"]`)).toContainText('High');
	await checkPage(page);

	// a flow manager at Medway may not see Rutland's register, nor its people
	const flow = await (await browser.newContext({ storageState: state('demo.flow') })).newPage();
	expect((await flow.goto(`/org/${practice}/caseload`))?.status()).toBe(403);
	expect((await flow.goto(`/org/${practice}/register`))?.status()).toBe(403);
	// nor its register's tiers through the opportunity calculator
	expect((await flow.goto(`/opportunity?org=${practice}`))?.status()).toBe(404);
	await flow.goto('/opportunity');
	await expect(flow.getByText('No data: no organisation you may see has a GP practice')).toBeVisible();
	await flow.context().close();

	// a practice's own page opens on its register, and shows no hospital or unit figures it never sends
	await page.goto(`/org/${practice}`);
	await expect(page.getByLabel('Metric')).toHaveValue('registered');
	await expect(page.locator('.figures [data-metric=registered]')).toBeVisible();
	await expect(page.locator('.figures [data-metric=ic_occupied]')).toHaveCount(0);
	await expect(page.locator('.figures [data-metric=msl]')).toHaveCount(0);

	// the opportunity calculator fills in the practice's own tiers beside the paper's
	await page.goto(`/opportunity?org=${practice}`);
	const veryHigh = page.locator('tr[data-actual=very_high]');
	await expect(veryHigh).toContainText('1,170');
	expect(Number(await veryHigh.locator('td').first().textContent())).toBeGreaterThanOrEqual(1);
	await page.getByRole('link', { name: 'Work it out for this population' }).click();
	await expect(page).toHaveURL(/population=11200/);
	await expect(page.locator('[data-figure=target]')).toContainText('of 706 emergency admissions');
	await checkPage(page);

	await page.goto('/org/leicester-royal/care-homes?days=7');
	const call = page
		.getByRole('list', { name: 'Care homes to call today' })
		.locator(`li[data-home="${home}"]`);
	await expect(call).toContainText('3 at A&E this week (30 beds)');
	await call.getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Care home ${home}`);
	await expect(page.locator('[data-figure=attendances]')).toHaveText('3');
	await expect(page.getByText('30 beds, as its practice last said')).toBeVisible();
	await checkPage(page);
	await page.screenshot({ path: shot('care-home.png'), fullPage: true });

	await page.goto('/org/ccg-elr/intermediate-care?days=7');
	await expect(page.locator('tr[data-unit="rutland-ics"] td').first()).toHaveText('8');
	await expect(page.getByRole('img', { name: /by outcome/ })).toBeVisible();
	await checkPage(page);

	// the overview gives a practice and a unit their own figures, not a hospital's zeros
	await page.goto('/');
	await expect(page.locator(`tr[data-org="${practice}"] [data-community]`)).toContainText(
		'on the case-management register'
	);
	await expect(page.locator('tr[data-org="rutland-ics"] [data-community]')).toContainText(
		'of 8 beds occupied'
	);

	const figures = await currentFigures(request, 'rutland-ics');
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto('/wallboard/rutland-ics');
	await expect(page.locator('[data-view=community]')).toBeVisible();
	await expect(page.locator('[data-tile=ic-occupied]')).toHaveText(String(figures.metrics.ic_occupied));
	await expect(page.locator('[data-tile=ic-occupancy]')).toContainText(
		`${figures.metrics.ic_occupancy_pct}%`
	);
	expect(figures.metrics.ic_admissions_today).toBeGreaterThanOrEqual(3);
	await expect(page.locator('[data-tile=ic-admissions]')).toHaveText(
		String(figures.metrics.ic_admissions_today)
	);
	await page.screenshot({ path: shot('virtual-ward-board.png') });
});
