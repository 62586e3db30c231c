// An issued report as a PDF, with a file name the server makes (organisation, period, version).
import { error } from '@sveltejs/kit';
import { getReport } from '$lib/server/reports/issue';
import { fileName, metaOf, type ReportContent } from '$lib/server/reports/meta';
import { renderPdf } from '$lib/server/reports/pdf';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const report = await getReport(getStore().db, Number(params.id) || 0);
	if (!report) error(404, `There is no issued report ${params.id}`);
	const pdf = await renderPdf(metaOf(report), report.content as ReportContent);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${fileName(report, 'pdf')}"`
		}
	});
};
