import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { auditEvent } from '$lib/server/auth/http';
import { orgCovers } from '$lib/server/auth/orgTree';
import { actorLabel, may } from '$lib/server/auth/policy';
import { lastCompleteMonth } from '$lib/server/reports/periods';
import { returnedKpiLine } from '$lib/server/reports/returnedLine';
import { csvRows, MAX_RETURNS, storeBatch } from '$lib/server/returns/batch';
import {
	decideReturn,
	findReturn,
	inForce,
	listReturns,
	returnContext,
	ReturnRefused,
	saveReturn,
	submitReturn
} from '$lib/server/returns/returns';
import { validateReturn } from '$lib/server/returns/validate';
import { measuredBy, whyNotMeasurable } from '$lib/server/returns/coverage';
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
	const covers = await orgCovers(db);
	const scope = loaded.org?.code ?? null;
	const mayEdit = may(locals.principal, { to: 'edit-scheme', org: scope }, covers);
	const mayEnter = may(locals.principal, { to: 'enter-return', org: scope }, covers);
	const mayApprove = may(locals.principal, { to: 'approve-return', org: scope }, covers);
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
	// the KPIs returns feed, charted by month up to the last complete one, and every version returned
	const month = lastCompleteMonth(now);
	const returns = org
		? await listReturns(
				db,
				org,
				loaded.returned.map((k) => k.id),
				params.id
			)
		: [];
	const approved = inForce(returns);
	const returnCharts = loaded.returned.map((k) => ({
		kpi: k.id,
		direction: k.direction,
		unit: k.unit,
		line: returnedKpiLine(
			k,
			loaded.plans.find((p) => p.metric === k.id),
			approved.filter((r) => r.kpi === k.id),
			month,
			month.label,
			24
		).line
	}));
	return {
		...loaded,
		mayEnter,
		mayApprove,
		returnCharts,
		returns: returns.slice(0, 200),
		returnPeriod: month.label,
		measuredBy: Object.fromEntries(
			loaded.kpis.map((k) => [
				k.id,
				measuredBy(k.id) === 'events'
					? 'Live, from events'
					: measuredBy(k.id) === 'returns'
						? 'Returns'
						: `Not a figure: ${whyNotMeasurable(k.id)}`
			])
		),
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

const who = (event: RequestEvent) => actorLabel(event.locals.principal);

/** The scheme a returns action is on, with the organisation its figures are returned for. */
async function schemeOrg(id: string) {
	const scheme = await getStore()
		.db.selectFrom('scheme')
		.select(['id', 'org'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!scheme?.org) error(404, `There is no scheme ${id} with an organisation to return figures for`);
	return scheme.org;
}

const fields = (form: FormData) => Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));

// hooks.server.ts has checked `enter-return` (or `approve-return` for a decision) at the scheme's organisation
export const actions: Actions = {
	plan: act(savePlan),
	milestone: act(saveMilestone),
	risk: act(saveRisk),
	saveReturn: async (event) => {
		const db = getStore().db;
		const org = await schemeOrg(event.params.id);
		const form = await event.request.formData();
		const raw = { ...fields(form), org, scheme: form.get('kpi') === 'SPEND' ? event.params.id : '' };
		const checked = validateReturn(raw, await returnContext(db));
		if ('problems' in checked) return fail(400, { returnProblems: checked.problems, returnForm: raw });
		const submit = form.get('intent') === 'submit';
		try {
			const saved = await saveReturn(db, checked.input, { by: who(event), source: 'form' }, submit);
			await auditEvent(event, {
				action: submit ? 'return-submitted' : 'return-drafted',
				target: `${checked.input.kpi} ${checked.input.period} v${saved.version}`,
				org
			});
			return { returnSaved: saved };
		} catch (e) {
			if (e instanceof ReturnRefused)
				return fail(409, { returnProblems: { reason: e.message }, returnForm: raw });
			throw e;
		}
	},
	submitReturn: async (event) => {
		const row = await returnOf(event);
		try {
			await submitReturn(getStore().db, row.id, who(event));
		} catch (e) {
			if (e instanceof ReturnRefused) return fail(409, { returnError: e.message });
			throw e;
		}
		await auditEvent(event, {
			action: 'return-submitted',
			target: `${row.kpi} ${row.period} v${row.version}`,
			org: row.org
		});
		return { returnMessage: `Submitted ${row.kpi} for ${row.period} (version ${row.version}) for approval.` };
	},
	decideReturn: async (event) => {
		const form = await event.request.formData();
		const row = await returnOf(event, form);
		const decision = form.get('decision') === 'approve' ? 'approved' : 'rejected';
		try {
			await decideReturn(getStore().db, row.id, decision, who(event), String(form.get('note') ?? '') || null);
		} catch (e) {
			if (e instanceof ReturnRefused) return fail(409, { returnError: e.message });
			throw e;
		}
		await auditEvent(event, {
			action: `return-${decision}`,
			target: `${row.kpi} ${row.period} v${row.version}`,
			org: row.org,
			detail: String(form.get('note') ?? '') || null
		});
		return {
			returnMessage: `${decision === 'approved' ? 'Approved' : 'Rejected'} ${row.kpi} for ${row.period} (version ${row.version}).`
		};
	},
	uploadReturns: async (event) => {
		const db = getStore().db;
		const org = await schemeOrg(event.params.id);
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { uploadError: 'Choose a CSV file to upload.' });
		if (file.size > 1024 * 1024) return fail(413, { uploadError: 'The file is larger than 1 MB.' });
		const parsed = csvRows(new Uint8Array(await file.arrayBuffer()));
		if ('error' in parsed)
			return fail(400, {
				uploadError: `Row ${parsed.error.row}, ${parsed.error.field}: ${parsed.error.message}`
			});
		if (parsed.rows.length > MAX_RETURNS)
			return fail(413, {
				uploadError: `At most ${MAX_RETURNS} rows a file; this one has ${parsed.rows.length}.`
			});
		const covers = await orgCovers(db);
		const result = await storeBatch(
			db,
			parsed.rows,
			{ by: who(event), source: 'csv' },
			{
				submit: form.get('intent') === 'submit',
				skipBlank: true,
				mayEnter: (o) => o === org && may(event.locals.principal, { to: 'enter-return', org: o }, covers)
			}
		);
		await auditEvent(event, {
			action: 'returns-uploaded',
			target: `${file.name}: ${result.accepted} stored, ${result.rejected} refused`,
			org
		});
		return result.rejected ? fail(422, { upload: result }) : { upload: result };
	}
};

/** The return an action names, which must be one of this scheme's organisation. */
async function returnOf(event: RequestEvent, form?: FormData) {
	const org = await schemeOrg(event.params.id!);
	const data = form ?? (await event.request.formData());
	const row = await findReturn(getStore().db, Number(data.get('id')) || 0);
	if (!row || row.org !== org) error(404, 'There is no such return for this scheme');
	return row;
}
