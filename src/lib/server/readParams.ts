// Checks the `org` query parameter of a read: present, known, and visible to the caller.
import type { Kysely } from 'kysely';
import { problem, visibleOrgs, type Reader } from './api.ts';
import type { Database } from './db/schema.ts';

export async function readableOrg(
	db: Kysely<Database>,
	url: URL,
	reader: Reader
): Promise<string | Response> {
	const org = url.searchParams.get('org');
	if (!org) return problem(400, 'org is required, e.g. ?org=medway-maritime', { field: 'org' });
	const known = await db.selectFrom('organisation').select('code').where('code', '=', org).executeTakeFirst();
	if (!known) return problem(404, `no organisation has the code ${org}`, { field: 'org' });
	const visible = await visibleOrgs(db, reader);
	if (visible && !visible.has(org)) return problem(403, `you may not read ${org}`, { field: 'org' });
	return org;
}
