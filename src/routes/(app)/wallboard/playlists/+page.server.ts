import { redirect } from '@sveltejs/kit';
import { listOrgs } from '$lib/server/metrics/read';
import { listPlaylists, savePlaylist } from '$lib/server/live/playlists';
import { playlistRefusal, readPlaylistForm } from '$lib/server/live/playlistForm';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = getStore().db;
	const [playlists, orgs] = await Promise.all([listPlaylists(db), listOrgs(db)]);
	return { playlists, orgs };
};

export const actions: Actions = {
	save: async (event) => {
		const db = getStore().db;
		const { input, failure } = await readPlaylistForm(db, event.request);
		if (failure) return failure;
		const refusal = await playlistRefusal(db, event, input);
		if (refusal) return refusal;
		const id = await savePlaylist(db, input);
		redirect(303, `/wallboard/playlists/${id}`);
	}
};
