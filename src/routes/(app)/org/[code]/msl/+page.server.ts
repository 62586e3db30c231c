import { loadListFor } from '$lib/server/metrics/listAccess';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return {
		...(await loadListFor(params.code, url, { kind: 'anonymous' })),
		loadedAt: new Date().toISOString()
	};
};
