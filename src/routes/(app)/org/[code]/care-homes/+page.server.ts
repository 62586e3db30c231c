import { error } from '@sveltejs/kit';
import { careHomeCounts } from '$lib/server/metrics/careHomes';
import { dataFrom } from '$lib/server/metrics/series';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const PERIODS = [7, 30, 90, 365];
const DAY = 86_400_000;

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
	const now = new Date();
	const [homes, first] = await Promise.all([
		careHomeCounts(db, org.code, new Date(now.getTime() - days * DAY), now),
		dataFrom(db, org.code)
	]);
	return { org, days, periods: PERIODS, homes, hasData: first !== null };
};
