// A draft pack or report, built now from the live data, as PDF or CSV: `?kind=weekly&org=…&week=…`, and the same
// query as the monthly and quarterly pages. Marked as a draft on every page.
import { error } from '@sveltejs/kit';
import { renderCsv } from '$lib/server/reports/csv';
import { monthlyDraft, quarterlyDraft, weeklyDraft } from '$lib/server/reports/drafts';
import { draftFileName, draftMeta, type ReportContent } from '$lib/server/reports/meta';
import { renderPdf } from '$lib/server/reports/pdf';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

const BUILD = { weekly: weeklyDraft, monthly: monthlyDraft, quarterly: quarterlyDraft } as const;

export const GET: RequestHandler = async ({ params, url }) => {
	const kind = url.searchParams.get('kind') as keyof typeof BUILD;
	if (!Object.hasOwn(BUILD, kind)) error(400, 'kind must be weekly, monthly or quarterly');
	if (params.format !== 'pdf' && params.format !== 'csv') error(404, 'Drafts download as pdf or csv');
	const content = (await BUILD[kind](getStore().db, url)) as ReportContent;
	const meta = draftMeta(content);
	const disposition = `attachment; filename="${draftFileName(content, params.format)}"`;
	if (params.format === 'csv')
		return new Response(renderCsv(meta, content), {
			headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition }
		});
	return new Response(new Uint8Array(await renderPdf(meta, content)), {
		headers: { 'content-type': 'application/pdf', 'content-disposition': disposition }
	});
};
