import { error, fail } from '@sveltejs/kit';
import { ROLES, ROLE_NAMES, type Role } from '$lib/server/auth/policy';
import { adminScope, auditEvent, outsideScope } from '$lib/server/auth/http';
import {
	checkPolicy,
	LEVEL_LABEL,
	LEVELS,
	MAX_STEPS,
	policyAt,
	policyFor,
	savePolicy,
	type EscalationStep,
	type Level
} from '$lib/server/alarms/escalation';
import { config } from '$lib/server/config';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const db = getStore().db;
	const scope = await adminScope(event);
	const orgs = (await listOrgs(db)).filter((o) => o.kind !== 'ward' && scope.has(o.code));
	if (!orgs.length) error(403, 'You administer no organisation');
	const org = event.url.searchParams.get('org') ?? orgs.find((o) => o.kind === 'site')?.code ?? orgs[0].code;
	if (!orgs.some((o) => o.code === org)) error(404, `No organisation has the code ${org}`);
	const [own, governing] = await Promise.all([policyAt(db, org), policyFor(db, org)]);
	return {
		org,
		orgs: orgs.map((o) => ({ code: o.code, name: o.name })),
		steps: own,
		inherited: !own.length && governing.org ? { org: governing.org, steps: governing.steps } : null,
		roles: ROLES.map((r) => ({ key: r, name: ROLE_NAMES[r] })),
		levels: LEVELS.map((l) => ({ key: l, name: LEVEL_LABEL(l) })),
		webhooks: Object.keys(config().alarms.webhooks),
		email: !!config().alarms.smtpUrl,
		max: MAX_STEPS
	};
};

export const actions: Actions = {
	default: async (event) => {
		const org = event.url.searchParams.get('org') ?? '';
		const db = getStore().db;
		if (!(await db.selectFrom('organisation').select('code').where('code', '=', org).executeTakeFirst()))
			return fail(404, { problems: [`No organisation has the code ${org}`] });
		if (!(await adminScope(event)).has(org)) return outsideScope(event, 'set an escalation policy', org, org);
		const form = await event.request.formData();
		const steps: EscalationStep[] = [];
		for (let i = 0; i < MAX_STEPS; i++) {
			const minutes = String(form.get(`minutes.${i}`) ?? '').trim();
			if (!minutes) continue;
			const webhook = String(form.get(`webhook.${i}`) ?? '');
			steps.push({
				afterMinutes: Number(minutes),
				role: String(form.get(`role.${i}`) ?? '') as Role,
				level: String(form.get(`level.${i}`) ?? '') as Level,
				webhook: webhook || null
			});
		}
		const problems = checkPolicy(steps, Object.keys(config().alarms.webhooks));
		if (problems.length) return fail(400, { problems });
		const by = event.locals.principal.kind === 'user' ? event.locals.principal.username : 'unknown';
		await savePolicy(db, org, steps, by);
		await auditEvent(event, {
			action: 'set escalation policy',
			org,
			detail:
				steps
					.map((s) => `${s.afterMinutes} min: ${s.role} at ${s.level}${s.webhook ? ` + ${s.webhook}` : ''}`)
					.join('; ') || 'none'
		});
		return {
			done: steps.length
				? `Saved ${steps.length} step(s).`
				: 'No steps: alarms here follow the policy above, if any.'
		};
	}
};
