// Reading the playlist editor's form into a playlist, with a problem for each bad field; and who may change one. A
// playlist belongs to the organisations it shows: changing it needs a flow-manager or administrator role covering
// every one of them, before and after (so nobody puts another trust's figures on a screen, or takes them off).
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { auditEvent } from '../auth/http.ts';
import { scopeOf } from '../auth/scope.ts';
import { loadClosure } from '../metrics/current.ts';
import { getPlaylist, playlistProblems, type PlaylistInput } from './playlists.ts';

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

/** null when the principal may change playlist `id` (or make a new one) to show `input`; else the refusal. */
export async function playlistRefusal(
	db: Kysely<Database>,
	event: RequestEvent,
	input: PlaylistInput | null,
	id?: number
) {
	const scope = await scopeOf(db, event.locals.principal, ['flow_manager', 'administrator']);
	const current = id ? ((await getPlaylist(db, id))?.items.map((i) => i.org) ?? []) : [];
	const outside = [...current, ...(input?.items.map((i) => i.org) ?? [])].find((org) => !scope.has(org));
	if (!outside) return null;
	await auditEvent(event, {
		action: id ? 'edit playlist' : 'create playlist',
		target: id ? `playlist:${id}` : (input?.name ?? null),
		org: outside,
		outcome: 'denied',
		detail: 'shows an organisation outside the editor’s roles'
	});
	return fail(403, {
		values: input,
		problems: { items: `${outside} is outside the organisations where you manage flow; ask someone there` }
	});
}
