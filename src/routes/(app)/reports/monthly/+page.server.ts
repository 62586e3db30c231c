import { auditEvent } from '$lib/server/auth/http';
import { error, fail, redirect } from '@sveltejs/kit';
import { orgCovers } from '$lib/server/auth/orgTree';
import { actorLabel, may } from '$lib/server/auth/policy';
import { monthlyDraft, monthOfQuery } from '$lib/server/reports/drafts';
import { issueReport } from '$lib/server/reports/issue';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

const reportFor = (url: URL) => monthlyDraft(getStore().db, url);

export const load: PageServerLoad = async ({ url, locals }) => {
	const report = await reportFor(url);
	const db = getStore().db;
	const covers = await orgCovers(db);
	const scope = report.scheme?.id ?? 'programme';
	const org = report.scheme?.org ?? null;
	const issued = await db
		.selectFrom('report')
		.select(['id', 'version'])
		.where('kind', '=', 'monthly')
		.where('scope', '=', scope)
		.where('period', '=', report.period.label)
		.orderBy('version')
		.execute();
	return {
		report,
		issued,
		mayLead: !!report.scheme && may(locals.principal, { to: 'edit-scheme', org }, covers),
		mayIssue: may(locals.principal, { to: 'issue-report', org, scheme: !!report.scheme }, covers)
	};
};

export const actions: Actions = {
	lead: async ({ request, url, locals }) => {
		const scheme = url.searchParams.get('scheme');
		if (!scheme) error(400, 'Choose a scheme');
		const month = monthOfQuery(url);
		const form = await request.formData();
		const text = (k: string) => String(form.get(k) ?? '').trim() || null;
		const rag = text('rag') as 'red' | 'amber' | 'green' | null;
		if (rag && !['red', 'amber', 'green'].includes(rag))
			return fail(400, { problem: 'Choose red, amber or green' });
		const comment = text('comment');
		if (rag && !comment)
			return fail(400, { problem: 'Say why you are setting the status yourself: the comment is required' });
		const values = {
			rag_override: rag,
			rag_comment: rag ? comment : null,
			achievements: text('achievements'),
			issues: text('issues'),
			next_steps: text('next_steps'),
			updated_by: actorLabel(locals.principal),
			updated_at: new Date()
		};
		await getStore()
			.db.insertInto('scheme_month')
			.values({ scheme, month: month.first, ...values })
			.onConflict((oc) => oc.columns(['scheme', 'month']).doUpdateSet(values))
			.execute();
		return { saved: true };
	},
	issue: async (event) => {
		const { url, locals } = event;
		const report = await reportFor(url);
		const { id } = await issueReport(getStore().db, {
			kind: 'monthly',
			scope: report.scheme?.id ?? 'programme',
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
