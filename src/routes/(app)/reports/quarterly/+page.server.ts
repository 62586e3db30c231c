import { error, redirect } from '@sveltejs/kit';
import { actorLabel, may } from '$lib/server/auth/policy';
import { buildException } from '$lib/server/reports/highlight';
import { issueReport } from '$lib/server/reports/issue';
import { parsePeriod, quarterOf } from '$lib/server/reports/periods';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

async function reportFor(url: URL) {
	const label = url.searchParams.get('quarter') ?? quarterOf(new Date()).label;
	const quarter = parsePeriod('quarter', label);
	if (!quarter) error(400, `${label} is not a quarter; write it like 2026-Q3`);
	if (quarter.start > new Date()) error(400, `${label} has not started yet`);
	return buildException(getStore().db, quarter);
}

export const load: PageServerLoad = async ({ url, locals }) => {
	const report = await reportFor(url);
	const issued = await getStore()
		.db.selectFrom('report')
		.select(['id', 'version'])
		.where('kind', '=', 'quarterly')
		.where('period', '=', report.period.label)
		.orderBy('version')
		.execute();
	return { report, issued, mayIssue: may(locals.principal, { to: 'issue-report', org: null }, () => true) };
};

export const actions: Actions = {
	issue: async ({ url, locals }) => {
		const report = await reportFor(url);
		const { id } = await issueReport(getStore().db, {
			kind: 'quarterly',
			scope: 'programme',
			period: report.period.label,
			title: report.title,
			asOf: report.asOf,
			content: report,
			by: actorLabel(locals.principal)
		});
		redirect(303, `/reports/${id}`);
	}
};
