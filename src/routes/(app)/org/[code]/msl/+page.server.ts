import { loadListFor } from '$lib/server/metrics/listAccess';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		...(await loadListFor(event, 'view')),
		loadedAt: new Date().toISOString()
	};
};
