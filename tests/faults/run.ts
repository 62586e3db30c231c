// `npm run test:faults`: the production build on a PostgreSQL cluster of its own, fed a known stream by two sources
// while screens watch live, through one fault after another. After each fault it checks that no acknowledged event
// was lost or stored twice, that the app did not die, that the API said 503 (never 500) while the database was away,
// and how long the screens took to catch up; at the end every figure is compared with the oracle. Prints a table;
// exits 1 if any check failed. Needs `npm run build` first.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { openReadyStore } from '../../src/lib/server/db/index.ts';
import { createKey } from '../../src/lib/server/ingest/keys.ts';
import type { MetricSnapshot, MetricValues } from '../../src/lib/types.ts';
import { oracleMetrics, type OracleOrg, type RawEvent } from '../oracle.ts';
import { App } from './app.ts';
import { Cluster, freePort } from './cluster.ts';
import { Reader, Source } from './driver.ts';
import { caughtUp, Screen } from './live.ts';
import { makeStream, toCsv } from './stream.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `npm run test:faults -- CSV paused` runs only the faults whose names contain one of the words */
const only = process.argv.slice(2);
const WATCHED = ['kent-medway', 'medway-maritime', 'llr', 'leicester-royal'];
const SCREENS = 24;
const CSV_ROWS = 170_000;
/** what the suite allows for screens to catch up once the fault is over */
const RESYNC_LIMIT_S = 20;
/** the durability re-check interval the app runs with, and what the suite allows for it to notice */
const DURABILITY_CHECK_MS = 2_000;

if (!existsSync('build/handler.js')) {
	console.error('build/ is missing: run `npm run build` first');
	process.exit(1);
}

interface Row {
	fault: string;
	acknowledged: number;
	lost: number;
	doubled: number;
	deaths: number;
	s500: number;
	s503: number;
	resync: number | null;
	reads: string;
	notes: string[];
	failures: string[];
}

