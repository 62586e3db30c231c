// Issue 11, finding 9, against the production build on PostgreSQL: refused source keys, a key's out-of-scope events,
// recording and closing a call action and issuing a report are all in the access audit; a refusal keeps the org and
// form action it asked for; /reports lists only the reports a person may read; a weekly pack names only the people of
// its organisations as possible owners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import { issueReport } from '../../src/lib/server/reports/issue.ts';
import { backends } from '../stores.ts';
import { get, post } from './http.ts';
import { startServer, TEST_PASSWORD, TEST_TOTP_KEY, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');

describe.runIf(hasPostgres)('the audit trail and what pages disclose', () => {
	let server: RunningServer;
	let store: Store;
	const rows = (action: string) =>
		store.db
			.selectFrom('access_audit')
			.select(['actor', 'org', 'target', 'outcome', 'detail'])
			.where('action', '=', action)
			.orderBy('id')
			.execute();

	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl!, poolSize: 2 });
		const llrOnly = await createUser(store.db, {
			username: 'test.llr-only',
			displayName: 'Leicester Only',
			password: TEST_PASSWORD,
			grants: [{ role: 'flow_manager', org: 'llr' }],
			totpKey: TEST_TOTP_KEY
		});
		if ('problems' in llrOnly) throw new Error(JSON.stringify(llrOnly.problems));
		await issueReport(store.db, {
			kind: 'weekly',
			scope: 'llr',
			period: '2026-W40',
			title: 'LLR secret weekly pack',
			asOf: new Date().toISOString(),
			content: {},
			by: 'test'
		});
	});
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('audits a refused source key by its id alone, and a key sending another organisation’s site', async () => {
		const secret = 'B'.repeat(43);
		const bad = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer fdk_abcdefabcdef_${secret}`, 'content-type': 'application/json' },
			body: JSON.stringify({ events: [] })
		});
		expect(bad.status).toBe(403);
		const refused = await rows('use-source-key');
		expect(refused.at(-1)).toMatchObject({ target: 'key abcdefabcdef', outcome: 'denied' });
		expect(JSON.stringify(refused)).not.toContain(secret);

		const outside = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${server.eastKentKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				events: [{ id: 'x-1', type: 'admission', occurredAt: new Date().toISOString(), site: 'glenfield' }]
			})
		});
		expect(outside.status).toBe(403);
		expect((await rows('ingest')).at(-1)).toMatchObject({ outcome: 'denied' });
	});

	it('keeps the organisation and form action a refused request asked for', async () => {
		const r = await post(
			server,
			'/reports/weekly?org=medway-maritime&/issue',
			{},
			{ cookie: server.cookies.viewer }
		);
		expect(r.status).toBe(403);
		const denied = (await rows('issue-report')).filter((row) => row.outcome === 'denied').at(-1);
		expect(denied).toMatchObject({ org: 'medway-maritime' });
		expect(denied!.target).toContain('?org=medway-maritime&/issue');
	});

	it('audits recording and closing a call action and issuing a pack', async () => {
		const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
		const recorded = await post(
			server,
			'/reports/weekly?/action&org=medway-maritime',
			{ what: 'Audit trail test', owner: 'test.flow', due, metric: 'msl', org: 'medway-maritime' },
			{ cookie: server.cookies.flow }
		);
		expect(recorded.status).toBe(200);
		const record = (await rows('record-action')).at(-1);
		expect(record).toMatchObject({ actor: 'test.flow', org: 'medway-maritime', outcome: 'succeeded' });
		const id = /action (\d+)/.exec(record!.target!)![1];
		const closed = await post(
			server,
			'/reports/weekly?/close&org=medway-maritime',
			{ id, status: 'done' },
			{ cookie: server.cookies.flow }
		);
		expect(closed.status).toBe(200);
		expect((await rows('close-action')).at(-1)).toMatchObject({ target: `action ${id}`, detail: 'done' });
		const issued = await post(
			server,
			'/reports/weekly?/issue&org=kent-medway',
			{},
			{ cookie: server.cookies.exec }
		);
		expect(issued.status).toBe(303);
		expect((await rows('issue-report')).at(-1)).toMatchObject({
			actor: 'test.exec',
			org: 'kent-medway',
			outcome: 'succeeded'
		});
	});

	it('lists only the reports a person may read, and only their organisations’ people as owners', async () => {
		const kent = await (await get(server, '/reports', { cookie: server.cookies.viewer })).text();
		expect(kent).not.toContain('LLR secret weekly pack');
		const both = await (await get(server, '/reports', { cookie: server.cookies.everywhere })).text();
		expect(both).toContain('LLR secret weekly pack');

		const pack = await (
			await get(server, '/reports/weekly?org=medway-maritime', { cookie: server.cookies.flow })
		).text();
		expect(pack).toContain('test.flow');
		expect(pack).not.toContain('test.llr-only');
		expect(pack).not.toContain('Leicester Only');
		const viewed = await (
			await get(server, '/reports/weekly?org=kent-medway', { cookie: server.cookies.viewer })
		).text();
		expect(viewed).not.toContain('test.flow');
	});
});
