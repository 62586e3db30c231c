// Loads the reference data in db/reference into the database. Repeatable: organisations and the metric targets
// are brought in line with the files; scheme details are inserted once and then belong to their editors.
import { sql, type Kysely, type Transaction } from 'kysely';
import register from '../../../../db/reference/register.json' with { type: 'json' };
import catalogue from '../../../../db/reference/catalogue.json' with { type: 'json' };
import measures from '../../../../db/reference/measures.json' with { type: 'json' };
import { METRICS } from '../../catalogue.ts';
import type { Database } from './schema.ts';

interface RegisterOrg {
	code: string;
	name: string;
	kind: string;
	parent: string | null;
	catalogueId: string | null;
	/** the source lines that name it (db/reference/register.json, about) */
	source?: string;
}

interface CatalogueScheme {
	id: string;
	ref: string | null;
	name: string;
	scheme_type?: string;
	area?: string;
	hwb?: string;
	ccg?: string;
	parent_scheme?: string | null;
	objective?: string;
	cohort?: string;
	commissioners?: string[];
	providers?: string[];
	reporting?: string[];
	funding?: { year?: string; amount_gbp_thousands?: number | null; source?: string }[];
	milestones?: {
		activity: string;
		start?: string | null;
		end?: string | null;
		owner?: string | null;
		source?: string;
	}[];
	risks?: {
		id?: string;
		description: string;
		probability?: string | null;
		impact?: string | null;
		owner?: string | null;
		source?: string;
	}[];
	source?: string;
	notes?: string;
}

interface CatalogueKpi {
	id: string;
	theme: string;
	name: string;
	kind: string;
	unit?: string | null;
	direction?: string | null;
	baseline?: string | null;
	target?: string | null;
	target_date?: string | null;
	schemes?: string[];
	source?: string;
	notes?: string;
}

const registerOrgs = register.organisations as RegisterOrg[];

