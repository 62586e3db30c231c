import { error } from '@sveltejs/kit';
import { loadDrilldown, readView } from '$lib/server/metrics/drilldown';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const view = readView(url);
	if ('problem' in view) error(400, view.problem);
	const drill = await loadDrilldown(getStore().db, params.code, view);
	if (!drill) error(404, `No organisation has the code ${params.code}`);
	return { view, ...drill };
};
