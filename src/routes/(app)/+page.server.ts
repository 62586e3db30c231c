import { visibleOrgs } from '$lib/server/api';
import { grantedOrgs } from '$lib/server/auth/policy';
import { allCurrentMetrics, listOrgs, orgsWithData } from '$lib/server/metrics/read';
import { listActions } from '$lib/server/reports/actions';
import { londonDate } from '$lib/server/time';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getStore().db;
	const p = locals.principal;
	const [orgs, metrics, withData, myActions] = await Promise.all([
		visibleOrgs(db, { orgs: grantedOrgs(p) }).then((visible) => listOrgs(db, visible)),
		allCurrentMetrics(db),
		orgsWithData(db),
		// what the signed-in user promised on the call, so they see it as they arrive
		p.kind === 'user' ? listActions(db, { owner: p.username, openOnly: true }, londonDate(new Date())) : []
	]);
	const showWards = url.searchParams.get('wards') === '1';
	return {
		myActions,
		showWards,
		rows: orgs
			.filter((o) => showWards || o.kind !== 'ward')
			// an organisation no source has sent events for has no figures, not zeros
			.map((o) => ({ ...o, snapshot: withData.has(o.code) ? (metrics.get(o.code) ?? null) : null }))
	};
};
