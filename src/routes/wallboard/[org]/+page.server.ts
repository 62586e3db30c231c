import { error } from '@sveltejs/kit';
import { loadBoard } from '$lib/server/metrics/board';
import { config } from '$lib/server/config';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const board = await loadBoard(getStore().db, params.org);
	if (!board) error(404, `No organisation has the code ${params.org}`);
	const los = Number(url.searchParams.get('los') ?? 21);
	if (![7, 14, 21].includes(los)) error(400, 'los must be 7, 14 or 21 (days)');
	return { board, los, staleAfterMs: 2 * config().tickMs };
};
