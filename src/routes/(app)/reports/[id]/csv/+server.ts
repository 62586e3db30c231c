// An issued report as CSV.
import { error } from '@sveltejs/kit';
import { renderCsv } from '$lib/server/reports/csv';
import { getReport } from '$lib/server/reports/issue';
import { fileName, metaOf, type ReportContent } from '$lib/server/reports/meta';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const report = await getReport(getStore().db, Number(params.id) || 0);
	if (!report) error(404, `There is no issued report ${params.id}`);
	return new Response(renderCsv(metaOf(report), report.content as ReportContent), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName(report, 'csv')}"`
		}
	});
};
