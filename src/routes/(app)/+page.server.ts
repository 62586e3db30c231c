import { orgsBelow } from '$lib/server/auth/orgTree';
import { grantedOrgs } from '$lib/server/auth/policy';
import { allCurrentMetrics, listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getStore().db;
	const [orgs, metrics] = await Promise.all([
		orgsBelow(db, grantedOrgs(locals.principal)).then((visible) => listOrgs(db, visible)),
		allCurrentMetrics(db)
	]);
	const showWards = url.searchParams.get('wards') === '1';
	return {
		showWards,
		rows: orgs
			.filter((o) => showWards || o.kind !== 'ward')
			.map((o) => ({ ...o, snapshot: metrics.get(o.code) ?? null }))
	};
};
