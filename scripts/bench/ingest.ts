// Ingest throughput and latency against the production build:
//   batches of 500 simulated events, two in flight, for 20 s (events/s sustained), then
//   single-event requests at an open-loop 50 requests/s for 20 s (latency percentiles).
// Usage: npm run build && node scripts/bench/ingest.ts [--backend postgres|pglite]
import { Simulation } from '../../src/lib/server/simulator/model.ts';
import { startServer } from '../../tests/api/server.ts';
import { backendArg, summary } from './stats.ts';

const backend = backendArg();
const server = await startServer(backend);
const post = (events: unknown[]) =>
	fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
		body: JSON.stringify({ events })
	});

try {
	console.log(
		`ingest benchmark on ${backend}, server and client on this machine (${(await import('node:os')).cpus().length} cores)`
	);
	const sim = new Simulation(1234, new Date(Date.now() - 400 * 86_400_000));
	const events = sim.advance(new Date(Date.now() - 30 * 86_400_000));
	// two batches in flight, as a source system with a backlog would send them: one is validated while the other commits
	let next = 0;
	let sent = 0;
	const batchLatency: number[] = [];
	const started = performance.now();
	const sender = async () => {
		while (performance.now() - started < 20_000 && next < events.length) {
			const batch = events.slice(next, next + 500);
			next += 500;
			const t = performance.now();
			const r = await post(batch);
			if (r.status !== 200) throw new Error(`batch answered ${r.status}: ${await r.text()}`);
			await r.arrayBuffer();
			batchLatency.push(performance.now() - t);
			sent += batch.length;
		}
	};
	await Promise.all([sender(), sender()]);
	const seconds = (performance.now() - started) / 1000;
	console.log(
		`batches of 500: ${sent.toLocaleString('en-GB')} events in ${seconds.toFixed(1)} s = ${Math.round(sent / seconds).toLocaleString('en-GB')} events/s sustained`
	);
	summary('batch of 500 latency', batchLatency);

	const latencies: number[] = [];
	const failures: number[] = [];
	const inflight: Promise<void>[] = [];
	const t0 = performance.now();
	for (let i = 0; i < 1000; i++) {
		const due = t0 + i * 20;
		const wait = due - performance.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		const spell = `sp-bench-${process.pid}-${i}`;
		const event = {
			id: spell,
			type: 'admission',
			occurredAt: new Date().toISOString(),
			site: 'leicester-royal',
			spell,
			patient: `pt-bench-${i}`,
			method: 'emergency',
			ward: 'leicester-royal.amu'
		};
		const sentAt = performance.now();
		inflight.push(
			post([event]).then(async (r) => {
				await r.arrayBuffer();
				if (r.status === 200) latencies.push(performance.now() - sentAt);
				else failures.push(r.status);
			})
		);
	}
	await Promise.all(inflight);
	const rate = 1000 / ((performance.now() - t0) / 1000);
	console.log(
		`single events: offered 50 requests/s (achieved ${rate.toFixed(1)}/s), ${failures.length} failures`
	);
	summary('single-event request latency', latencies);
} finally {
	await server.stop();
}
