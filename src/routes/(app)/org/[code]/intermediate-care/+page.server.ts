import { unitsOver } from '$lib/server/metrics/units';
import { orgOverPeriod } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const DAY = 86_400_000;

export const load: PageServerLoad = async ({ params, url }) => {
	const db = getStore().db;
	const view = await orgOverPeriod(db, params.code, url);
	const now = new Date();
	const units = await unitsOver(db, view.org.code, new Date(now.getTime() - view.days * DAY), now);
	return { ...view, units, asOf: now.toISOString() };
};
