import { auditEvent } from '$lib/server/auth/http';
import { redirect } from '@sveltejs/kit';
import { actorLabel, may } from '$lib/server/auth/policy';
import { quarterlyDraft } from '$lib/server/reports/drafts';
import { issueReport } from '$lib/server/reports/issue';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

const reportFor = (url: URL) => quarterlyDraft(getStore().db, url);

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
	issue: async (event) => {
		const { url, locals } = event;
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
		await auditEvent(event, { action: 'issue-report', target: `report ${id}`, detail: report.title });
		redirect(303, `/reports/${id}`);
	}
};
