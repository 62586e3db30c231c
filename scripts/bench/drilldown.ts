// Drill-down page loads with a year of simulated history for every site, on PostgreSQL: the server load of each
// level's page (SvelteKit's __data.json) and the whole rendered page, over a 2-year range in daily buckets.
// Usage: npm run build && node scripts/bench/drilldown.ts [--days 365]
import { runSimulator } from '../../src/lib/server/simulator/run.ts';
import { startServer } from '../../tests/api/server.ts';
import { summary } from './stats.ts';

const at = process.argv.indexOf('--days');
const days = at > 0 ? Number(process.argv[at + 1]) : 365;
const server = await startServer('postgres');
const LEVELS = {
	system: 'kent-medway',
	'HWB area': 'hwb-kent',
	CCG: 'ccg-cc',
	trust: 'ekhuft',
	site: 'qeqm',
	ward: 'qeqm.coe-a'
};
const METRICS = ['msl', 'dtoc', 'discharges_today', 'msl_with_plan_pct', 'los_over_15'];

try {
	const started = performance.now();
	await runSimulator({ url: server.url, key: server.key, backfillDays: days, live: false, log: () => {} });
	console.log(
		`drill-down benchmark on PostgreSQL: ${days} days of history loaded through the API in ${((performance.now() - started) / 1000).toFixed(0)} s`
	);
	const time = async (path: string) => {
		const t = performance.now();
		const r = await fetch(`${server.url}${path}`, { headers: { cookie: server.cookies.everywhere } });
		if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
		await r.arrayBuffer();
		return performance.now() - t;
	};
	for (const [level, code] of Object.entries(LEVELS)) {
		const load: number[] = [];
		const page: number[] = [];
		for (let i = 0; i < 30; i++) {
			const query = `metric=${METRICS[i % METRICS.length]}&range=2y&bucket=day`;
			load.push(await time(`/org/${code}/__data.json?${query}`));
			page.push(await time(`/org/${code}?${query}`));
		}
		const l = summary(`${level.padEnd(8)} server load`, load);
		summary(`${level.padEnd(8)} whole page`, page);
		if (l.p95 > 200) console.log(`  ${level}: load p95 over the 200 ms target`);
	}
} finally {
	await server.stop();
}
