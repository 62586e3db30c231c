import { error } from '@sveltejs/kit';
import { visibleOrgs } from '$lib/server/api';
import { grantedOrgs } from '$lib/server/auth/policy';
import { durations } from '$lib/alarms';
import { alarmQuery } from '$lib/server/alarms/query';
import { listAlarms } from '$lib/server/alarms/store';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const parsed = alarmQuery(url);
	if ('problem' in parsed) error(400, parsed.problem);
	const db = getStore().db;
	const visible = await visibleOrgs(db, { orgs: grantedOrgs(locals.principal) });
	if (parsed.query.org && visible && !visible.has(parsed.query.org))
		error(403, `You may not see alarms at ${parsed.query.org}`);
	const [alarms, orgs] = await Promise.all([
		listAlarms(db, { ...parsed.filter, visible }),
		listOrgs(db, visible)
	]);
	return {
		query: parsed.query,
		orgs: orgs.filter((o) => o.kind !== 'ward'),
		alarms: alarms.map((a) => ({ ...a, ...durations(a) }))
	};
};
