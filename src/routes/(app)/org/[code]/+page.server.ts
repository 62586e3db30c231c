import { error } from '@sveltejs/kit';
import { loadDrilldown, readView } from '$lib/server/metrics/drilldown';
import { openAlarmsUnder } from '$lib/server/alarms/store';
import { chartActions } from '$lib/server/reports/actions';
import { londonDate } from '$lib/server/time';
import { getStore } from '$lib/server/runtime';
import { currentMetrics } from '$lib/server/metrics/read';
import { communityOf } from '$lib/catalogueV3';
import type { PageServerLoad } from './$types';

/** What a page opens on: the medically stable list, or for a practice or community unit the first figure it sends. */
async function openingMetric(code: string) {
	const db = getStore().db;
	const [org, current] = await Promise.all([
		db.selectFrom('organisation').select('kind').where('code', '=', code).executeTakeFirst(),
		currentMetrics(db, code)
	]);
	const community = communityOf(org?.kind ?? '', current?.metrics ?? {});
	return community.only ? (community.headline[0] ?? 'registered') : 'msl';
}

export const load: PageServerLoad = async ({ params, url }) => {
	const view = readView(url, url.searchParams.has('metric') ? undefined : await openingMetric(params.code));
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
