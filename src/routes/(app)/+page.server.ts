import { allCurrentMetrics, listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const db = getStore().db;
	const [orgs, metrics] = await Promise.all([listOrgs(db), allCurrentMetrics(db)]);
	const showWards = url.searchParams.get('wards') === '1';
	return {
		showWards,
		rows: orgs
			.filter((o) => showWards || o.kind !== 'ward')
			.map((o) => ({ ...o, snapshot: metrics.get(o.code) ?? null }))
	};
};
