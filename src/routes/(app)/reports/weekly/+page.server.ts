import { fail, redirect } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { auditEvent } from '$lib/server/auth/http';
import { orgCovers } from '$lib/server/auth/orgTree';
import { actorLabel, may } from '$lib/server/auth/policy';
import { closeAction, recordAction } from '$lib/server/reports/actions';
import { issueReport } from '$lib/server/reports/issue';
import { weeklyDraft } from '$lib/server/reports/drafts';
import { getStore } from '$lib/server/runtime';
import { londonDate } from '$lib/server/time';
import { METRICS } from '$lib/catalogue';
import type { Actions, PageServerLoad } from './$types';

const packFor = (url: URL) => weeklyDraft(getStore().db, url);

/** Every active user's roles' organisations, by name. */
const activeRoles = (db: Kysely<Database>) =>
	db
		.selectFrom('app_user')
		.innerJoin('user_role', 'user_role.user_id', 'app_user.id')
		.select(['app_user.username', 'app_user.display_name', 'user_role.org'])
		.where('app_user.disabled_at', 'is', null)
		.orderBy('app_user.display_name')
		.execute();

/**
 * Who may own an action agreed on this call: people with a role in the pack's organisations, above or below it, and
 * only for someone who may record one. The rest of the user directory is not the pack's to show.
 */
function ownersOf(
	users: { username: string; display_name: string; org: string }[],
	scope: string,
	covers: (above: string, below: string) => boolean,
	mayRecord: boolean
) {
	if (!mayRecord) return [];
	const owners = new Map<string, string>();
	for (const u of users)
		if (covers(scope, u.org) || covers(u.org, scope)) owners.set(u.username, u.display_name);
	return [...owners].map(([username, name]) => ({ username, name }));
}

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getStore().db;
	const pack = await packFor(url);
	const covers = await orgCovers(db);
	const mayRecord = may(locals.principal, { to: 'record-action', org: pack.scope.code }, covers);
	const [users, issued] = await Promise.all([
		activeRoles(db),
		db
			.selectFrom('report')
			.select(['id', 'version', 'issued_at'])
			.where('kind', '=', 'weekly')
			.where('scope', '=', pack.scope.code)
			.where('period', '=', pack.period.label)
			.orderBy('version')
			.execute()
	]);
	return {
		pack,
		owners: ownersOf(users, pack.scope.code, covers, mayRecord),
		metrics: METRICS.map((m) => ({ key: m.key, name: m.name })),
		mayRecord,
		mayIssue: may(locals.principal, { to: 'issue-report', org: pack.scope.code }, covers),
		issued: issued.map((r) => ({ id: r.id, version: r.version, issuedAt: r.issued_at.toISOString() }))
	};
};

export const actions: Actions = {
	action: async (event) => {
		const { request, url, locals } = event;
		const db = getStore().db;
		const form = await request.formData();
		const scope = url.searchParams.get('org') ?? '';
		const org = String(form.get('org') ?? '');
		const scheme = String(form.get('scheme') ?? '');
		const covers = await orgCovers(db);
		// the action is for this pack's organisations only, and so is the scheme it may name instead
		if (org && !covers(scope, org))
			return fail(400, { problems: { org: `${org} is not part of this pack` } });
		if (scheme) {
			const charted = await db.selectFrom('scheme').select('org').where('id', '=', scheme).executeTakeFirst();
			if (charted && !(charted.org && covers(scope, charted.org)))
				return fail(400, { problems: { scheme: `${scheme} is not a scheme of this pack's organisations` } });
		}
		// the owner is one of the pack's people, as the form offers (ownersOf)
		const owner = String(form.get('owner') ?? '');
		if (owner && !ownersOf(await activeRoles(db), scope, covers, true).some((o) => o.username === owner))
			return fail(400, { problems: { owner: `${owner} has no role in this pack's organisations` } });
		const result = await recordAction(db, form, actorLabel(locals.principal), londonDate(new Date()));
		if ('problems' in result) return fail(400, { problems: result.problems });
		await auditEvent(event, {
			action: 'record-action',
			org: org || scope,
			target: `action ${result.id}${scheme ? ` (scheme ${scheme})` : ''}`
		});
		return { recorded: result.id };
	},
	close: async (event) => {
		const { request, url } = event;
		const db = getStore().db;
		const form = await request.formData();
		const status = form.get('status') === 'dropped' ? 'dropped' : 'done';
		const id = Number(form.get('id')) || 0;
		// only actions about this pack's organisations: the permission was checked for those
		const action = await db.selectFrom('call_action').select('org').where('id', '=', id).executeTakeFirst();
		if (!action?.org || !(await orgCovers(db))(url.searchParams.get('org') ?? '', action.org))
			return fail(404, { problems: { id: 'That action is not part of this pack' } });
		if (!(await closeAction(db, id, status, londonDate(new Date()))))
			return fail(404, { problems: { id: 'That action is not open' } });
		await auditEvent(event, {
			action: 'close-action',
			org: action.org,
			target: `action ${id}`,
			detail: status
		});
		return { closed: true };
	},
	issue: async (event) => {
		const { url, locals } = event;
		const pack = await packFor(url);
		const { id } = await issueReport(getStore().db, {
			kind: 'weekly',
			scope: pack.scope.code,
			period: pack.period.label,
			title: pack.title,
			asOf: pack.asOf,
			content: pack,
			by: actorLabel(locals.principal)
		});
		await auditEvent(event, {
			action: 'issue-report',
			org: pack.scope.code,
			target: `report ${id}`,
			detail: pack.title
		});
		redirect(303, `/reports/${id}`);
	}
};
