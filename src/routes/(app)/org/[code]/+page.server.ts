import { error } from '@sveltejs/kit';
import { loadDrilldown, readView } from '$lib/server/metrics/drilldown';
import { openAlarmsUnder } from '$lib/server/alarms/store';
import { chartActions } from '$lib/server/reports/actions';
import { londonDate } from '$lib/server/time';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url }) => {
	const view = readView(url);
	if ('problem' in view) error(400, view.problem);
	const drill = await loadDrilldown(getStore().db, params.code, view);
	if (!drill) error(404, `No organisation has the code ${params.code}`);
	// actions agreed on the call about this figure here, marked on the chart from the day they were agreed
	const from = drill.points[0]?.t ?? new Date().toISOString();
	const [actions, alarms] = await Promise.all([
		chartActions(getStore().db, params.code, view.metric, londonDate(new Date(from)), londonDate(new Date())),
		openAlarmsUnder(getStore().db, params.code)
	]);
	return { view, ...drill, actions, alarms };
};
