import { error, fail } from '@sveltejs/kit';
import { orgCovers } from '$lib/server/auth/orgTree';
import { actorLabel, may } from '$lib/server/auth/policy';
import { dataFrom, series } from '$lib/server/metrics/series';
import { saveMilestone, savePlan, saveRisk } from '$lib/server/schemes/edits';
import { loadScheme } from '$lib/server/schemes/register';
import { planTitle, SCHEME_TYPE } from '$lib/server/schemes/sources';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getStore().db;
	const loaded = await loadScheme(db, params.id);
	if (!loaded) error(404, `There is no scheme ${params.id}`);
	const mayEdit = may(
		locals.principal,
		{ to: 'edit-scheme', org: loaded.org?.code ?? null },
		await orgCovers(db)
	);
	const now = new Date();
	const from = new Date(now.getTime() - 90 * 86_400_000);
	const org = loaded.org?.code;
	const first = org ? await dataFrom(db, org) : null;
	const charts = org
		? await Promise.all(
				loaded.metrics.map(async (metric) => ({
					metric,
					points: await series(db, { org, metric, from, to: now, bucket: 'day', now, dataFrom: first })
				}))
			)
		: [];
	const targets = loaded.org
		? await db
				.selectFrom('metric_target')
				.select(['metric', 'value', 'text'])
				.where('org', '=', loaded.org.code)
				.execute()
		: [];
	return {
		...loaded,
		plan: planTitle(loaded.scheme.source),
		schemeType: loaded.scheme.scheme_type ? (SCHEME_TYPE[loaded.scheme.scheme_type] ?? null) : null,
		mayEdit,
		charts,
		documentTargets: Object.fromEntries(
			targets.map((t) => [t.metric, { value: Number(t.value), text: t.text }])
		),
		history: loaded.history.map((h) => ({ ...h, id: Number(h.id), at: h.at.toISOString() }))
	};
};

// hooks.server.ts has checked `edit-scheme` for this scheme's organisation before any action runs
const act = (save: typeof savePlan) =>
	(async ({ request, params, locals }) => {
		const form = await request.formData();
		const { problems } = await save(getStore().db, params.id, form, actorLabel(locals.principal));
		if (problems)
			return fail(400, { problems, form: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) });
		return { saved: true };
	}) satisfies Actions[string];

export const actions: Actions = { plan: act(savePlan), milestone: act(saveMilestone), risk: act(saveRisk) };