/** ancestor/descendant pairs, each organisation being its own ancestor at depth 0 */
export function closureOf(orgs: Pick<RegisterOrg, 'code' | 'parent'>[]) {
	const parent = new Map(orgs.map((o) => [o.code, o.parent]));
	return orgs.flatMap((o) => {
		const rows = [];
		for (let at: string | null = o.code, depth = 0; at; at = parent.get(at) ?? null, depth++) {
			rows.push({ ancestor: at, descendant: o.code, depth });
		}
		return rows;
	});
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

async function seedOrganisations(trx: Transaction<Database>) {
	for (const [position, o] of registerOrgs.entries()) {
		await trx
			.insertInto('organisation')
			.values({
				code: o.code,
				name: o.name,
				kind: o.kind,
				parent: o.parent,
				catalogue_id: o.catalogueId,
				position
			})
			.onConflict((oc) =>
				oc.column('code').doUpdateSet({
					name: o.name,
					kind: o.kind,
					parent: o.parent,
					catalogue_id: o.catalogueId,
					position
				})
			)
			.execute();
	}
	// the closure of every organisation held, the register's and any added beside it (a benchmark's national register)
	const held = await trx.selectFrom('organisation').select(['code', 'parent']).execute();
	const closure = closureOf(held);
	await trx.deleteFrom('org_closure').execute();
	for (let i = 0; i < closure.length; i += 5000)
		await trx
			.insertInto('org_closure')
			.values(closure.slice(i, i + 5000))
			.execute();
}

async function seedCatalogue(trx: Transaction<Database>) {
	const schemes = catalogue.schemes as CatalogueScheme[];
	// measures.json adds the measures a few schemes' own text names, which the catalogue left without a KPI
	const kpis = [...(catalogue.kpis as unknown as CatalogueKpi[]), ...(measures.addedKpis as CatalogueKpi[])];
	for (const s of schemes) {
		const inserted = await trx
			.insertInto('scheme')
			.values({
				id: s.id,
				ref: s.ref,
				name: s.name,
				scheme_type: text(s.scheme_type),
				area: text(s.area),
				hwb: text(s.hwb),
				ccg: text(s.ccg),
				parent_scheme: text(s.parent_scheme),
				objective: text(s.objective),
				cohort: text(s.cohort),
				commissioners: JSON.stringify(s.commissioners ?? []),
				providers: JSON.stringify(s.providers ?? []),
				reporting: JSON.stringify(s.reporting ?? []),
				source: text(s.source),
				notes: text(s.notes)
			})
			.onConflict((oc) => oc.column('id').doNothing())
			.returning('id')
			.executeTakeFirst();
		if (!inserted) continue;
		const funding = (s.funding ?? []).map((f, position) => ({
			scheme: s.id,
			position,
			year: text(f.year),
			amount_gbp_thousands: f.amount_gbp_thousands ?? null,
			source_text: text(f.source)
		}));
		const milestones = (s.milestones ?? []).map((m, position) => ({
			scheme: s.id,
			position,
			activity: m.activity,
			start_text: text(m.start),
			end_text: text(m.end),
			owner: text(m.owner),
			source: text(m.source)
		}));
		const risks = (s.risks ?? []).map((r, position) => ({
			scheme: s.id,
			position,
			risk_id: text(r.id),
			description: r.description,
			probability: text(r.probability),
			impact: text(r.impact),
			owner: text(r.owner),
			source: text(r.source)
		}));
		if (funding.length) await trx.insertInto('scheme_funding').values(funding).execute();
		if (milestones.length) await trx.insertInto('scheme_milestone').values(milestones).execute();
		if (risks.length) await trx.insertInto('scheme_risk').values(risks).execute();
	}
	for (const k of kpis) {
		const row = {
			id: k.id,
			theme: k.theme,
			name: k.name,
			kind: k.kind,
			unit: text(k.unit),
			direction: text(k.direction),
			baseline: text(k.baseline),
			target: text(k.target),
			target_date: text(k.target_date),
			source: text(k.source),
			notes: text(k.notes)
		};
		await trx
			.insertInto('kpi')
			.values(row)
			.onConflict((oc) => oc.column('id').doNothing())
			.execute();
	}
	const schemeIds = new Set(schemes.map((s) => s.id));
	const links = [
		...kpis.flatMap((k) =>
			(k.schemes ?? []).filter((s) => schemeIds.has(s)).map((scheme) => ({ kpi: k.id, scheme }))
		),
		...measures.addedLinks.map((l) => ({ kpi: l.kpi, scheme: l.scheme }))
	];
	if (links.length) {
		await trx
			.insertInto('kpi_scheme')
			.values(links)
			.onConflict((oc) => oc.columns(['kpi', 'scheme']).doNothing())
			.execute();
	}
}

/** Whose live figures a scheme's KPIs are charted for: the site its team works in, else its HWB area or system. */
/** Where the documents place a scheme, where that is narrower than its HWB area (the plans' sections and tables). */
const SCHEME_ORG: Record<string, string> = {
	'NK-3a': 'medway-maritime',
	'NK-3b': 'darent-valley',
	'AC-IUCC': 'ekhuft',
	THA01: 'qeqm',
	THA02: 'qeqm',
	THA03: 'qeqm',
	...Object.fromEntries(['THA04', 'THA05', 'THA06'].map((id) => [id, 'ccg-thanet'])),
	...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`SKC-${n}`, 'ccg-skc'])),
	...Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((n) => [`WK00${n}`, 'ccg-wk'])),
	// the Kent expenditure plan's lines for each CCG's own schemes (003_2ec7359e8a5eebcf.txt L14-20)
	'KENT-EXP-ASH': 'ccg-ashford',
	'KENT-EXP-CC': 'ccg-cc',
	'KENT-EXP-DGS': 'ccg-dgs',
	'KENT-EXP-SKC': 'ccg-skc',
	'KENT-EXP-SWALE': 'ccg-swale',
	'KENT-EXP-THA': 'ccg-thanet',
	'KENT-EXP-WK': 'ccg-wk'
};
const HWB_ORG: Record<string, string> = {
	'hwb-kent': 'hwb-kent',
	'hwb-rutland': 'hwb-rutland',
	'hwb-leicestershire': 'hwb-leicestershire'
};
/** Places every scheme at each start, so an upgraded register moves those it now places more narrowly. */
async function seedSchemeOrgs(trx: Transaction<Database>) {
	const schemes = await trx.selectFrom('scheme').select(['id', 'hwb', 'org']).execute();
	for (const s of schemes) {
		const org = SCHEME_ORG[s.id] ?? (s.hwb ? HWB_ORG[s.hwb] : undefined) ?? 'kent-medway';
		if (s.org !== org) await trx.updateTable('scheme').set({ org }).where('id', '=', s.id).execute();
	}
}

async function seedTargets(trx: Transaction<Database>) {
	await trx.deleteFrom('metric_target').execute();
	const targets = METRICS.flatMap((m) => m.targets.map((t) => ({ metric: m.key, ...t })));
	if (targets.length) await trx.insertInto('metric_target').values(targets).execute();
}

export async function seed(db: Kysely<Database>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		// one seeder at a time when several nodes start together
		await sql`SELECT pg_advisory_xact_lock(7427001)`.execute(trx);
		await seedOrganisations(trx);
		await seedCatalogue(trx);
		await seedSchemeOrgs(trx);
		await seedTargets(trx);
	});
}
