// Live delivery against the production build on PostgreSQL: 1,000 socket.io clients across 40 rooms while events
// arrive at 50 a second, then the same clients polling GET /api/v1/metrics every 5 s under the same load.
// Alarm limits are set on every room, so alarm evaluation runs beside delivery. Prints ingest→socket delivery
// p50/p99/max, alarm messages received, and push against polling: mean staleness and database transactions/s.
// Usage: npm run build && node scripts/bench/live.ts [--clients 1000] [--seconds 30]
import { sql } from 'kysely';
import { io, type Socket } from 'socket.io-client';
import { openStore } from '../../src/lib/server/db/index.ts';
import { startServer } from '../../tests/api/server.ts';
import { summary } from './stats.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 1000);
const SECONDS = arg('seconds', 30);
const RATE = 50;
const SITES = [
	'medway-maritime',
	'darent-valley',
	'qeqm',
	'william-harvey',
	'kent-canterbury',
	'leicester-royal',
	'leicester-general',
	'glenfield'
];
const ROOMS = [
	'kent-medway',
	'llr',
	'hwb-kent',
	'hwb-medway',
	'leicester-city',
	'mft',
	'dg-trust',
	'ekhuft',
	'uhl',
	'ccg-dgs',
	'ccg-cc',
	'ccg-medway',
	'ccg-lc',
	...SITES,
	...SITES.flatMap((s) => [`${s}.amu`, `${s}.coe-a`]).slice(0, 40 - 13 - SITES.length - 3),
	'rutland-memorial',
	'hwb-rutland',
	'lpt'
];

const server = await startServer('postgres');
const store = await openStore({ databaseUrl: server.databaseUrl, poolSize: 1 });

// alarm limits on every room, so every update is evaluated (src/lib/server/alarms/worker.ts) while figures are
// delivered; the sites' inpatients pass theirs with the first event, raising one alarm each
await store.db
	.insertInto('metric_limit')
	.values([
		...ROOMS.flatMap((org) =>
			['msl', 'dtoc'].map((metric) => ({ org, metric, low: null, high: 1_000_000, updated_by: 'bench' }))
		),
		...SITES.map((org) => ({ org, metric: 'inpatients', low: null, high: 0, updated_by: 'bench' }))
	])
	.execute();

const transactions = async () => {
	const { rows } = await sql<{
		n: number;
	}>`SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`.execute(store.db);
	return rows[0].n;
};

let n = 0;
async function postEvent() {
	const site = SITES[n % SITES.length];
	const spell = `sp-live-${process.pid}-${++n}`;
	const ward = `${site}.${['amu', 'coe-a', 'coe-b', 'resp'][n % 4]}`;
	const r = await fetch(`${server.url}/api/v1/events`, {
		method: 'POST',
		headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			events: [
				{
					id: spell,
					type: 'admission',
					occurredAt: new Date().toISOString(),
					site,
					spell,
					patient: `pt-${spell}`,
					method: 'emergency',
					ward
				}
			]
		})
	});
	await r.arrayBuffer();
}

/** Post at RATE events a second for `seconds`, open-loop. */
async function load(seconds: number) {
	const started = performance.now();
	const inflight: Promise<void>[] = [];
	for (let i = 0; i < seconds * RATE; i++) {
		const wait = started + (i * 1000) / RATE - performance.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		inflight.push(postEvent());
	}
	await Promise.all(inflight);
}

