import { careHomeCounts } from '$lib/server/metrics/careHomes';
import { dataFrom } from '$lib/server/metrics/series';
import { orgOverPeriod } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const DAY = 86_400_000;

export const load: PageServerLoad = async ({ params, url }) => {
	const db = getStore().db;
	const view = await orgOverPeriod(db, params.code, url);
	const now = new Date();
	const [homes, first] = await Promise.all([
		careHomeCounts(db, view.org.code, new Date(now.getTime() - view.days * DAY), now),
		dataFrom(db, view.org.code)
	]);
	return { ...view, homes, hasData: first !== null };
};
