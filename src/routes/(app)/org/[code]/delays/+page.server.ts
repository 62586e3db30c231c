import { loadDelays } from '$lib/server/metrics/delays';
import { currentMetrics } from '$lib/server/metrics/read';
import { orgOverPeriod } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const db = getStore().db;
	const view = await orgOverPeriod(db, params.code, url);
	const [snapshot, delays] = await Promise.all([
		currentMetrics(db, view.org.code),
		loadDelays(db, view.org.code, view.days)
	]);
	return { ...view, snapshot, ...delays };
};
