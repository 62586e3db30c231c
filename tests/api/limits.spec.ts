// Issue 11, findings 8 and 9, against the production build: only the ingest API takes a large body; forms and
// sign-in take small ones and every typed field has a length limit; a deeply nested event is rejected on its own;
// and the security headers are on every response, static files, redirects thrown by a hook and socket.io included.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.ts';

/** A raw request, so the test controls Content-Length and chunking as an attacker would. */
function raw(
	url: string,
	options: { method: string; headers: Record<string, string>; body?: string; chunked?: boolean }
) {
	return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
		(resolve, reject) => {
			const req = request(url, { method: options.method, headers: options.headers }, (res) => {
				let body = '';
				res.on('data', (c) => (body += c));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
			});
			req.on('error', reject);
			if (options.chunked) {
				req.write(options.body ?? '');
				req.end();
			} else req.end(options.body);
		}
	);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('request limits and headers', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer('pglite');
	});
	afterAll(() => server?.stop());

	const sameOrigin = () => ({ origin: server.url, 'content-type': 'application/x-www-form-urlencoded' });

	it('refuses a 24 MB password at sign-in from its declared length, before reading it', async () => {
		const started = Date.now();
		const r = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: sameOrigin(),
			body: form({ username: 'test.flow', password: 'x'.repeat(24 * 1024 * 1024) })
		});
		expect(r.status).toBe(413);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('refuses a form body without a declared length, and an overlong field under the size limit', async () => {
		const chunked = await raw(`${server.url}/login`, {
			method: 'POST',
			headers: { ...sameOrigin(), 'transfer-encoding': 'chunked' },
			body: form({ username: 'test.flow', password: 'y' }),
			chunked: true
		});
		expect(chunked.status).toBe(411);
		const long = await fetch(`${server.url}/login`, {
			method: 'POST',
			headers: sameOrigin(),
			body: form({ username: 'test.flow', password: 'z'.repeat(1_000) })
		});
		expect(long.status).toBe(413);
		expect(await long.text()).toContain('password is 1000 characters long');
	});

	it('refuses a 2 MB risk description and a 5,000-character one; a short one is saved', async () => {
		const post = (description: string) =>
			fetch(`${server.url}/schemes/NK-3a?/risk`, {
				method: 'POST',
				headers: { ...sameOrigin(), cookie: server.cookies.lead },
				body: form({ description, probability: 'Low', impact: 'Low' }),
				redirect: 'manual'
			});
		expect((await post('r'.repeat(2 * 1024 * 1024))).status).toBe(413);
		expect((await post('r'.repeat(5_000))).status).toBe(413);
		expect((await post('Limits spec risk')).status).toBe(200);
	});

	it('takes a CSV upload larger than a form may be at the ingest API', async () => {
		const lines = ['id,type,occurredAt,site,spell,patient,method'];
		const at = new Date(Date.now() - 3_600_000).toISOString();
		for (let i = 0; lines.join('\n').length < 200 * 1024 && i < 5_000; i++)
			lines.push(`lim-${i},admission,${at},medway-maritime,sp-lim-${i},pt-lim-${i},emergency`);
		const r = await fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${server.key}`, 'content-type': 'text/csv' },
			body: lines.join('\n')
		});
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ accepted: lines.length - 1, rejected: 0 });
	});

	it('rejects a 40,000-deep event on its own and keeps the rest of the batch', async () => {
		const head = `"type":"admission","occurredAt":"${new Date().toISOString()}","site":"medway-maritime"`;
		const deep = '{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000);
		const deepList = '['.repeat(40_000) + ']'.repeat(40_000);
		const good = `{"id":"deep-ok",${head},"spell":"sp-deep","patient":"pt-deep","method":"emergency"}`;
		const post = async (events: string) => {
			const r = await fetch(`${server.url}/api/v1/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
				body: `{"events":[${events}]}`
			});
			return { status: r.status, answer: await r.json() };
		};
		const nested = await post(`{"id":"deep-1",${head},"spell":${deep}},${good}`);
		expect(nested.status).toBe(422);
		expect(nested.answer).toMatchObject({ accepted: 1, rejected: 1 });
		const listed = await post(
			`{"id":"deep-2",${head},"spell":"s","patient":"p","method":"emergency","note":${deepList}}`
		);
		expect(listed.status).toBe(422);
		expect(listed.answer.results[0].errors).toEqual([
			{ field: 'note', reason: 'is not a field of admission' }
		]);
	});

	it('puts the security headers on static files, on a redirect a hook throws, and on socket.io', async () => {
		const html = await (await fetch(`${server.url}/login`)).text();
		const asset = /\/_app\/immutable\/[^"]+\.js/.exec(html)![0];
		const answers = [
			await fetch(`${server.url}${asset}`),
			await fetch(`${server.url}/org/medway-maritime`, { redirect: 'manual' }),
			await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
				headers: { origin: server.url, cookie: server.cookies.exec }
			})
		];
		expect(answers.map((r) => r.status)).toEqual([200, 303, 200]);
		for (const r of answers) {
			expect(r.headers.get('x-content-type-options'), r.url).toBe('nosniff');
			expect(r.headers.get('x-frame-options'), r.url).toBe('DENY');
			expect(r.headers.get('strict-transport-security'), r.url).toContain('max-age=');
			expect(r.headers.get('content-security-policy'), r.url).toContain("frame-ancestors 'none'");
			expect(r.headers.get('referrer-policy'), r.url).toBe('same-origin');
		}
	});
});
