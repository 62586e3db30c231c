// Issue 11, finding 1, over HTTP against the production build: rejected events keep no identifiable text, whatever
// field it was sent in, and /data-quality shows each person only the organisations their roles cover, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import { backends } from '../stores.ts';
import { admission } from './http.ts';
import { startServer, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');
const IDENTIFIABLE = 'Jane Smith 943 476 5919 ME7 5NY';

describe.runIf(hasPostgres)('the data-quality view', () => {
	let server: RunningServer;
	let store: Store;
	const page = async (who: 'flow' | 'admin' | 'exec') => {
		const r = await fetch(`${server.url}/data-quality`, { headers: { cookie: server.cookies[who] } });
		return { status: r.status, html: await r.text() };
	};

	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl!, poolSize: 2 });
		const r = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				events: [
					{ ...admission('dq-medway-1', 'medway-maritime'), method: IDENTIFIABLE },
					{ ...admission('dq-medway-2', 'medway-maritime'), type: 'bogus', note: IDENTIFIABLE },
					{ ...admission('dq-medway-3', 'medway-maritime'), spell: { name: IDENTIFIABLE } },
					{ ...admission('dq-glenfield-1', 'glenfield'), method: 'urgent' }
				]
			})
		});
		expect(r.status).toBe(422);
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('stores nothing identifiable from a field that failed another check, an unknown type or a non-string', async () => {
		const rows = await store.db
			.selectFrom('rejected_event')
			.select(['event_id', 'org', 'body', 'reason'])
			.execute();
		expect(rows.map((r) => r.event_id).sort()).toEqual([
			'dq-glenfield-1',
			'dq-medway-1',
			'dq-medway-2',
			'dq-medway-3'
		]);
		expect(JSON.stringify(rows)).not.toMatch(/Jane|5919|ME7/);
		expect(Object.fromEntries(rows.map((r) => [r.event_id, r.org]))).toMatchObject({
			'dq-medway-1': 'medway-maritime',
			'dq-glenfield-1': 'glenfield'
		});
		const { html } = await page('admin');
		// a bundle's content hash in the page's asset paths can hold "ME7" by chance: those paths are left out
		expect(html.replace(/_app\/immutable\/[\w./-]+/g, '')).not.toMatch(/Jane|5919|ME7/);
	});

	it("shows a flow manager and an administrator only their organisations' rows, and audits each view", async () => {
		for (const who of ['flow', 'admin'] as const) {
			const { status, html } = await page(who);
			expect(status).toBe(200);
			expect(html, who).toContain('dq-medway-1');
			expect(html, who).not.toContain('dq-glenfield-1');
			expect(html, who).not.toContain('glenfield');
		}
		expect((await page('exec')).status).toBe(403);
		const views = await store.db
			.selectFrom('access_audit')
			.select(['actor', 'action', 'outcome'])
			.where('action', '=', 'see-data-quality')
			.execute();
		expect(views).toEqual(
			expect.arrayContaining([
				{ actor: 'test.flow', action: 'see-data-quality', outcome: 'succeeded' },
				{ actor: 'test.admin', action: 'see-data-quality', outcome: 'succeeded' }
			])
		);
	});
});
