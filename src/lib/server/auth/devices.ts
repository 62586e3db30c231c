// Wallboard devices: a screen registered by an administrator for one board or playlist, paired by typing a short
// one-time code on the screen itself (the long-lived token then lives only in the screen's HttpOnly cookie, never in
// a URL), and revocable. A device sees its boards' aggregate figures and nothing else.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlaylistItem } from '../live/playlists.ts';
import type { Principal } from './policy.ts';
import { matchesHash, newToken, parseToken, sha256 } from './secrets.ts';

export const PAIRING_MS = 15 * 60_000;
// no 0/O, 1/I/L: the code is read off one screen and typed on another
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const TOUCH_MS = 60_000;

export type DevicePrincipal = Extract<Principal, { kind: 'device' }>;

const normalise = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

function newPairingCode(): string {
	const chars = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
	return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export interface NewDevice {
	name: string;
	board: { org: string } | { playlist: number };
	by: string;
}

export async function registerDevice(
	db: Kysely<Database>,
	device: NewDevice
): Promise<{ id: number; code: string } | { problems: Record<string, string> }> {
	const problems: Record<string, string> = {};
	const name = device.name.trim();
	if (!name || name.length > 80)
		problems.name = 'Name the screen (1–80 characters), e.g. "Medway control room"';
	if ('org' in device.board) {
		const org = device.board.org;
		if (!(await db.selectFrom('organisation').select('code').where('code', '=', org).executeTakeFirst()))
			problems.board = `No organisation has the code ${org}`;
	} else if (
		!(await db.selectFrom('playlist').select('id').where('id', '=', device.board.playlist).executeTakeFirst())
	)
		problems.board = `There is no playlist ${device.board.playlist}`;
	if (Object.keys(problems).length) return { problems };
	const code = newPairingCode();
	const row = await db
		.insertInto('device')
		.values({
			name,
			board_org: 'org' in device.board ? device.board.org : null,
			playlist_id: 'playlist' in device.board ? device.board.playlist : null,
			pairing_code_hash: sha256(normalise(code)),
			pairing_expires_at: new Date(Date.now() + PAIRING_MS),
			created_by: device.by
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, code };
}

/** A fresh pairing code for a device (its old token stops working): moving a board to a new screen. */
export async function renewPairing(db: Kysely<Database>, id: number): Promise<string | null> {
	const code = newPairingCode();
	const r = await db
		.updateTable('device')
		.set({
			pairing_code_hash: sha256(normalise(code)),
			pairing_expires_at: new Date(Date.now() + PAIRING_MS),
			token_id: null,
			token_hash: null
		})
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) ? code : null;
}

/** Exchanges a pairing code for the device's token; null for a wrong, used or expired code. */
export async function pairDevice(
	db: Kysely<Database>,
	code: string,
	now = new Date()
): Promise<{ token: string; device: { id: number; name: string; path: string } } | null> {
	const { id: tokenId, token, secretHash } = newToken();
	const row = await db
		.updateTable('device')
		.set({
			token_id: tokenId,
			token_hash: secretHash,
			paired_at: now,
			last_seen_at: now,
			pairing_code_hash: null,
			pairing_expires_at: null
		})
		.where('pairing_code_hash', '=', sha256(normalise(code)))
		.where('pairing_expires_at', '>', now)
		.where('revoked_at', 'is', null)
		.returning(['id', 'name', 'board_org', 'playlist_id'])
		.executeTakeFirst();
	if (!row) return null;
	const path = row.board_org ? `/wallboard/${row.board_org}` : `/wallboard/playlist/${row.playlist_id}`;
	return { token, device: { id: row.id, name: row.name, path } };
}

export async function validateDevice(
	db: Kysely<Database>,
	token: string | undefined,
	now = new Date()
): Promise<DevicePrincipal | null> {
	const parsed = parseToken(token);
	if (!parsed) return null;
	const row = await db
		.selectFrom('device')
		.leftJoin('playlist', 'playlist.id', 'device.playlist_id')
		.select([
			'device.id',
			'device.name',
			'device.token_hash',
			'device.board_org',
			'device.playlist_id',
			'device.last_seen_at',
			'playlist.items'
		])
		.where('device.token_id', '=', parsed.id)
		.where('device.revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row?.token_hash || !matchesHash(row.token_hash, parsed.secret)) return null;
	if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() >= TOUCH_MS)
		await db.updateTable('device').set({ last_seen_at: now }).where('id', '=', row.id).execute();
	const items = (row.items ?? []) as PlaylistItem[];
	return {
		kind: 'device',
		id: row.id,
		name: row.name,
		orgs: row.board_org ? [row.board_org] : [...new Set(items.map((i) => i.org))],
		playlist: row.playlist_id
	};
}

/** Which of these device tokens (by their id) still belong to an unrevoked device. */
export async function liveDeviceTokens(db: Kysely<Database>, tokenIds: string[]): Promise<Set<string>> {
	if (!tokenIds.length) return new Set();
	const rows = await db
		.selectFrom('device')
		.select('token_id')
		.where('token_id', 'in', tokenIds)
		.where('revoked_at', 'is', null)
		.execute();
	return new Set(rows.map((r) => r.token_id!));
}

export async function revokeDevice(db: Kysely<Database>, id: number): Promise<boolean> {
	const r = await db
		.updateTable('device')
		.set({ revoked_at: new Date(), token_id: null, token_hash: null, pairing_code_hash: null })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export async function listDevices(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('device')
		.leftJoin('playlist', 'playlist.id', 'device.playlist_id')
		.select([
			'device.id',
			'device.name',
			'device.board_org',
			'device.playlist_id',
			'playlist.name as playlist_name',
			'device.pairing_expires_at',
			'device.paired_at',
			'device.last_seen_at',
			'device.revoked_at',
			'device.created_by',
			'device.token_id'
		])
		.orderBy('device.id')
		.execute();
	const iso = (d: Date | null) => d?.toISOString() ?? null;
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		board: r.board_org ? { org: r.board_org } : { playlist: r.playlist_id!, name: r.playlist_name },
		state: r.revoked_at
			? ('revoked' as const)
			: r.token_id
				? ('paired' as const)
				: ('awaiting pairing' as const),
		pairingExpiresAt: iso(r.pairing_expires_at),
		pairedAt: iso(r.paired_at),
		lastSeenAt: iso(r.last_seen_at),
		revokedAt: iso(r.revoked_at),
		createdBy: r.created_by
	}));
}
