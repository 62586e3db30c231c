// Disk per event: two weeks of simulated events for the reference sites through the ingest path (batches of 1,000,
// so figures' history holds one row per organisation a batch, not an event), then the bytes of
// every table they fill (events, receipts, spell state, census intervals, flow points, figures and their history,
// feed tallies), with indexes, divided by the events. On the PGlite TimescaleDB build the event hypertable is also
// compressed, chunk by chunk, as its compression policy would after 90 days. Prints bytes per event per backend and
// a year at national volume (1.5 million events a day).
// Usage: node scripts/bench/storage.ts [--days 14]
import { sql } from 'kysely';
import { ingest } from '../../src/lib/server/ingest/ingest.ts';
import { Simulation } from '../../src/lib/server/simulator/model.ts';
import { EVENT_TABLES, testStore, type BackendName } from '../../tests/stores.ts';

const i = process.argv.indexOf('--days');
const DAYS = i > 0 ? Number(process.argv[i + 1]) : 14;
const TABLES = [...EVENT_TABLES, 'feed_hour'];
const NATIONAL_PER_DAY = 1_500_000;

async function measure(backend: BackendName) {
	const store = await testStore(backend);
	try {
		const sim = new Simulation(99, new Date(Date.now() - (DAYS + 28) * 86_400_000));
		sim.advance(new Date(Date.now() - DAYS * 86_400_000)); // warm-up: wards filled, not stored
		const events = sim.advance(new Date());
		for (let k = 0; k < events.length; k += 1000)
			await ingest(store.db, { id: 'storage', source: 'storage', orgs: null }, events.slice(k, k + 1000));
		await sql`VACUUM ANALYZE`.execute(store.db).catch(() => {});
		const size = async (show = false) => {
			let bytes = 0;
			const parts: string[] = [];
			for (const table of TABLES) {
				const hyper = await sql<{ n: string }>`
					SELECT hypertable_size(${table}::regclass)::text AS n
				`
					.execute(store.db)
					.catch(() => null);
				const plain = await sql<{
					n: string;
				}>`SELECT pg_total_relation_size(${table}::regclass)::text AS n`.execute(store.db);
				const n = Number(hyper?.rows[0]?.n ?? plain.rows[0].n);
				bytes += n;
				parts.push(`${table} ${Math.round(n / 1024).toLocaleString('en-GB')} kB`);
			}
			if (show) console.log(`  ${parts.join(', ')}`);
			return bytes;
		};
		const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM event`.execute(store.db);
		const count = Number(rows[0].n);
		const perEvent = (await size(true)) / count;
		const line = (label: string, bytes: number) =>
			console.log(
				`${backend}${label}: ${count.toLocaleString('en-GB')} events, ${bytes.toFixed(0)} bytes an event; a year nationally ${((bytes * NATIONAL_PER_DAY * 365) / 1e9).toFixed(0)} GB`
			);
		line('', perEvent);
		if (backend === 'timescaledb') {
			const compressed = await sql`SELECT compress_chunk(c) FROM show_chunks('event') c`
				.execute(store.db)
				.then(() => true)
				.catch((e) => (console.log(`  compression not available: ${e.message}`), false));
			if (compressed) line(', events compressed', (await size(true)) / count);
		}
	} finally {
		await store.drop();
	}
}

console.log(`storage per event, ${DAYS} days of simulated events for the reference sites`);
for (const backend of ['postgres', 'timescaledb'] as const) await measure(backend);
