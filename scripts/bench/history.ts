// A year of simulated history for every site, posted through the ingest API (the backfill figure), then the read
// API measured on it: /api/v1/metrics and a 90-day daily /api/v1/series, 200 requests each.
// Usage: npm run build && node scripts/bench/history.ts [--backend postgres|pglite] [--days 365]
import { runSimulator } from '../../src/lib/server/simulator/run.ts';
import { startServer } from '../../tests/api/server.ts';
import { backendArg, summary } from './stats.ts';

const backend = backendArg();
const daysAt = process.argv.indexOf('--days');
const days = daysAt > 0 ? Number(process.argv[daysAt + 1]) : 365;
const server = await startServer(backend);

try {
	console.log(
		`history benchmark on ${backend}: backfill ${days} days for all sites through POST /api/v1/events`
	);
	const started = performance.now();
	await runSimulator({ url: server.url, key: server.key, backfillDays: days, live: false, log: () => {} });
	console.log(`backfill of ${days} days: ${((performance.now() - started) / 1000).toFixed(1)} s`);

	const get = async (path: string) => {
		const t = performance.now();
		const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.key}` } });
		if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
		await r.arrayBuffer();
		return performance.now() - t;
	};
	const orgs = [
		'kent-medway',
		'llr',
		'medway-maritime',
		'ekhuft',
		'leicester-royal',
		'qeqm.coe-a',
		'hwb-kent',
		'rutland-memorial'
	];
	const metrics = [
		'inpatients',
		'msl',
		'los_over_15',
		'dtoc',
		'msl_with_plan_pct',
		'discharges_today',
		'admissions_avoided_today'
	];
	for (let i = 0; i < 20; i++) await get(`/api/v1/metrics?org=${orgs[i % orgs.length]}`); // warm up
	const metricsTimes: number[] = [];
	for (let i = 0; i < 200; i++) metricsTimes.push(await get(`/api/v1/metrics?org=${orgs[i % orgs.length]}`));
	summary('GET /api/v1/metrics', metricsTimes);
	const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
	const seriesTimes: number[] = [];
	for (let i = 0; i < 200; i++) {
		seriesTimes.push(
			await get(
				`/api/v1/series?org=${orgs[i % orgs.length]}&metric=${metrics[i % metrics.length]}&bucket=day&from=${encodeURIComponent(from)}`
			)
		);
	}
	summary('GET /api/v1/series (90 days, daily)', seriesTimes);
} finally {
	await server.stop();
}
