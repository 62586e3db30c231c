// Ingest cost against the size of the country: the production build on PostgreSQL with the national register
// (scripts/bench/national.ts: 252 sites, 4,032 wards) holding 10,000 and then 100,000 open spells. For each size it
// prints single-event request latency (admissions at random national wards, open-loop 50 requests/s for 20 s) and
// batch throughput (batches of 500 from one trust's wards each, two in flight, for 15 s), then the read API on that
// store: 200 GETs of /api/v1/series (90 days, daily) over national systems, trusts, sites and wards. The single-event
// p99 should not grow by more than 1.5× from the smaller country to the larger; the series p95 should stay ≤ 100 ms.
// Usage: npm run build && node scripts/bench/scale.ts [--sizes 10000,100000]
import { startServer } from '../../tests/api/server.ts';
import { addNationalRegister, admitNationally, type NationalRegister } from './national.ts';
import { summary } from './stats.ts';

const i = process.argv.indexOf('--sizes');
const SIZES = (i > 0 ? process.argv[i + 1] : '10000,100000').split(',').map(Number);

async function measure(openSpells: number) {
	let register: NationalRegister | null = null;
	const loadStarted = performance.now();
	const server = await startServer('postgres', undefined, {}, async (db) => {
		register = await addNationalRegister(db);
		const { fullRecountMs } = await admitNationally(db, register, openSpells, (done) => {
			if (done % 20_000 === 0) console.log(`  loaded ${done.toLocaleString('en-GB')} open spells`);
		});
		console.log(
			`  a full recount of every organisation (node start, the day turning): ${fullRecountMs.toFixed(0)} ms`
		);
	});
	const national = register as unknown as NationalRegister;
	console.log(
		`${openSpells.toLocaleString('en-GB')} open spells over ${national.wards.length.toLocaleString('en-GB')} wards loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`
	);
	const post = (events: unknown[]) =>
		fetch(`${server.url}/api/v1/events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
			body: JSON.stringify({ events })
		});
	let n = 0;
	const admission = (wards = national.wards) => {
		const ward = wards[Math.floor(Math.random() * wards.length)];
		const spell = `sc${openSpells / 1000}k-n${++n}`;
		return {
			id: spell,
			type: 'admission',
			occurredAt: new Date().toISOString(),
			site: ward.slice(0, ward.lastIndexOf('.')),
			spell,
			patient: `pt-${spell}`,
			method: 'emergency',
			ward
		};
	};
	try {
		const latencies: number[] = [];
		const failures: number[] = [];
		const inflight: Promise<void>[] = [];
		const t0 = performance.now();
		for (let k = 0; k < 1000; k++) {
			const wait = t0 + k * 20 - performance.now();
			if (wait > 0) await new Promise((r) => setTimeout(r, wait));
			const sentAt = performance.now();
			inflight.push(
				post([admission()]).then(async (r) => {
					await r.arrayBuffer();
					if (r.status === 200) latencies.push(performance.now() - sentAt);
					else failures.push(r.status);
				})
			);
		}
		await Promise.all(inflight);
		const refused = failures.length ? ` (answered ${[...new Set(failures)].join(', ')})` : '';
		const single = summary(`  single events, 50/s offered, ${failures.length} failures${refused}`, latencies);

		let sent = 0;
		const started = performance.now();
		const sender = async () => {
			while (performance.now() - started < 15_000) {
				// a source system sends its own trust's events: one trust's wards a batch
				const trust = national.wards[Math.floor(Math.random() * national.wards.length)].replace(
					/-h\d+\..*$/,
					''
				);
				const wards = national.wards.filter((w) => w.startsWith(`${trust}-`));
				const r = await post(Array.from({ length: 500 }, () => admission(wards)));
				if (r.status !== 200)
					throw new Error(`a batch was answered ${r.status}\n${server.log().slice(-2000)}`);
				await r.arrayBuffer();
				sent += 500;
			}
		};
		await Promise.all([sender(), sender()]);
		const rate = sent / ((performance.now() - started) / 1000);
		console.log(`  batches of 500: ${Math.round(rate).toLocaleString('en-GB')} events/s`);

		const orgs = [national.systems, national.systems.map((s) => `${s}-t1`), national.sites, national.wards];
		const metrics = ['inpatients', 'msl', 'los_over_15', 'dtoc', 'msl_with_plan_pct', 'discharges_today'];
		const from = encodeURIComponent(new Date(Date.now() - 90 * 86_400_000).toISOString());
		const series = async (k: number) => {
			const level = orgs[k % orgs.length];
			const path = `/api/v1/series?org=${level[(k * 31) % level.length]}&metric=${metrics[k % metrics.length]}&bucket=day&from=${from}`;
			const t = performance.now();
			const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.key}` } });
			if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
			await r.arrayBuffer();
			return performance.now() - t;
		};
		for (let k = 0; k < 20; k++) await series(k); // warm up
		const seriesTimes: number[] = [];
		for (let k = 0; k < 200; k++) seriesTimes.push(await series(k));
		const read = summary('  GET /api/v1/series (90 days, daily), systems to wards', seriesTimes);
		return { ...single, rate, seriesP95: read.p95 };
	} finally {
		await server.stop();
	}
}

console.log(
	`national-scale ingest benchmark, PostgreSQL, server and client on this machine (${(await import('node:os')).cpus().length} cores)`
);
const results = [];
for (const size of SIZES) {
	console.log(`country with ${size.toLocaleString('en-GB')} open spells:`);
	results.push({ size, ...(await measure(size)) });
}
if (results.length > 1) {
	const [small, large] = [results[0], results.at(-1)!];
	const growth = large.p99 / small.p99;
	console.log(
		`single-event p99 ${small.p99.toFixed(1)} ms at ${small.size.toLocaleString('en-GB')} → ${large.p99.toFixed(1)} ms at ${large.size.toLocaleString('en-GB')} open spells: ×${growth.toFixed(2)} (target ≤ 1.5: ${growth <= 1.5 ? 'met' : 'not met'})`
	);
}
for (const r of results)
	console.log(
		`series p95 at ${r.size.toLocaleString('en-GB')} open spells: ${r.seriesP95.toFixed(1)} ms (target ≤ 100 ms: ${r.seriesP95 <= 100 ? 'met' : 'not met'})`
	);
