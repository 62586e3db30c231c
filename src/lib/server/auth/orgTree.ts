// Which organisations sit below which: a role granted at a system covers its sites and wards. The register changes
// only when the reference data is re-seeded, so the tree is read once a minute at most.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Covers } from './policy.ts';

const TTL_MS = 60_000;
let cached: { at: number; below: Map<string, Set<string>> } | null = null;

async function tree(db: Kysely<Database>) {
	if (!cached || Date.now() - cached.at > TTL_MS) {
		const rows = await db.selectFrom('org_closure').select(['ancestor', 'descendant']).execute();
		const below = new Map<string, Set<string>>();
		for (const r of rows) {
			if (!below.has(r.ancestor)) below.set(r.ancestor, new Set());
			below.get(r.ancestor)!.add(r.descendant);
		}
		cached = { at: Date.now(), below };
	}
	return cached.below;
}

export async function orgCovers(db: Kysely<Database>): Promise<Covers> {
	const below = await tree(db);
	return (scope, org) => scope === org || !!below.get(scope)?.has(org);
}

/** Every organisation at or below any of `roots`, and how many organisations the register has. */
export async function orgsBelow(db: Kysely<Database>, roots: string[]) {
	const below = await tree(db);
	return { orgs: new Set(roots.flatMap((r) => [...(below.get(r) ?? [])])), total: below.size };
}

/** Is there an organisation with this code? (Every organisation is in the tree as its own ancestor.) */
export async function orgExists(db: Kysely<Database>, code: string): Promise<boolean> {
	return (await tree(db)).has(code);
}
