// The returns inbox: what waits for the signed-in person — submitted returns to approve at the organisations they
// are an executive for, and their own drafts and rejected returns to finish — each linked to its scheme's page,
// where it is decided or corrected.
import { scopeOf } from '$lib/server/auth/scope';
import { actorLabel } from '$lib/server/auth/policy';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getStore().db;
	const [approver, enterer] = await Promise.all([
		scopeOf(db, locals.principal, ['executive']),
		scopeOf(db, locals.principal, ['executive', 'scheme_lead'])
	]);
	const me = actorLabel(locals.principal);
	const [rows, claims, schemes] = await Promise.all([
		db
			.selectFrom('kpi_return')
			.select([
				'id',
				'kpi',
				'org',
				'scheme',
				'period',
				'version',
				'value',
				'numerator',
				'denominator',
				'state',
				'entered_by',
				'entered_at',
				'decision_note',
				'simulated'
			])
			// filtered here rather than after the limit, so a busy system's other organisations never crowd them out
			.where((eb) =>
				eb.or([
					eb.and([
						eb('state', '=', 'submitted'),
						eb('entered_by', '!=', me),
						eb('org', 'in', [...approver.orgs, ''])
					]),
					eb.and([
						eb('entered_by', '=', me),
						eb('state', 'in', ['draft', 'rejected']),
						eb('org', 'in', [...enterer.orgs, ''])
					])
				])
			)
			.orderBy('entered_at')
			.limit(1000)
			.execute(),
		db.selectFrom('kpi_scheme').select(['kpi', 'scheme']).execute(),
		db.selectFrom('scheme').select(['id', 'org']).execute()
	]);
	const schemeOrg = new Map(schemes.map((s) => [s.id, s.org]));
	// the scheme page a return is decided on: its own scheme for spend, else a scheme claiming the KPI at its organisation
	const schemeOf = (r: { kpi: string; org: string; scheme: string }) =>
		r.scheme || claims.find((c) => c.kpi === r.kpi && schemeOrg.get(c.scheme) === r.org)?.scheme || null;
	const shown = rows.map((r) => ({
		id: r.id,
		kpi: r.kpi,
		org: r.org,
		period: r.period,
		version: r.version,
		figure: r.value !== null ? Number(r.value) : `${Number(r.numerator)} / ${Number(r.denominator)}`,
		state: r.state,
		enteredBy: r.entered_by,
		enteredAt: r.entered_at.toISOString(),
		note: r.decision_note,
		simulated: r.simulated,
		scheme: schemeOf(r)
	}));
	return {
		toApprove: shown.filter((r) => r.state === 'submitted'),
		mine: shown.filter((r) => r.state !== 'submitted'),
		mayApprove: approver.orgs.size > 0
	};
};
