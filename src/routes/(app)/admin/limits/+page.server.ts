import { error, fail } from '@sveltejs/kit';
import { METRICS } from '$lib/catalogue';
import { adminScope, auditEvent, outsideScope } from '$lib/server/auth/http';
import { limitsFor, saveLimits } from '$lib/server/metrics/limits';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url } = event;
	const db = getStore().db;
	const scope = await adminScope(event);
	const orgs = (await listOrgs(db)).filter((o) => o.kind !== 'ward' && scope.has(o.code));
	if (!orgs.length) error(403, 'You administer no organisation with figures');
	const org = url.searchParams.get('org') ?? orgs.find((o) => o.kind === 'site')?.code ?? orgs[0].code;
	if (!orgs.some((o) => o.code === org)) error(404, `No organisation has the code ${org}`);
	return {
		org,
		orgs: orgs.map((o) => ({ code: o.code, name: o.name, kind: o.kind })),
		metrics: METRICS.map((m) => ({ key: m.key, name: m.name, unit: m.unit })),
		limits: await limitsFor(db, org)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const org = event.url.searchParams.get('org') ?? '';
		const db = getStore().db;
		if (!(await db.selectFrom('organisation').select('code').where('code', '=', org).executeTakeFirst()))
			return fail(404, { message: `No organisation has the code ${org}` });
		if (!(await adminScope(event)).has(org)) return outsideScope(event, 'set alarm limits', org, org);
		const by = event.locals.principal.kind === 'user' ? event.locals.principal.username : 'unknown';
		const result = await saveLimits(db, org, await event.request.formData(), by);
		if ('problems' in result) return fail(400, { problems: result.problems });
		if (result.changed.length)
			await auditEvent(event, { action: 'set alarm limits', org, detail: result.changed.join('; ') });
		return {
			done: result.changed.length
				? `Saved ${result.changed.length} limit(s); wallboards show them on their next load.`
				: 'Nothing changed.'
		};
	}
};
