import { error } from '@sveltejs/kit';
import { openAlarmsUnder } from '$lib/server/alarms/store';
import { loadBoard } from '$lib/server/metrics/board';
import { config } from '$lib/server/config';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const db = getStore().db;
	const view = url.searchParams.get('view');
	if (view !== null && view !== 'acute' && view !== 'community')
		error(400, 'view must be acute (the hospital’s tiles) or community (intermediate care and the register)');
	const [board, alarms] = await Promise.all([
		loadBoard(db, params.org, new Date(), view ?? undefined),
		openAlarmsUnder(db, params.org)
	]);
	if (!board) error(404, `No organisation has the code ${params.org}`);
	const los = Number(url.searchParams.get('los') ?? 21);
	if (![7, 14, 21].includes(los)) error(400, 'los must be 7, 14 or 21 (days)');
	return { board, alarms, los, staleAfterMs: 2 * config().tickMs };
};
