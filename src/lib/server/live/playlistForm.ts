// Reading the playlist editor's form into a playlist, with a problem for each bad field.
import { fail } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { loadClosure } from '../metrics/current.ts';
import { playlistProblems, type PlaylistInput } from './playlists.ts';

export async function readPlaylistForm(db: Kysely<Database>, request: Request) {
	const form = await request.formData();
	const orgs = form.getAll('org').map(String);
	const los = form.getAll('los').map(Number);
	const input: PlaylistInput = {
		name: String(form.get('name') ?? ''),
		intervalSeconds: Number(form.get('intervalSeconds')),
		items: orgs.map((org, i) => ({ org, los: los[i] || 21 })).filter((i) => i.org)
	};
	const known = new Set((await loadClosure(db)).map((c) => c.ancestor));
	const problems = playlistProblems(input, known);
	return Object.keys(problems).length
		? { input, failure: fail(400, { values: input, problems }) }
		: { input, failure: null };
}
