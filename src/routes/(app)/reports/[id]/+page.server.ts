import { error } from '@sveltejs/kit';
import { getReport } from '$lib/server/reports/issue';
import { metaOf, type ReportContent } from '$lib/server/reports/meta';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const report = await getReport(getStore().db, Number(params.id) || 0);
	if (!report) error(404, `There is no issued report ${params.id}`);
	return { report: { ...report, content: report.content as ReportContent }, meta: metaOf(report) };
};
