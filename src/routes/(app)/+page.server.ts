import { visibleOrgs } from '$lib/server/api';
import { grantedOrgs } from '$lib/server/auth/policy';
import { listAlarms } from '$lib/server/alarms/store';
import { loadClosure } from '$lib/server/metrics/current';
import { allCurrentMetrics, listOrgs, orgsWithData } from '$lib/server/metrics/read';
import { foldChains } from '$lib/server/metrics/overview';
import { listActions } from '$lib/server/reports/actions';
import { londonDate } from '$lib/server/time';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getStore().db;
	const p = locals.principal;
	const visible = await visibleOrgs(db, { orgs: grantedOrgs(p) });
	const [orgs, metrics, withData, myActions, alarms, targets, closure] = await Promise.all([
		listOrgs(db, visible),
		allCurrentMetrics(db),
		orgsWithData(db),
		// what the signed-in user promised on the call, so they see it as they arrive
		p.kind === 'user' ? listActions(db, { owner: p.username, openOnly: true }, londonDate(new Date())) : [],
		listAlarms(db, { state: 'open', visible, limit: 500 }),
		db.selectFrom('metric_target').select(['org', 'metric', 'value']).execute(),
		loadClosure(db)
	]);
	const below = (code: string) =>
		new Set(closure.filter((c) => c.ancestor === code).map((c) => c.descendant));
	const showWards = url.searchParams.get('wards') === '1';
	const groups = foldChains(orgs.filter((o) => showWards || o.kind !== 'ward'));
	return {
		myActions,
		showWards,
		groups: groups.map((g) => ({
			...g,
			/** open alarms at or below it, until the live room says */
			alarms: alarms.filter((a) => below(g.code).has(a.org)),
			// an organisation no source has sent events for has no figures, not zeros
			snapshot: withData.has(g.code) ? (metrics.get(g.code) ?? null) : null,
			targets: Object.fromEntries(
				targets.filter((t) => t.org === g.code).map((t) => [t.metric, Number(t.value)])
			)
		}))
	};
};
