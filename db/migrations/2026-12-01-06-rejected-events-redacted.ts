// Rejected events keep only what is safe by construction (src/lib/server/ingest/rejected.ts) and say which
// organisation they are about, so the data-quality view can show each person only their organisations' rows. Rows
// kept before this kept raw values that failed another field's check: they are redacted here, in place.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { keptOf } from '../../src/lib/server/ingest/rejected.ts';
import { validateEvent, type Register } from '../../src/lib/server/ingest/validate.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE rejected_event ADD COLUMN org text`.execute(db);
	await sql`CREATE INDEX rejected_event_org ON rejected_event (org, id DESC)`.execute(db);
	const store = db as unknown as Kysely<Database>;
	// read here rather than through the ingest's cached register: the seed has not run yet on a new database
	const orgs = await store.selectFrom('organisation').select(['code', 'kind', 'parent']).execute();
	const register: Register = { wardsBySite: new Map(), practices: new Set() };
	for (const o of orgs) if (o.kind === 'site') register.wardsBySite.set(o.code, new Set());
	for (const o of orgs) if (o.kind === 'ward' && o.parent) register.wardsBySite.get(o.parent)?.add(o.code);
	for (let after = '0'; ;) {
		const rows = await store
			.selectFrom('rejected_event')
			.select(['id', 'body'])
			.where('id', '>', after)
			.orderBy('id')
			.limit(1000)
			.execute();
		if (!rows.length) break;
		for (const row of rows) {
			const body =
				row.body !== null && typeof row.body === 'object' && !Array.isArray(row.body) ? row.body : null;
			const v = validateEvent(body, register);
			const kept = v.ok ? keptOf(body as Record<string, unknown>, []) : keptOf(v.event, v.errors);
			const site = (body as { site?: unknown } | null)?.site;
			await sql`
				UPDATE rejected_event SET body = ${JSON.stringify(kept)}::jsonb,
					org = ${typeof site === 'string' && register.wardsBySite.has(site) ? site : null}
				WHERE id = ${row.id}
			`.execute(db);
		}
		after = String(rows[rows.length - 1].id);
	}
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE rejected_event DROP COLUMN org`.execute(db);
}
