import { error } from '@sveltejs/kit';
import { orgCovers } from '$lib/server/auth/orgTree';
import { may } from '$lib/server/auth/policy';
import { loadBoard, type Board } from '$lib/server/metrics/board';
import { getPlaylist } from '$lib/server/live/playlists';
import { openAlarmsUnder } from '$lib/server/alarms/store';
import type { AlarmView } from '$lib/alarms';
import { config } from '$lib/server/config';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, `There is no playlist ${params.id}`);
	const db = getStore().db;
	const playlist = await getPlaylist(db, id);
	if (!playlist) error(404, `There is no playlist ${params.id}; it may have been deleted`);
	// a playlist may name organisations beyond the viewer's roles; those boards are left out
	const covers = await orgCovers(db);
	const orgs = [...new Set(playlist.items.map((i) => i.org))].filter((org) =>
		may(locals.principal, { to: 'watch', org }, covers)
	);
	const [boards, alarms] = await Promise.all([
		Promise.all(orgs.map((org) => loadBoard(db, org))).then((b) => b.filter((x): x is Board => x !== null)),
		Promise.all(orgs.map(async (org) => [org, await openAlarmsUnder(db, org)] as const)).then(
			Object.fromEntries
		)
	]);
	return {
		playlist,
		boards,
		alarms: alarms as Record<string, AlarmView[]>,
		staleAfterMs: 2 * config().tickMs
	};
};
