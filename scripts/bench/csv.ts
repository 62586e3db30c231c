// Memory and responsiveness while the largest accepted CSV is ingested (issue 11, finding 8). Two files at the
// upload limit: every row valid (new admissions) and every row invalid (a name and address typed into `method`).
// Then three of the invalid files at once. During each upload a source sends single events at 10 a second; the server's resident memory is sampled every
// 25 ms from /proc. Prints, per file: its size and rows, the answer, the server's memory before and at its peak, and
// the single events' latency (p50/p99/max) while the upload ran.
// Usage: npm run build && node scripts/bench/csv.ts [--backend postgres|pglite]
import { readFileSync } from 'node:fs';
import { startServer } from '../../tests/api/server.ts';
import { backendArg, summary } from './stats.ts';

const LIMIT_BYTES = 25 * 1024 * 1024;
const MAX_ROWS = 200_000;

const rssMb = (pid: number) => {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) / 1024 : NaN;
};

function csvFile(kind: 'valid' | 'invalid'): { body: string; rows: number } {
	const lines = ['id,type,occurredAt,site,spell,patient,method,ward'];
	let size = lines[0].length + 1;
	const at = new Date(Date.now() - 86_400_000).toISOString();
	for (let i = 0; i < MAX_ROWS; i++) {
		const method = kind === 'valid' ? 'emergency' : `"Jane Smith ${i}, 943 476 5919, 1 High Street, ME7 5NY"`;
		const line = `csv-${kind}-${i},admission,${at},medway-maritime,sp-csv-${kind}-${i},pt-csv-${i},${method},`;
		if (size + line.length + 1 > LIMIT_BYTES) break;
		lines.push(line);
		size += line.length + 1;
	}
	return { body: lines.join('\n') + '\n', rows: lines.length - 1 };
}

const backend = backendArg();
const server = await startServer(backend);
const post = (body: string, type: string) =>
	fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${server.key}`, 'content-type': type },
		body
	});

try {
	console.log(
		`CSV memory benchmark on ${backend}; upload limit ${LIMIT_BYTES / 1024 / 1024} MB, ${MAX_ROWS} rows`
	);
	const scenarios = [
		{ kind: 'valid', copies: 1 },
		{ kind: 'invalid', copies: 1 },
		{ kind: 'invalid', copies: 3 }
	] as const;
	for (const { kind, copies } of scenarios) {
		const file = csvFile(kind);
		await new Promise((r) => setTimeout(r, 2_000));
		const before = rssMb(server.pid);
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 25);
		const latencies: number[] = [];
		const failures: number[] = [];
		let uploading = true;
		const singles = (async () => {
			for (let i = 0; uploading; i++) {
				const t = performance.now();
				const event = {
					id: `single-${kind}-${copies}-${i}`,
					type: 'admission',
					occurredAt: new Date().toISOString(),
					site: 'leicester-royal',
					spell: `sp-single-${kind}-${copies}-${i}`,
					patient: `pt-single-${i}`,
					method: 'emergency'
				};
				post(JSON.stringify({ events: [event] }), 'application/json').then(
					async (r) => {
						await r.arrayBuffer();
						if (r.status === 200) latencies.push(performance.now() - t);
						else failures.push(r.status);
					},
					() => failures.push(0)
				);
				await new Promise((r) => setTimeout(r, 100));
			}
		})();
		const started = performance.now();
		const answers = await Promise.all(
			Array.from({ length: copies }, async () => {
				const r = await post(file.body, 'text/csv');
				return { r, answer: await r.text() };
			})
		);
		const { r, answer } = answers[0];
		const seconds = (performance.now() - started) / 1000;
		uploading = false;
		await singles;
		await new Promise((r) => setTimeout(r, 1_000));
		clearInterval(sampler);
		const summaryLine = (() => {
			try {
				const b = JSON.parse(answer);
				if (b.error) return `"${b.error.message}"`;
				return `accepted ${b.accepted}, rejected ${b.rejected}, ${b.results?.length ?? 0} outcomes listed`;
			} catch {
				return answer.slice(0, 120);
			}
		})();
		console.log(
			`${copies > 1 ? `${copies} at once, ` : ''}${kind} rows: ${(file.body.length / 1024 / 1024).toFixed(1)} MB, ${file.rows.toLocaleString('en-GB')} rows -> ${r.status} in ${seconds.toFixed(1)} s (${summaryLine}; answer ${(answer.length / 1024).toFixed(0)} KB)`
		);
		console.log(
			`  server memory: ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak (+${(peak - before).toFixed(0)} MB)`
		);
		const refused = Object.entries(Object.groupBy(failures, (s) => String(s || 'network error')))
			.map(([status, list]) => `${list!.length} × ${status}`)
			.join(', ');
		summary(`  single events during the upload (not 200: ${refused || 'none'})`, latencies);
	}
} catch (e) {
	await new Promise((r) => setTimeout(r, 1_000));
	console.error(`the benchmark failed; the server's last words:\n${server.log().slice(-3_000)}`);
	throw e;
} finally {
	await server.stop();
}
