import { orgCovers } from '$lib/server/auth/orgTree';
import { may } from '$lib/server/auth/policy';
import { listReports, orgOfReport } from '$lib/server/reports/issue';
import {
	addMonths,
	lastCompleteMonth,
	lastCompleteQuarter,
	lastCompleteWeek,
	monthOf,
	previousWeek,
	quarterOf,
	weekOf,
	type Period
} from '$lib/server/reports/periods';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const back = (from: Period, step: (p: Period) => Period, n: number) => {
	const out = [from];
	while (out.length < n) out.push(step(out[out.length - 1]));
	return out.map((p) => p.label);
};

export const load: PageServerLoad = async ({ locals }) => {
	const db = getStore().db;
	const now = new Date();
	const [orgs, schemes, issued] = await Promise.all([
		db
			.selectFrom('organisation')
			.select(['code', 'name', 'kind'])
			.where('kind', 'in', ['system', 'hwb_area', 'trust'])
			.orderBy('position')
			.execute(),
		db.selectFrom('scheme').select(['id', 'name', 'org']).orderBy('id').execute(),
		listReports(db)
	]);
	// each reader sees only the reports of organisations they may read, as the report's own page decides
	const covers = await orgCovers(db);
	const schemeOrgs = new Map(schemes.map((s) => [s.id, s.org]));
	const readable = (r: { kind: string; scope: string }) =>
		may(
			locals.principal,
			{ to: 'see-reports', org: orgOfReport(r.kind, r.scope, (id) => schemeOrgs.get(id) ?? null) },
			covers
		);
	// the last complete periods first (the default), then earlier ones; the one still running last, marked so
	const withCurrent = (labels: string[], current: string) => [
		...labels.map((label) => ({ label, inProgress: false })),
		{ label: current, inProgress: true }
	];
	return {
		orgs,
		schemes: schemes.map(({ id, name }) => ({ id, name })),
		weeks: withCurrent(back(lastCompleteWeek(now), previousWeek, 12), weekOf(now).label),
		months: withCurrent(
			back(lastCompleteMonth(now), (p) => addMonths(p, -1), 12),
			monthOf(now).label
		),
		quarters: withCurrent(
			back(lastCompleteQuarter(now), (p) => quarterOf(new Date(p.start.getTime() - 86_400_000)), 4),
			quarterOf(now).label
		),
		issued: issued.filter(readable)
	};
};
