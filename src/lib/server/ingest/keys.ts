// Source keys for the ingest and read APIs: `fdk_<id>_<secret>`. Only the SHA-256 of the secret is stored, and it
// is compared in constant time. A key is limited to organisations (and everything below them), or to none.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface SourceKey {
	id: string;
	source: string;
	/** organisation codes the key is limited to; null for every organisation */
	orgs: string[] | null;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const KEY_FORMAT = /^fdk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,64})$/;

const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export async function createKey(
	db: Kysely<Database>,
	source: string,
	orgs: string[] | null,
	secret = randomBytes(32).toString('base64url')
): Promise<{ key: string; record: SourceKey }> {
	if (!SOURCE_NAME.test(source))
		throw new Error('source must be 1–64 lower-case letters, digits, dot, dash or underscore');
	if (orgs) {
		const known = await db.selectFrom('organisation').select('code').where('code', 'in', orgs).execute();
		const unknown = orgs.filter((o) => !known.some((k) => k.code === o));
		if (unknown.length) throw new Error(`unknown organisation code: ${unknown.join(', ')}`);
	}
	const id = randomBytes(9)
		.toString('base64url')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '0')
		.slice(0, 12);
	await db
		.insertInto('source_key')
		.values({ id, source, secret_hash: hash(secret), orgs })
		.execute();
	return { key: `fdk_${id}_${secret}`, record: { id, source, orgs } };
}

export async function verifyKey(db: Kysely<Database>, presented: string): Promise<SourceKey | null> {
	const m = KEY_FORMAT.exec(presented);
	if (!m) return null;
	const row = await db
		.selectFrom('source_key')
		.select(['id', 'source', 'secret_hash', 'orgs'])
		.where('id', '=', m[1])
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row) return null;
	const a = Buffer.from(row.secret_hash, 'hex');
	const b = Buffer.from(hash(m[2]), 'hex');
	return a.length === b.length && timingSafeEqual(a, b)
		? { id: row.id, source: row.source, orgs: row.orgs }
		: null;
}

export async function revokeKey(db: Kysely<Database>, id: string): Promise<boolean> {
	const r = await db
		.updateTable('source_key')
		.set({ revoked_at: new Date() })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export async function listKeys(db: Kysely<Database>) {
	return db
		.selectFrom('source_key')
		.select(['id', 'source', 'orgs', 'created_at', 'revoked_at'])
		.orderBy('created_at')
		.execute();
}

/** Register a key whose secret was chosen elsewhere (the demo start hands its key to the server this way). */
export async function ensureKey(db: Kysely<Database>, key: string, source: string): Promise<void> {
	const m = KEY_FORMAT.exec(key);
	if (!m)
		throw new Error(
			'FLOWDECK_DEMO_KEY must look like fdk_<12 lower-case letters or digits>_<32–64 characters>'
		);
	await db
		.insertInto('source_key')
		.values({ id: m[1], source, secret_hash: hash(m[2]), orgs: null })
		.onConflict((oc) => oc.column('id').doUpdateSet({ secret_hash: hash(m[2]), revoked_at: null }))
		.execute();
}
