import { visibleOrgs } from '$lib/server/api';
import { grantedOrgs } from '$lib/server/auth/policy';
import { allCurrentMetrics, listOrgs } from '$lib/server/metrics/read';
import { listActions } from '$lib/server/reports/actions';
import { londonDate } from '$lib/server/time';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getStore().db;
	const p = locals.principal;
	const [orgs, metrics, myActions] = await Promise.all([
		visibleOrgs(db, { orgs: grantedOrgs(p) }).then((visible) => listOrgs(db, visible)),
		allCurrentMetrics(db),
		// what the signed-in user promised on the call, so they see it as they arrive
		p.kind === 'user' ? listActions(db, { owner: p.username, openOnly: true }, londonDate(new Date())) : []
	]);
	const showWards = url.searchParams.get('wards') === '1';
	return {
		myActions,
		showWards,
		rows: orgs
			.filter((o) => showWards || o.kind !== 'ward')
			.map((o) => ({ ...o, snapshot: metrics.get(o.code) ?? null }))
	};
};
