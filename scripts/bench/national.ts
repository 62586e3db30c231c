// A national-scale register and census for benchmarks only: every acute site in England is about 250 sites in 42
// systems with ~100,000 general and acute beds. The organisations are added beside the reference register, and the
// open spells are admitted through the ingest path itself (without publishing), so their spell state and census
// intervals are what real events would have made; then one full publish sets every figure.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { closureOf } from '../../src/lib/server/db/seed.ts';
import { ingest } from '../../src/lib/server/ingest/ingest.ts';
import { publishMetrics } from '../../src/lib/server/metrics/publish.ts';

export const NATIONAL = { systems: 42, trustsPerSystem: 3, sitesPerTrust: 2, wardsPerSite: 16 } as const;

const pad = (n: number, width = 3) => String(n).padStart(width, '0');

export interface NationalRegister {
	sites: string[];
	wards: string[];
	systems: string[];
}

/** Adds 42 systems → 126 trusts → 252 sites → 4,032 wards, with their closure. */
export async function addNationalRegister(db: Kysely<Database>): Promise<NationalRegister> {
	const orgs: { code: string; name: string; kind: string; parent: string | null }[] = [];
	const { systems, trustsPerSystem, sitesPerTrust, wardsPerSite } = NATIONAL;
	for (let s = 1; s <= systems; s++) {
		const system = `nat-${pad(s, 2)}`;
		orgs.push({ code: system, name: `National system ${s}`, kind: 'system', parent: null });
		for (let t = 1; t <= trustsPerSystem; t++) {
			const trust = `${system}-t${t}`;
			orgs.push({ code: trust, name: `Trust ${t} of system ${s}`, kind: 'trust', parent: system });
			for (let h = 1; h <= sitesPerTrust; h++) {
				const site = `${trust}-h${h}`;
				orgs.push({
					code: site,
					name: `Hospital ${h} of trust ${t}, system ${s}`,
					kind: 'site',
					parent: trust
				});
				for (let w = 1; w <= wardsPerSite; w++)
					orgs.push({ code: `${site}.w${pad(w, 2)}`, name: `Ward ${w}`, kind: 'ward', parent: site });
			}
		}
	}
	const { n } = await db
		.selectFrom('organisation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	for (let i = 0; i < orgs.length; i += 1000) {
		await db
			.insertInto('organisation')
			.values(
				orgs.slice(i, i + 1000).map((o, j) => ({ ...o, catalogue_id: null, position: Number(n) + i + j }))
			)
			.execute();
	}
	const closure = closureOf(orgs);
	for (let i = 0; i < closure.length; i += 2000)
		await db
			.insertInto('org_closure')
			.values(closure.slice(i, i + 2000))
			.execute();
	return {
		systems: orgs.filter((o) => o.kind === 'system').map((o) => o.code),
		sites: orgs.filter((o) => o.kind === 'site').map((o) => o.code),
		wards: orgs.filter((o) => o.kind === 'ward').map((o) => o.code)
	};
}

/**
 * Admits `spells` patients spread over the national wards, admitted over the last 20 days (so some stay past 15),
 * one in five medically stable; then publishes every organisation's figures once, as the minute ticker would, and
 * says how long that full recount took.
 */
export async function admitNationally(
	db: Kysely<Database>,
	register: NationalRegister,
	spells: number,
	onProgress: (done: number) => void = () => {}
) {
	const key = { id: 'national', source: 'national-loader', orgs: null };
	const now = Date.now();
	const BATCH = 1000;
	for (let i = 0; i < spells; i += BATCH) {
		const events = [];
		for (let j = i; j < Math.min(spells, i + BATCH); j++) {
			const ward = register.wards[(j * 7919) % register.wards.length];
			const site = ward.slice(0, ward.lastIndexOf('.'));
			const spell = `nat-sp-${j}`;
			const admitted = now - 60_000 - ((j * 104_729) % (20 * 86_400_000));
			events.push({
				id: `${spell}-a`,
				type: 'admission',
				occurredAt: new Date(admitted).toISOString(),
				site,
				spell,
				patient: `nat-pt-${j}`,
				method: j % 3 ? 'emergency' : 'elective',
				ward
			});
			if (j % 5 === 0)
				events.push({
					id: `${spell}-m`,
					type: 'medically_stable',
					occurredAt: new Date(admitted + (now - admitted) / 2).toISOString(),
					site,
					spell
				});
		}
		const result = await ingest(db, key, events, { publish: false });
		if (result.rejected) throw new Error(JSON.stringify(result.results.find((r) => r.errors)));
		onProgress(Math.min(spells, i + BATCH));
	}
	const closure = await db.selectFrom('org_closure').select(['ancestor', 'descendant']).execute();
	// the same full recount a node does when it starts and when the London day turns, under the ingest lock
	const started = performance.now();
	await db.transaction().execute((trx) => publishMetrics(trx, closure, null, new Date()));
	const fullRecountMs = performance.now() - started;
	await sql`ANALYZE`.execute(db);
	return { fullRecountMs };
}