const started = Date.now();
// a source retries until it is answered: should the app never come back, the suite ends rather than hang
setTimeout(() => {
	console.error('[faults] gave up after 15 minutes');
	process.exit(1);
}, 15 * 60_000).unref();
const cluster = new Cluster(await freePort());
let app: App | null = null;
const screens: Screen[] = [];
try {
	console.log(`[faults] PostgreSQL cluster on port ${cluster.port}`);
	await cluster.init();
	const store = await openReadyStore({ databaseUrl: cluster.url, ownerUrl: cluster.ownerUrl, poolSize: 2 });
	const keys = {
		a: (await createKey(store.db, 'fault-a', null)).key,
		b: (await createKey(store.db, 'fault-b', null)).key,
		c: (await createKey(store.db, 'fault-csv', null)).key
	};
	const user = await createUser(store.db, {
		username: 'fault.screen',
		displayName: 'Fault suite screen',
		password: 'correct horse battery staple 9',
		grants: [
			{ role: 'executive', org: 'kent-medway' },
			{ role: 'executive', org: 'llr' }
		],
		totpKey: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
	});
	if ('problems' in user) throw new Error(JSON.stringify(user.problems));
	const cookie = `flowdeck-session=${await createSession(store.db, user.id, 'full')}`;
	await store.close();

	app = new App(await freePort(), {
		DATABASE_URL: cluster.url,
		DATABASE_OWNER_URL: cluster.ownerUrl,
		FLOWDECK_DURABILITY_CHECK_MS: String(DURABILITY_CHECK_MS),
		FLOWDECK_TICK_MS: '10000',
		// the sources' own pace is the load; the per-key limit is not under test here
		FLOWDECK_INGEST_RATE: '10000',
		FLOWDECK_INGEST_BURST: '10000'
	});
	const running = app;
	await running.start();
	const url = () => running.url;
	for (let i = 0; i < SCREENS; i++) screens.push(new Screen(running.url, cookie, WATCHED));

	const stream = makeStream('f', 3_600, 20261201);
	const streams = { a: stream.filter((_, i) => i % 2 === 0), b: stream.filter((_, i) => i % 2 === 1) };
	const sources = {
		a: new Source('a', url, keys.a),
		b: new Source('b', url, keys.b),
		c: new Source('c', url, keys.c)
	};
	const sent: Record<'a' | 'b' | 'c', RawEvent[]> = { a: [], b: [], c: [] };
	const reader = new Reader(url, keys.a);
	const rows: Row[] = [];
	let offset = 0;

	/** The next `count` events of each of sources a and b; a tenth of them sent twice, as a retrying source would. */
	const slice = (count: number) => {
		const take = (s: 'a' | 'b') => {
			const events = streams[s].slice(offset, offset + count);
			sent[s].push(...events);
			return [...events, ...events.filter((_, i) => i % 10 === 0)];
		};
		const out = { a: take('a'), b: take('b') };
		offset += count;
		return out;
	};

	const seqs = async () => {
		const target = new Map<string, number>();
		for (const org of WATCHED) {
			const r = await fetch(`${url()}/api/v1/metrics?org=${org}`, {
				headers: { authorization: `Bearer ${keys.a}` }
			}).catch(() => null);
			if (r?.ok) target.set(org, ((await r.json()) as MetricSnapshot).seq);
			else await r?.body?.cancel();
		}
		return target;
	};

	/** Seconds from `since` until every screen has what the API had a moment before; null if not within the limit. */
	const resyncSince = async (since: number) => {
		for (;;) {
			const target = await seqs();
			await sleep(200);
			const left = RESYNC_LIMIT_S * 1000 - (Date.now() - since);
			if (left <= 0) return null;
			// the API must answer for every organisation before the screens can be said to have caught up with it
			if (target.size < WATCHED.length) continue;
			const t = await caughtUp(screens, target, Math.min(left, 1_000));
			if (t !== null) return (Date.now() - since) / 1000;
		}
	};

	let deathsBefore = 0;
	const check = async (row: Row) => {
		const stored = await cluster.admin(async (c) => {
			const { rows: events } = await c.query<{ source: string; event_id: string; n: number }>(
				'SELECT source, event_id, count(*)::int AS n FROM event GROUP BY source, event_id'
			);
			return events;
		});
		const seen = new Map(stored.map((e) => [`${e.source}/${e.event_id}`, e.n]));
		const names = { a: 'fault-a', b: 'fault-b', c: 'fault-csv' } as const;
		let acknowledged = 0;
		for (const s of ['a', 'b', 'c'] as const)
			for (const id of sources[s].acknowledged.keys()) {
				acknowledged++;
				if (!seen.has(`${names[s]}/${id}`)) row.lost++;
			}
		row.doubled = stored.filter((e) => e.n > 1).length;
		row.acknowledged = acknowledged;
		row.deaths = running.crashes.length - deathsBefore;
		const rejected = sources.a.rejected.length + sources.b.rejected.length + sources.c.rejected.length;
		if (rejected) row.failures.push(`${rejected} valid events were rejected`);
		if (row.lost) row.failures.push(`${row.lost} acknowledged events lost`);
		if (row.doubled) row.failures.push(`${row.doubled} events stored twice`);
		if (row.deaths) row.failures.push(`the app died: ${JSON.stringify(running.crashes)}`);
		if (row.s500) row.failures.push(`${row.s500} answers of 500`);
	};

	const phase = async (
		fault: string,
		count: number,
		inject: (row: Row) => Promise<number | null>,
		options: { readsMustSucceed?: boolean; batch?: number; lanes?: number; expect503?: boolean } = {}
	) => {
		if (only.length && !only.some((word) => fault.includes(word))) return;
		console.log(`[faults] ${fault}`);
		for (const s of Object.values(sources)) s.tally.reset();
		reader.tally.reset();
		reader.slowestMs = 0;
		const row: Row = {
			fault,
			acknowledged: 0,
			lost: 0,
			doubled: 0,
			deaths: 0,
			s500: 0,
			s503: 0,
			resync: null,
			reads: '',
			notes: [],
			failures: []
		};
		const events = slice(count);
		deathsBefore = running.crashes.length;
		const stopReads = new AbortController();
		const reads = Promise.all(WATCHED.map((org) => reader.run(org, stopReads.signal)));
		const sending = Promise.all([
			sources.a.send(events.a, options.batch ?? 20, options.lanes),
			sources.b.send(events.b, options.batch ?? 20, options.lanes)
		]);
		await sleep(1_000);
		const recovered = await inject(row);
		if (recovered !== null) {
			row.resync = await resyncSince(recovered);
			if (row.resync === null) row.failures.push(`screens did not catch up within ${RESYNC_LIMIT_S} s`);
		}
		await sending;
		stopReads.abort();
		await reads;
		const all = [sources.a, sources.b, sources.c, reader].map((s) => s.tally);
		row.s500 = all.reduce((n, t) => n + t.get(500), 0);
		row.s503 = all.reduce((n, t) => n + t.get(503), 0);
		for (const t of all) {
			const odd = t.unexpected([200, 422, 429, 503]);
			if (odd.length) row.failures.push(`unexpected answers: ${JSON.stringify(odd)}`);
		}
		if (options.expect503 && row.s503 === 0) row.failures.push('no 503 while the database was away');
		const readOk = reader.tally.get(200);
		const readTotal = [...reader.tally.statuses.values()].reduce((a, b) => a + b, 0);
		row.reads = `${readOk}/${readTotal}, slowest ${(reader.slowestMs / 1000).toFixed(1)} s`;
		if (options.readsMustSucceed && readOk !== readTotal)
			row.failures.push(`reads failed during the upload: ${JSON.stringify([...reader.tally.statuses])}`);
		await check(row);
		rows.push(row);
		console.log(`[faults]   ${row.failures.length ? `FAILED: ${row.failures.join('; ')}` : 'ok'}`);
	};

	await phase('none (baseline)', 600, async () => null);

	await phase('app killed (kill -9) under load, restarted', 600, async () => {
		running.kill();
		await sleep(500);
		await running.ready();
		return Date.now();
	});

	await phase(
		'database killed (immediate stop) under load, back after 5 s',
		600,
		async () => {
			cluster.crash();
			await sleep(2_000);
			// a screen that connects and subscribes while the database is away (it used to take the process down)
			screens.push(new Screen(running.url, cookie, WATCHED));
			await sleep(3_000);
			cluster.start();
			const back = Date.now();
			return back;
		},
		{ expect503: true }
	);

	for (const seconds of [10, 45])
		await phase(
			`database paused (SIGSTOP) ${seconds} s`,
			600,
			async () => {
				cluster.pause(true);
				await sleep(seconds * 1000);
				cluster.pause(false);
				return Date.now();
			},
			{ expect503: true }
		);

	await phase('database restarted under live clients', 600, async () => {
		cluster.restart();
		return Date.now();
	});

	await phase(
		`${CSV_ROWS.toLocaleString('en-GB')}-row CSV while single events and reads run`,
		400,
		async (row) => {
			const csvEvents = makeStream('c', 49_000, 7).slice(0, CSV_ROWS);
			for (const e of csvEvents) sent.c.push(e);
			const t = Date.now();
			await sources.c.post(csvEvents, toCsv(csvEvents), 'text/csv');
			row.notes.push(`upload ${((Date.now() - t) / 1000).toFixed(1)} s`);
			return null;
		},
		// sixteen single-event requests in flight at once, more than the pool has connections
		{ readsMustSucceed: true, batch: 1, lanes: 8 }
	);

	await phase('synchronous_commit turned off while running, then on', 300, async (row) => {
		await cluster.setSynchronousCommit('off');
		const off = Date.now();
		let refusedAfter: number | null = null;
		while (Date.now() - off < 5 * DURABILITY_CHECK_MS) {
			// an empty batch: 400 while ingest is open, 503 once it is refused; nothing is stored either way
			const r = await fetch(`${url()}/api/v1/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${keys.a}`, 'content-type': 'application/json' },
				body: JSON.stringify({ events: [] })
			});
			await r.body?.cancel();
			if (r.status === 503) {
				refusedAfter = Date.now() - off;
				break;
			}
			await sleep(100);
		}
		if (refusedAfter === null) row.failures.push('ingest was not refused while synchronous_commit was off');
		else row.notes.push(`refused ${(refusedAfter / 1000).toFixed(1)} s after the change`);
		await sleep(1_000);
		await cluster.setSynchronousCommit('on');
		return null;
	});

	// every figure the API serves equals the oracle's recomputation from the acknowledged events, at its as-of time
	console.log('[faults] figures against the oracle');
	const orgs = (
		(await (
			await fetch(`${url()}/api/v1/orgs`, { headers: { authorization: `Bearer ${keys.a}` } })
		).json()) as { orgs: OracleOrg[] }
	).orgs;
	const acknowledged = (['a', 'b', 'c'] as const).flatMap((s) =>
		sent[s].filter((e) => sources[s].acknowledged.has(e.id))
	);
	const mismatches: string[] = [];
	const oracleAt = new Map<string, Map<string, MetricValues>>();
	for (const org of orgs) {
		const r = await fetch(`${url()}/api/v1/metrics?org=${org.code}`, {
			headers: { authorization: `Bearer ${keys.a}` }
		});
		const served = (await r.json()) as MetricSnapshot;
		// the ticker confirms every organisation at once, so a few instants cover them all
		let atAsOf = oracleAt.get(served.asOf);
		if (!atAsOf)
			oracleAt.set(served.asOf, (atAsOf = oracleMetrics(acknowledged, orgs, new Date(served.asOf))));
		const expected = atAsOf.get(org.code);
		for (const [k, v] of Object.entries(expected ?? {}))
			if (served.metrics[k] !== v)
				mismatches.push(`${org.code} ${k}: served ${served.metrics[k]}, oracle ${v}`);
	}

	const table = [
		'| fault | events acknowledged (running total) | lost | doubled | app deaths | 500s | 503s | screens caught up after | reads answered | notes |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
		...rows.map(
			(r) =>
				`| ${r.fault} | ${r.acknowledged.toLocaleString('en-GB')} | ${r.lost} | ${r.doubled} | ${r.deaths} | ${r.s500} | ${r.s503} | ${r.resync === null ? '—' : `${r.resync.toFixed(1)} s`} | ${r.reads} | ${[...r.notes, ...r.failures.map((f) => `FAILED: ${f}`)].join('; ')} |`
		)
	].join('\n');
	const minutes = ((Date.now() - started) / 60_000).toFixed(1);
	const verdict = `figures: ${orgs.length} organisations compared with the oracle, ${mismatches.length} mismatches. Suite took ${minutes} min.`;
	console.log(`\n${table}\n\n${verdict}`);
	if (mismatches.length) console.log(mismatches.slice(0, 20).join('\n'));
	mkdirSync('tests/artifacts', { recursive: true });
	writeFileSync('tests/artifacts/faults.md', `${table}\n\n${verdict}\n`);
	const failed = rows.filter((r) => r.failures.length).length + (mismatches.length ? 1 : 0);
	console.log(`faults: ${rows.length + 1 - failed} passed, ${failed} failed`);
	if (failed) {
		console.log(`--- app log (last 4,000 characters) ---\n${running.log.slice(-4000)}`);
		process.exitCode = 1;
	}
} catch (e) {
	console.error(`[faults] ${e instanceof Error ? e.stack : e}`);
	if (app) console.error(`--- app log ---\n${app.log.slice(-4000)}`);
	process.exitCode = 1;
} finally {
	for (const s of screens) s.close();
	await app?.stop().catch(() => {});
	cluster.destroy();
}