try {
	console.log(
		`live benchmark: ${CLIENTS} clients in ${ROOMS.length} rooms, ${RATE} events/s for ${SECONDS} s, PostgreSQL, one 2-core machine`
	);
	// push
	const latencies: number[] = [];
	const gaps = { n: 0 };
	const alarmMessages = { n: 0 };
	const sockets: Socket[] = [];
	const lastSeq = new Map<Socket, number>();
	await Promise.all(
		Array.from({ length: CLIENTS }, (_, i) => {
			const org = ROOMS[i % ROOMS.length];
			const socket = io(`${server.url}/live`, {
				transports: ['websocket'],
				forceNew: true,
				extraHeaders: { cookie: server.cookies.everywhere }
			});
			sockets.push(socket);
			socket.on('snapshot', (s: { seq: number }) => lastSeq.set(socket, s.seq));
			socket.on('alarms', () => alarmMessages.n++);
			socket.on('metrics', (d: { seq: number; asOf: string }) => {
				latencies.push(Date.now() - Date.parse(d.asOf));
				if (d.seq !== (lastSeq.get(socket) ?? 0) + 1) gaps.n++;
				lastSeq.set(socket, d.seq);
			});
			return new Promise<void>((resolve) =>
				socket.on('connect', () => socket.emit('subscribe', { org }, () => resolve()))
			);
		})
	);
	console.log(`${sockets.length} clients connected and subscribed`);
	const pushStart = await transactions();
	const t0 = performance.now();
	await load(SECONDS);
	await new Promise((r) => setTimeout(r, 1000));
	const pushSeconds = (performance.now() - t0) / 1000;
	const pushTx = ((await transactions()) - pushStart) / pushSeconds;
	const push = summary('push: ingest → socket delivery', latencies);
	console.log(
		`push: ${latencies.length.toLocaleString('en-GB')} deliveries, ${gaps.n} sequence gaps, ${pushTx.toFixed(1)} database transactions/s, ${alarmMessages.n.toLocaleString('en-GB')} alarm messages`
	);
	for (const s of sockets) s.disconnect();

	// polling, the usual dashboard refresh: every client fetches its organisation's figures every 5 s
	const polls: { org: string; times: number[]; seqs: number[] }[] = [];
	const pollStart = await transactions();
	const t1 = Date.now();
	const stop = performance.now() + SECONDS * 1000;
	const pollers = Array.from({ length: CLIENTS }, async (_, i) => {
		const mine = { org: ROOMS[i % ROOMS.length], times: [] as number[], seqs: [] as number[] };
		polls.push(mine);
		await new Promise((r) => setTimeout(r, Math.random() * 5000));
		while (performance.now() < stop) {
			const r = await fetch(`${server.url}/api/v1/metrics?org=${mine.org}`, {
				headers: { authorization: `Bearer ${server.key}` }
			});
			const body = (await r.json()) as { seq: number };
			mine.times.push(Date.now());
			mine.seqs.push(body.seq);
			await new Promise((r) => setTimeout(r, 5000));
		}
	});
	await Promise.all([load(SECONDS), ...pollers]);
	const pollSeconds = (Date.now() - t1) / 1000;
	const pollTx = ((await transactions()) - pollStart) / pollSeconds;

	// staleness of a change: from its commit to the first poll that shows it
	const changes = await sql<{ org: string; seq: number; at: Date }>`
		SELECT org, seq::int AS seq, at FROM metric_snapshot WHERE at >= ${new Date(t1)} ORDER BY org, seq
	`.execute(store.db);
	const byOrg = new Map<string, { seq: number; at: number }[]>();
	for (const c of changes.rows)
		byOrg.set(c.org, [...(byOrg.get(c.org) ?? []), { seq: c.seq, at: c.at.getTime() }]);
	const pollDelays: number[] = [];
	for (const p of polls) {
		for (const c of byOrg.get(p.org) ?? []) {
			const shown = p.seqs.findIndex((seq) => seq >= c.seq);
			if (shown >= 0 && p.times[shown] >= c.at) pollDelays.push(p.times[shown] - c.at);
		}
	}
	const meanPush = latencies.reduce((s, v) => s + v, 0) / latencies.length;
	const meanPoll = pollDelays.reduce((s, v) => s + v, 0) / pollDelays.length;
	const pollCount = polls.reduce((s, p) => s + p.times.length, 0);
	console.log(
		`polling: ${pollCount.toLocaleString('en-GB')} requests, ${pollTx.toFixed(1)} database transactions/s`
	);
	summary('polling: commit → first poll showing it', pollDelays);
	console.log(
		`push vs polling: mean staleness ${meanPush.toFixed(0)} ms vs ${meanPoll.toFixed(0)} ms (polling ${(meanPoll / meanPush).toFixed(0)}× staler); ` +
			`database transactions ${pushTx.toFixed(1)}/s vs ${pollTx.toFixed(1)}/s (polling ${(pollTx / pushTx).toFixed(1)}×)`
	);
	console.log(`target p99 ≤ 250 ms: ${push.p99 <= 250 ? 'met' : 'not met'}`);
} finally {
	await store.close();
	await server.stop();
}
