// The organisations a principal acts for in a capacity (administrator, flow manager, …): one value that every listing
// filters by and every change checks, so being scoped to an organisation is a property of the design rather than of
// each page. A role covers its organisation and everything below it; only roles covering every organisation make a
// scope global, and only a global scope reaches things that belong to no organisation or to all of them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { orgsBelow } from './orgTree.ts';
import type { Principal, Role } from './policy.ts';

export interface Scope {
	global: boolean;
	/** every organisation covered */
	orgs: Set<string>;
	/** whether `org` is covered; null (nothing, or everything) only for a global scope */
	has(org: string | null | undefined): boolean;
	/** whether every one of `orgs` is covered; null (every organisation) only for a global scope */
	hasAll(orgs: readonly string[] | null): boolean;
}

export async function scopeOf(db: Kysely<Database>, principal: Principal, roles: Role[]): Promise<Scope> {
	const roots =
		principal.kind === 'user' ? principal.grants.filter((g) => roles.includes(g.role)).map((g) => g.org) : [];
	const { orgs, total } = await orgsBelow(db, roots);
	const global = orgs.size > 0 && orgs.size >= total;
	return {
		global,
		orgs,
		has: (org) => (org ? orgs.has(org) : global),
		hasAll: (list) => (list === null ? global : list.every((o) => orgs.has(o)))
	};
}
