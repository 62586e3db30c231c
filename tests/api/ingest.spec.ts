// Ingest contract v1 and read API v1 over HTTP against the production build, on PGlite and on PostgreSQL,
// including the bad-input table of notes/reliability-security.md (B1–B9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../stores.ts';
import { startServer, type RunningServer } from './server.ts';

const now = Date.now();
const iso = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
let counter = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;
const admission = (site = 'darent-valley', spell = uid('sp'), extra: Record<string, unknown> = {}) => ({
	id: uid('adm'),
	type: 'admission',
	occurredAt: iso(48),
	site,
	spell,
	patient: uid('pt'),
	method: 'emergency',
	ward: `${site}.coe-a`,
	...extra
});

for (const backend of (await backends()) as ('pglite' | 'postgres')[]) {
	describe(`HTTP API on ${backend}`, () => {
		let server: RunningServer;
		beforeAll(async () => {
			server = await startServer(backend);
		});
		afterAll(() => server?.stop());

		const post = (body: unknown, init: { key?: string | null; type?: string; raw?: boolean } = {}) =>
			fetch(`${server.url}/api/v1/events`, {
				method: 'POST',
				headers: {
					...(init.key === null ? {} : { authorization: `Bearer ${init.key ?? server.key}` }),
					'content-type': init.type ?? 'application/json'
				},
				body: init.raw ? (body as BodyInit) : JSON.stringify(body)
			});
		const postEvents = async (events: unknown[], key?: string) => {
			const r = await post({ events }, { key });
			return { status: r.status, body: await r.json() };
		};
		const metrics = async (org: string, key = server.key) => {
			const r = await fetch(`${server.url}/api/v1/metrics?org=${org}`, {
				headers: { authorization: `Bearer ${key}` }
			});
			return { status: r.status, body: await r.json() };
		};
		const healthy = async () => expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

		it('commits a batch before answering: the figures already include it', async () => {
			const before = (await metrics('darent-valley')).body;
			const spell = uid('sp');
			const res = await postEvents([
				admission('darent-valley', spell),
				{ id: uid('msl'), type: 'medically_stable', occurredAt: iso(1), site: 'darent-valley', spell }
			]);
			expect(res.status).toBe(200);
			expect(res.body).toMatchObject({ accepted: 2, duplicate: 0, rejected: 0 });
			const after = (await metrics('darent-valley')).body;
			expect(after.metrics.inpatients).toBe(before.metrics.inpatients + 1);
			expect(after.metrics.msl).toBe(before.metrics.msl + 1);
			expect(after.seq).toBeGreaterThan(before.seq);
			const system = (await metrics('kent-medway')).body;
			expect(system.metrics.msl).toBeGreaterThanOrEqual(1);
		});

		it('treats the same id and body as a duplicate, and the same id with another body as a rejection', async () => {
			const event = admission();
			expect((await postEvents([event])).body.accepted).toBe(1);
			const again = await postEvents([event]);
			expect(again.status).toBe(200);
			expect(again.body.results[0].status).toBe('duplicate');
			const changed = await postEvents([{ ...event, spell: uid('sp') }]);
			expect(changed.status).toBe(422);
			expect(changed.body.results[0].errors[0]).toEqual({
				field: 'id',
				reason: 'was already used by this source for a different event'
			});
		});

		it('keeps ids per source: another source may use the same id (B8)', async () => {
			const id = uid('shared');
			expect((await postEvents([{ ...admission(), id }])).body.accepted).toBe(1);
			expect((await postEvents([{ ...admission('qeqm'), id }], server.eastKentKey)).body.accepted).toBe(1);
		});

		it('applies late and out-of-order events in event time', async () => {
			const spell = uid('sp');
			const discharge = {
				id: uid('dis'),
				type: 'discharge',
				occurredAt: iso(2),
				site: 'glenfield',
				spell,
				destination: 'usual_residence'
			};
			const before = (await metrics('glenfield')).body.metrics;
			expect((await postEvents([discharge])).status).toBe(200);
			expect((await postEvents([admission('glenfield', spell, { occurredAt: iso(24 * 6) })])).status).toBe(
				200
			);
			const after = (await metrics('glenfield')).body.metrics;
			expect(after.inpatients).toBe(before.inpatients);
		});

		it('returns 422 with each rejected event named, and still commits the valid ones (B2)', async () => {
			const good = admission();
			const res = await postEvents([
				good,
				{ ...admission(), site: 'nowhere' },
				{
					id: uid('d'),
					type: 'delay_started',
					occurredAt: iso(1),
					site: 'darent-valley',
					spell: good.spell,
					reason: 'bad_reason',
					attribution: 'nhs'
				},
				{
					id: uid('d'),
					type: 'discharge',
					occurredAt: iso(72),
					site: 'darent-valley',
					spell: good.spell,
					destination: 'usual_residence'
				}
			]);
			expect(res.status).toBe(422);
			expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
				'accepted',
				'rejected',
				'rejected',
				'rejected'
			]);
			expect(res.body.results[1].errors).toContainEqual({
				field: 'site',
				reason: 'is not a known site code'
			});
			expect(res.body.results[2].errors[0].field).toBe('reason');
			expect(res.body.results[3].errors[0]).toMatchObject({
				field: 'occurredAt',
				reason: expect.stringContaining("is not after the spell's admission")
			});
			expect((await postEvents([good])).body.results[0].status).toBe('duplicate');
		});

		it('refuses events after the spell was discharged (B2)', async () => {
			const spell = uid('sp');
			await postEvents([
				admission('qeqm', spell),
				{
					id: uid('dis'),
					type: 'discharge',
					occurredAt: iso(10),
					site: 'qeqm',
					spell,
					destination: 'care_home'
				}
			]);
			const late = await postEvents([
				{ id: uid('msl'), type: 'medically_stable', occurredAt: iso(5), site: 'qeqm', spell }
			]);
			expect(late.body.results[0].errors[0]).toMatchObject({
				field: 'occurredAt',
				reason: expect.stringContaining('after the spell')
			});
		});

		it('refuses a site outside the key with 403 and writes nothing (B3)', async () => {
			const event = admission('darent-valley');
			const r = await postEvents([admission('qeqm'), event], server.eastKentKey);
			expect(r.status).toBe(403);
			expect(r.body.error.message).toContain('darent-valley');
			expect((await postEvents([event])).body.results[0].status).toBe('accepted');
			expect((await metrics('darent-valley', server.eastKentKey)).status).toBe(403);
		});

		it('answers 401 without a key, 403 for a wrong one, 415 for another media type, 400 for bad JSON', async () => {
			expect((await post({ events: [admission()] }, { key: null })).status).toBe(401);
			expect(
				(
					await post(
						{ events: [admission()] },
						{ key: 'fdk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }
					)
				).status
			).toBe(403);
			expect((await post({ events: [admission()] }, { type: 'application/xml' })).status).toBe(415);
			const bad = await post('{"events": [', { raw: true });
			expect(bad.status).toBe(400);
			expect((await bad.json()).error.message).toContain('not valid JSON');
			expect((await post({ events: [] })).status).toBe(400);
			expect((await post({ events: {} })).status).toBe(400);
		});

		it('refuses oversized input with 413 (B4)', async () => {
			const big = await post({ events: [admission()], padding: 'x'.repeat(300 * 1024) });
			expect(big.status).toBe(413);
			const many = await post({ events: Array.from({ length: 1001 }, () => ({})) });
			expect(many.status).toBe(413);
			const longField = await postEvents([admission('darent-valley', 'x'.repeat(2000))]);
			expect(longField.body.results[0].errors[0]).toEqual({
				field: 'spell',
				reason: 'must be at most 64 characters'
			});
			await healthy();
		});

		it('refuses type confusion and survives hostile JSON (B5)', async () => {
			const res = await postEvents([
				{ ...admission(), dementia: 'yes' },
				{ id: uid('p'), type: 'discharge_plan', occurredAt: iso(1), site: 'qeqm', spell: 'x', pathway: '2' },
				JSON.parse(
					`{"__proto__": {"polluted": 1}, "id": "${uid('proto')}", "type": "delay_ended", "occurredAt": "${iso(1)}", "site": "qeqm", "spell": "x"}`
				),
				[1, 2]
			]);
			expect(res.status).toBe(422);
			expect(res.body.results[0].errors[0].field).toBe('dementia');
			expect(res.body.results[1].errors[0]).toEqual({
				field: 'pathway',
				reason: 'must be a whole number 0–3'
			});
			expect(res.body.results[2].errors[0].field).toBe('__proto__');
			expect(res.body.results[3].errors[0]).toEqual({ field: 'event', reason: 'must be a JSON object' });
			const deep = await post(`{"events": [${'['.repeat(10_000)}${']'.repeat(10_000)}]}`, { raw: true });
			expect(deep.status).toBe(422);
			await healthy();
		});

		it.each([
			['03/04/2025', 'ISO-8601'],
			['2026-11-20T10:00:00', 'ISO-8601'],
			['1900-01-01T00:00:00Z', 'before 2000'],
			['2100-01-01T00:00:00Z', 'future'],
			['45231', 'ISO-8601']
		])('refuses occurredAt %s (B6)', async (occurredAt, reason) => {
			const res = await postEvents([{ ...admission(), occurredAt }]);
			expect(res.body.results[0].errors[0]).toMatchObject({
				field: 'occurredAt',
				reason: expect.stringContaining(reason)
			});
		});

		it('refuses identifiable data and stores none of it (B7)', async () => {
			const res = await postEvents([
				{ ...admission(), patient: '943 476 5919' },
				{ ...admission(), spell: 'ME7 5NY' },
				{ ...admission(), name: 'Jane Smith' }
			]);
			expect(res.status).toBe(422);
			for (const r of res.body.results)
				expect(r.errors[0].reason).toContain('identifiable data not accepted');
			const page = await (
				await fetch(`${server.url}/data-quality`, { headers: { cookie: server.cookies.admin } })
			).text();
			expect(page).not.toMatch(/943 476 5919|ME7 5NY|Jane Smith/);
			expect(page).toContain('identifiable data not accepted');
		});

		it('stores injection payloads literally and shows them as text (B9)', async () => {
			const spell = `x' OR 1=1--<script>alert(1)</script>`;
			expect((await postEvents([admission('qeqm', spell)])).body.accepted).toBe(1);
			const bad = await postEvents([
				// a row about a site the viewer covers (a row about no known site is for a global view only)
				{ ...admission(), id: `<img src=x onerror=alert(1)>`, method: '=HYPERLINK("x")' }
			]);
			expect(bad.status).toBe(422);
			const page = await (
				await fetch(`${server.url}/data-quality`, { headers: { cookie: server.cookies.admin } })
			).text();
			expect(page).not.toContain('<img src=x');
			expect(page).toContain('&lt;img src=x');
			const crlf = await postEvents([{ ...admission(), spell: 'a\r\n[flowdeck] forged' }]);
			expect(crlf.body.results[0].errors[0]).toEqual({
				field: 'spell',
				reason: 'must not contain control characters'
			});
		});

		it('takes CSV through the same path, with row numbers (B1)', async () => {
			const header = 'id,type,occurredAt,site,spell,patient,method,ward,dementia';
			const ok = admission('william-harvey');
			const rows = [
				header,
				[
					ok.id,
					'admission',
					ok.occurredAt,
					'william-harvey',
					ok.spell,
					ok.patient,
					'emergency',
					'william-harvey.coe-a',
					'false'
				].join(','),
				[
					uid('c'),
					'admission',
					'yesterday',
					'william-harvey',
					uid('sp'),
					uid('pt'),
					'emergency',
					'',
					''
				].join(',')
			];
			const r = await post(`\uFEFF${rows.join('\r\n')}\r\n`, { type: 'text/csv', raw: true });
			expect(r.status).toBe(422);
			const body = await r.json();
			expect(body).toMatchObject({ accepted: 1, duplicate: 0, rejected: 1 });
			expect(body.results).toEqual([
				expect.objectContaining({
					row: 3,
					status: 'rejected',
					errors: [expect.objectContaining({ field: 'occurredAt' })]
				})
			]);
			const again = await post(`${rows.slice(0, 2).join('\n')}\n`, { type: 'text/csv', raw: true });
			expect(await again.json()).toMatchObject({ accepted: 0, duplicate: 1 });
		});

		it.each([
			['an unclosed quote', 'id,type,occurredAt,site\n"a,admission,x,y\n', 2, 1],
			['a ragged row', 'id,type,occurredAt,site\na,b\n', 2, 3],
			['semicolons', 'id;type;occurredAt;site\na;b;c;d\n', 1, 1]
		])('refuses a CSV file with %s whole, naming row and column (B1)', async (_name, text, row, column) => {
			const r = await post(text, { type: 'text/csv', raw: true });
			expect(r.status).toBe(400);
			expect((await r.json()).error).toMatchObject({ row, column });
		});

		it('refuses a CSV file that is not UTF-8 (B1)', async () => {
			const r = await post(new Uint8Array([0xff, 0xfe, 0x69, 0x00, 0x64, 0x00]), {
				type: 'text/csv',
				raw: true
			});
			expect(r.status).toBe(400);
			expect((await r.json()).error.message).toContain('UTF-16');
		});

		describe('read API', () => {
			const get = async (path: string, key = server.key) => {
				const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
				return { status: r.status, body: await r.json() };
			};

			it('lists the register, limited to what a key may see', async () => {
				const all = await get('/api/v1/orgs');
				expect(all.body.orgs).toContainEqual({
					code: 'medway-maritime',
					name: 'Medway Maritime Hospital',
					kind: 'site',
					parent: 'mft'
				});
				const kinds = new Set(all.body.orgs.map((o: { kind: string }) => o.kind));
				expect([...kinds].sort()).toEqual(['ccg', 'hwb_area', 'practice', 'site', 'system', 'trust', 'ward']);
				const eastKent = await get('/api/v1/orgs', server.eastKentKey);
				expect(eastKent.body.orgs.map((o: { code: string }) => o.code)).toContain('qeqm');
				expect(eastKent.body.orgs.map((o: { code: string }) => o.code)).not.toContain('medway-maritime');
			});

			it('gives every catalogue v1 metric with as-of and seq', async () => {
				const m = await get('/api/v1/metrics?org=ekhuft');
				expect(m.status).toBe(200);
				expect(Object.keys(m.body)).toEqual(['org', 'asOf', 'seq', 'metrics']);
				for (const key of [
					'inpatients',
					'msl',
					'msl_with_plan_pct',
					'msl_dementia_pct',
					'msl_los_over_15_pct',
					'los_over_7',
					'los_over_14',
					'los_over_15',
					'los_over_21',
					'los_over_30',
					'dtoc',
					'dtoc.attribution.social_care',
					'admissions_today',
					'discharges_today',
					'discharges_before_10_today',
					'admissions_avoided_today',
					'readmissions_30d_today'
				])
					expect(m.body.metrics).toHaveProperty([key]);
			});

			it('answers series by bucket and explains bad parameters', async () => {
				const s = await get(
					`/api/v1/series?org=darent-valley&metric=inpatients&bucket=day&from=${encodeURIComponent(iso(24 * 5))}`
				);
				expect(s.status).toBe(200);
				expect(s.body.points.length).toBeGreaterThanOrEqual(5);
				expect(s.body.points.at(-1).value).toBe((await metrics('darent-valley')).body.metrics.inpatients);
				expect((await get('/api/v1/series?org=darent-valley&metric=beds')).body.error.field).toBe('metric');
				expect((await get('/api/v1/series?org=nowhere&metric=msl')).status).toBe(404);
				expect((await get('/api/v1/series?org=llr&metric=msl&bucket=fortnight')).body.error.field).toBe(
					'bucket'
				);
				expect(
					(await get('/api/v1/series?org=llr&metric=msl&from=2025-01-01&to=2024-01-01')).body.error.field
				).toBe('from');
				expect(
					(await get('/api/v1/series?org=llr&metric=msl&bucket=hour&from=2020-01-01')).body.error.field
				).toBe('bucket');
				expect((await get('/api/v1/metrics')).body.error.field).toBe('org');
			});
		});
	});
}
