// The sites, wards and GP practices events may name, read once per database (the register changes only with a seed).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Register } from './validate.ts';

export interface IngestRegister extends Register {
	/** sites at or below any of the given organisations */
	sitesIn(orgs: string[]): Set<string>;
}

const cache = new WeakMap<object, Promise<IngestRegister>>();

export function loadRegister(db: Kysely<Database>): Promise<IngestRegister> {
	let register = cache.get(db);
	if (!register) {
		register = read(db);
		register.catch(() => cache.delete(db));
		cache.set(db, register);
	}
	return register;
}

async function read(db: Kysely<Database>): Promise<IngestRegister> {
	const [orgs, closure] = await Promise.all([
		db.selectFrom('organisation').select(['code', 'kind', 'parent']).execute(),
		db
			.selectFrom('org_closure')
			.innerJoin('organisation', 'organisation.code', 'org_closure.descendant')
			.select(['ancestor', 'descendant'])
			.where('organisation.kind', 'in', ['site', 'practice'])
			.execute()
	]);
	const wardsBySite = new Map<string, Set<string>>();
	for (const o of orgs) if (o.kind === 'site' || o.kind === 'practice') wardsBySite.set(o.code, new Set());
	const practices = new Set(orgs.filter((o) => o.kind === 'practice').map((o) => o.code));
	for (const o of orgs) if (o.kind === 'ward' && o.parent) wardsBySite.get(o.parent)?.add(o.code);
	const sitesUnder = new Map<string, string[]>();
	for (const c of closure) sitesUnder.set(c.ancestor, [...(sitesUnder.get(c.ancestor) ?? []), c.descendant]);
	return {
		wardsBySite,
		practices,
		sitesIn: (codes) => new Set(codes.flatMap((c) => sitesUnder.get(c) ?? []))
	};
}
