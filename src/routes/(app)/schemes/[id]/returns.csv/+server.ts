// A scheme's return template: its KPIs fed by returns and its spend, for the last complete month, ready to fill in
// and upload on the scheme's page (or send to POST /api/v1/returns as text/csv).
import { error } from '@sveltejs/kit';
import { lastCompleteMonth } from '$lib/server/reports/periods';
import { returnTemplate } from '$lib/server/returns/batch';
import { loadScheme } from '$lib/server/schemes/register';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const loaded = await loadScheme(getStore().db, params.id);
	if (!loaded?.org) error(404, `There is no scheme ${params.id} with an organisation to return figures for`);
	const period = lastCompleteMonth(new Date()).label;
	const body = returnTemplate(loaded.scheme.id, loaded.org.code, period, loaded.returned);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="returns-${loaded.scheme.id}-${period}.csv"`
		}
	});
};
