import { error } from '@sveltejs/kit';
import { loadDelays } from '$lib/server/metrics/delays';
import { currentMetrics } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const PERIODS = [7, 30, 90, 365];

export const load: PageServerLoad = async ({ params, url }) => {
	const days = Number(url.searchParams.get('days') ?? 30);
	if (!PERIODS.includes(days)) error(400, `days must be one of ${PERIODS.join(', ')}`);
	const db = getStore().db;
	const org = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind'])
		.where('code', '=', params.code)
		.executeTakeFirst();
	if (!org) error(404, `No organisation has the code ${params.code}`);
	const [snapshot, delays] = await Promise.all([
		currentMetrics(db, org.code),
		loadDelays(db, org.code, days)
	]);
	return { org, days, periods: PERIODS, snapshot, ...delays };
};
