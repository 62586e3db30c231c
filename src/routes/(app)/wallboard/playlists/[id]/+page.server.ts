import { error, redirect } from '@sveltejs/kit';
import { listOrgs } from '$lib/server/metrics/read';
import { deletePlaylist, getPlaylist, savePlaylist } from '$lib/server/live/playlists';
import { playlistRefusal, readPlaylistForm } from '$lib/server/live/playlistForm';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

const idOf = (param: string) => {
	const id = Number(param);
	if (!Number.isInteger(id) || id <= 0) error(404, `There is no playlist ${param}`);
	return id;
};

export const load: PageServerLoad = async ({ params }) => {
	const db = getStore().db;
	const [playlist, orgs] = await Promise.all([getPlaylist(db, idOf(params.id)), listOrgs(db)]);
	if (!playlist) error(404, `There is no playlist ${params.id}; it may have been deleted`);
	return { playlist, orgs };
};

export const actions: Actions = {
	save: async (event) => {
		const db = getStore().db;
		const { input, failure } = await readPlaylistForm(db, event.request);
		if (failure) return failure;
		const id = idOf(event.params.id);
		const refusal = await playlistRefusal(db, event, input, id);
		if (refusal) return refusal;
		await savePlaylist(db, input, id);
		return { saved: true };
	},
	delete: async (event) => {
		const id = idOf(event.params.id);
		const refusal = await playlistRefusal(getStore().db, event, null, id);
		if (refusal) return refusal;
		await deletePlaylist(getStore().db, id);
		redirect(303, '/wallboard/playlists');
	}
};
