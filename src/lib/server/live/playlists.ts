// Wallboard playlists: a screen rotates through organisations at a set interval. Saving one announces it on the
// bus so the screens already playing it change without a reload.
import { sql, type Kysely } from 'kysely';
import { BUS } from '../../live/protocol.ts';
import type { Database } from '../db/schema.ts';

export const LOS_CHOICES = [7, 14, 21] as const;

export interface PlaylistItem {
	org: string;
	/** the extra length-of-stay band shown beside 15 and 30 days */
	los?: number;
}

export interface Playlist {
	id: number;
	name: string;
	intervalSeconds: number;
	items: PlaylistItem[];
	updatedAt: string;
}

export type PlaylistInput = Omit<Playlist, 'id' | 'updatedAt'>;

const toPlaylist = (r: {
	id: number;
	name: string;
	interval_seconds: number;
	items: PlaylistItem[];
	updated_at: Date;
}): Playlist => ({
	id: r.id,
	name: r.name,
	intervalSeconds: r.interval_seconds,
	items: r.items,
	updatedAt: r.updated_at.toISOString()
});

export async function listPlaylists(db: Kysely<Database>) {
	const rows = await db.selectFrom('playlist').selectAll().orderBy('name').execute();
	return rows.map(toPlaylist);
}

export async function getPlaylist(db: Kysely<Database>, id: number): Promise<Playlist | null> {
	const row = await db.selectFrom('playlist').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toPlaylist(row) : null;
}

/** Problems with a playlist, by field; empty when it may be saved. */
export function playlistProblems(input: PlaylistInput, known: Set<string>): Record<string, string> {
	const problems: Record<string, string> = {};
	if (!input.name.trim()) problems.name = 'Give the playlist a name';
	else if (input.name.length > 100) problems.name = 'Keep the name under 100 characters';
	if (!Number.isInteger(input.intervalSeconds) || input.intervalSeconds < 5 || input.intervalSeconds > 3600)
		problems.intervalSeconds = 'Choose a whole number of seconds from 5 to 3,600';
	if (!input.items.length) problems.items = 'Add at least one organisation';
	else if (input.items.length > 50) problems.items = 'A playlist holds at most 50 screens';
	const unknown = input.items.find((i) => !known.has(i.org));
	if (unknown) problems.items = `${unknown.org} is not an organisation of the register`;
	const badLos = input.items.find(
		(i) => i.los !== undefined && !(LOS_CHOICES as readonly number[]).includes(i.los)
	);
	if (badLos) problems.items = `The length-of-stay band must be one of ${LOS_CHOICES.join(', ')} days`;
	return problems;
}

export async function savePlaylist(db: Kysely<Database>, input: PlaylistInput, id?: number): Promise<number> {
	return db.transaction().execute(async (trx) => {
		const values = {
			name: input.name.trim(),
			interval_seconds: input.intervalSeconds,
			items: JSON.stringify(input.items)
		};
		const saved = id
			? await trx
					.updateTable('playlist')
					.set({ ...values, updated_at: new Date() })
					.where('id', '=', id)
					.returning('id')
					.executeTakeFirst()
			: await trx.insertInto('playlist').values(values).returning('id').executeTakeFirst();
		if (!saved) throw new Error(`no playlist has the id ${id}`);
		await sql`SELECT pg_notify(${BUS.playlists}, ${String(saved.id)})`.execute(trx);
		return saved.id;
	});
}

export async function deletePlaylist(db: Kysely<Database>, id: number): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('playlist').where('id', '=', id).execute();
		await sql`SELECT pg_notify(${BUS.playlists}, ${String(id)})`.execute(trx);
	});
}
