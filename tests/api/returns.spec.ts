// KPI returns over HTTP against the production build: the API's error model (200 / 422 per row / 400 / 401 / 403 /
// 413 / 415), the CSV template round trip through the scheme page and the API, and the workflow by role: a scheme
// lead enters and submits, only an executive approves, and the report then shows the figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../stores.ts';
import { post } from './http.ts';
import { startServer, type RunningServer } from './server.ts';

const lastMonth = (() => {
	const d = new Date();
	const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
	return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
})();

for (const backend of (await backends()) as ('pglite' | 'postgres')[]) {
	describe(`KPI returns over HTTP on ${backend}`, () => {
		let server: RunningServer;
		beforeAll(async () => {
			server = await startServer(backend);
		});
		afterAll(() => server?.stop());

		const send = async (body: unknown, init: { key?: string | null; type?: string; raw?: boolean } = {}) => {
			const r = await fetch(`${server.url}/api/v1/returns`, {
				method: 'POST',
				headers: {
					...(init.key === null ? {} : { authorization: `Bearer ${init.key ?? server.key}` }),
					'content-type': init.type ?? 'application/json'
				},
				body: init.raw ? (body as BodyInit) : JSON.stringify(body)
			});
			return { status: r.status, body: await r.json() };
		};
		const upload = (path: string, csv: string, intent: string, cookie: string) => {
			const form = new FormData();
			form.set('file', new File([csv], 'returns.csv', { type: 'text/csv' }));
			form.set('intent', intent);
			return fetch(`${server.url}${path}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: server.url, cookie, accept: 'application/json', 'x-sveltekit-action': 'true' },
				body: form
			});
		};

		it('answers the ingest API’s error model', async () => {
			expect((await send({ returns: [] }, { key: null })).status).toBe(401);
			expect((await send('{"returns": [', { raw: true })).status).toBe(400);
			expect((await send({ figures: [] })).status).toBe(400);
			expect((await send({ returns: [] })).status).toBe(400);
			expect((await send({ returns: [] }, { type: 'application/xml' })).status).toBe(415);
			const many = Array.from({ length: 501 }, () => ({
				kpi: 'CP-05',
				org: 'llr',
				period: lastMonth,
				value: 1
			}));
			expect((await send({ returns: many })).status).toBe(413);
			const huge = await send({ returns: [{ kpi: 'x'.repeat(300_000) }] });
			expect(huge.status).toBe(413);
		});

		it('stores good rows as submitted and refuses the others row by row (422)', async () => {
			const res = await send({
				returns: [
					{ kpi: 'CP-05', org: 'llr', period: lastMonth, numerator: 180, denominator: 200 },
					{ kpi: 'CP-05', org: 'llr', period: '2026-13', value: 90 },
					{ kpi: 'DIS-01', org: 'medway-maritime', period: lastMonth, value: 12 },
					'not an object'
				]
			});
			expect(res.status).toBe(422);
			expect(res.body).toMatchObject({ accepted: 1, rejected: 3 });
			expect(res.body.stored[0]).toMatchObject({ row: 1, kpi: 'CP-05', version: 1, state: 'submitted' });
			expect(res.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
				[2, 'period'],
				[3, 'kpi'],
				[4, 'kpi']
			]);
			const ok = await send({ returns: [{ kpi: 'CP-06', org: 'llr', period: lastMonth, value: 4900 }] });
			expect(ok).toMatchObject({ status: 200, body: { accepted: 1, rejected: 0 } });
		});

		it('refuses a whole batch naming an organisation outside the key (403), storing nothing', async () => {
			const res = await send(
				{
					returns: [
						{ kpi: 'ADM-22', org: 'ekhuft', period: lastMonth, value: 3 },
						{ kpi: 'ADM-22', org: 'medway-maritime', period: lastMonth, value: 3 }
					]
				},
				{ key: server.eastKentKey }
			);
			expect(res.status).toBe(403);
			expect(res.body.error).toMatchObject({ row: 2, field: 'org' });
			const inside = await send(
				{ returns: [{ kpi: 'ADM-22', org: 'ekhuft', period: lastMonth, value: 3 }] },
				{ key: server.eastKentKey }
			);
			expect(inside).toMatchObject({ status: 200, body: { stored: [{ version: 1 }] } });
		});

		it('round-trips the scheme’s CSV template through the page and the API', async () => {
			const template = await fetch(`${server.url}/schemes/NK-3a/returns.csv`, {
				headers: { cookie: server.cookies.lead }
			});
			expect(template.status).toBe(200);
			expect(template.headers.get('content-disposition')).toContain(`returns-NK-3a-${lastMonth}.csv`);
			const text = await template.text();
			const lines = text.trim().split('\r\n');
			expect(lines[0]).toBe('kpi,kpi_name,org,scheme,period,value,numerator,denominator,reason');
			expect(lines.some((l) => l.startsWith('DIS-13,'))).toBe(true);
			expect(lines.at(-1)).toMatch(/^SPEND,.*,medway-maritime,NK-3a,/);
			// fill in two rows, leave the rest blank
			const filled = lines
				.map((l) => (l.startsWith('DIS-13,') || l.startsWith('SPEND,') ? l.replace(/,,,,$/, ',7,,,') : l))
				.join('\r\n');
			const page = await upload('/schemes/NK-3a?/uploadReturns', filled, 'draft', server.cookies.lead);
			expect(page.status).toBe(200);
			const answer = await page.json();
			expect(answer.type).toBe('success');
			// devalue's form: one array, objects' values are indices into it
			const data = JSON.parse(answer.data) as Record<string, number>[];
			const counts = data[data[0].upload];
			expect([data[counts.accepted], data[counts.rejected]]).toEqual([2, 0]);
			// the same file to the API: both rows now have a draft (edited in place), the rest are blank
			const api = await send(filled, { type: 'text/csv', raw: true });
			expect(api).toMatchObject({ status: 200, body: { accepted: 2, rejected: 0 } });
			expect(api.body.blank).toBe(lines.length - 3);
			// a broken file is refused whole, at its row
			const broken = await send('kpi,org,period\nCP-05,llr', { type: 'text/csv', raw: true });
			expect(broken.status).toBe(400);
			expect(broken.body.error.row).toBe(2);
		});

		it('lets a lead submit and only an executive approve, then the report shows the figure', async () => {
			const form = {
				kpi: 'DIS-13',
				period: lastMonth,
				value: '4',
				reason: 'the ward audit',
				intent: 'submit'
			};
			expect(
				(await post(server, '/schemes/NK-3a?/saveReturn', form, { cookie: server.cookies.viewer })).status
			).toBe(403);
			const saved = await post(server, '/schemes/NK-3a?/saveReturn', form, { cookie: server.cookies.lead });
			expect(saved.status).toBeLessThan(400);
			const list = await fetch(`${server.url}/schemes/NK-3a/__data.json`, {
				headers: { cookie: server.cookies.exec }
			});
			const serialised = await list.text();
			expect(serialised).toContain('DIS-13');
			const id = await pendingId(server, 'DIS-13', lastMonth);
			expect(
				(
					await post(
						server,
						'/schemes/NK-3a?/decideReturn',
						{ id: String(id), decision: 'approve' },
						{ cookie: server.cookies.lead }
					)
				).status
			).toBe(403);
			const approved = await post(
				server,
				'/schemes/NK-3a?/decideReturn',
				{ id: String(id), decision: 'approve' },
				{ cookie: server.cookies.exec }
			);
			expect(approved.status).toBeLessThan(400);
			const report = await fetch(`${server.url}/reports/monthly?scheme=NK-3a&month=${lastMonth}`, {
				headers: { cookie: server.cookies.exec }
			});
			const html = await report.text();
			expect(html).toMatch(/Returned for \d{4}-\d{2}, version \d, approved by test\.exec/);
		});
	});
}

/** The id of the submitted return of a KPI and period, read from the store behind the server. */
async function pendingId(server: RunningServer, kpi: string, period: string): Promise<number> {
	const res = await fetch(`${server.url}/schemes/NK-3a/__data.json`, {
		headers: { cookie: server.cookies.exec }
	});
	const text = await res.text();
	// devalue keeps objects' fields as indices into one array; find the submitted row by its neighbours
	const data = JSON.parse(text.split('\n')[0]).nodes.at(-1).data as unknown[];
	for (const entry of data) {
		if (!entry || typeof entry !== 'object' || !('state' in entry) || !('kpi' in entry)) continue;
		const row = entry as Record<string, number>;
		if (data[row.kpi] === kpi && data[row.period] === period && data[row.state] === 'submitted')
			return data[row.id] as number;
	}
	throw new Error(`no submitted ${kpi} for ${period}`);
}
