// The weekly call pack for the whole system (every site) and its PDF, with a year of simulated history on
// PostgreSQL: the rendered pack page, the pack's data alone (__data.json), issuing it, and its PDF.
// Usage: npm run build && node scripts/bench/reports.ts [--days 365]
import { runSimulator } from '../../src/lib/server/simulator/run.ts';
import { previousWeek, weekOf } from '../../src/lib/server/reports/periods.ts';
import { post } from '../../tests/api/http.ts';
import { startServer } from '../../tests/api/server.ts';
import { summary } from './stats.ts';

const at = process.argv.indexOf('--days');
const days = at > 0 ? Number(process.argv[at + 1]) : 365;
const server = await startServer('postgres');
const cookie = server.cookies.everywhere;
try {
	const started = performance.now();
	await runSimulator({ url: server.url, key: server.key, backfillDays: days, live: false, log: () => {} });
	console.log(
		`reports benchmark on PostgreSQL: ${days} days of history loaded through the API in ${((performance.now() - started) / 1000).toFixed(0)} s; one 2-core machine`
	);
	const week = previousWeek(weekOf(new Date())).label;
	const time = async (path: string) => {
		const t = performance.now();
		const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
		if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
		const size = (await r.arrayBuffer()).byteLength;
		return { ms: performance.now() - t, size };
	};
	for (const org of ['kent-medway', 'llr']) {
		const page: number[] = [];
		const data: number[] = [];
		for (let i = 0; i < 10; i++) {
			page.push((await time(`/reports/weekly?org=${org}&week=${week}`)).ms);
			data.push((await time(`/reports/weekly/__data.json?org=${org}&week=${week}`)).ms);
		}
		const p = summary(`${org} weekly pack ${week}, whole page`, page);
		summary(`${org} weekly pack ${week}, data only`, data);
		console.log(`  target ≤ 2 s: ${p.p95 <= 2000 ? 'met' : 'NOT met'} (p95)`);

		const t = performance.now();
		const issued = await post(server, `/reports/weekly?/issue&org=${org}&week=${week}`, {}, { cookie });
		const location = issued.headers.get('location') ?? '';
		if (issued.status !== 303 || !/^\/reports\/\d+$/.test(location))
			throw new Error(`issue answered ${issued.status}`);
		console.log(`${org} issue (build and freeze): ${(performance.now() - t).toFixed(0)} ms`);
		const pdf: number[] = [];
		let bytes = 0;
		for (let i = 0; i < 5; i++) {
			const r = await time(`${location}/pdf`);
			pdf.push(r.ms);
			bytes = r.size;
		}
		const s = summary(`${org} weekly pack PDF (${bytes} bytes)`, pdf);
		console.log(`  target ≤ 10 s: ${s.p95 <= 10_000 ? 'met' : 'NOT met'} (p95)`);
	}
} finally {
	await server.stop();
}
