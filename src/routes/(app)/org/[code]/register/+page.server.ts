import { orgCovers } from '$lib/server/auth/orgTree';
import { may } from '$lib/server/auth/policy';
import { cohortActivity, per1000Years } from '$lib/server/metrics/hospitalUse';
import {
	joinings,
	listSizes,
	MILESTONES,
	practicesUnder,
	registeredPeople
} from '$lib/server/metrics/register';
import { orgOr404 } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import { RISK_TIERS } from '$lib/community';
import { percentOf } from '$lib/catalogue';
import type { PageServerLoad } from './$types';

const DAY = 86_400_000;
/** RS-03 and RS-04: 2% of each practice's list on the register, case managed with a care plan (LTC1) */
const SHARE_OF_LIST_TARGET = 2;
/** a register is a small share of a list: to two decimals, so 20 people in 11,200 is 0.18%, not 0% */
const shareOf = (n: number, list: number) => Math.round((10_000 * n) / list) / 100;

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getStore().db;
	const org = await orgOr404(db, params.code);
	const practices = await practicesUnder(db, org.code);
	const codes = practices.map((p) => p.code);
	const now = new Date();
	const [people, sizes, joined30, cohort, covers] = await Promise.all([
		registeredPeople(db, codes, now),
		listSizes(db, codes, now),
		joinings(db, codes, new Date(now.getTime() - 30 * DAY), now),
		cohortActivity(db, codes, now),
		orgCovers(db)
	]);
	const byPractice = practices.map((p) => {
		const own = people.filter((x) => x.practice === p.code);
		const list = sizes.get(p.code) ?? null;
		return {
			...p,
			list,
			registered: own.length,
			tiers: Object.fromEntries(RISK_TIERS.map((t) => [t, own.filter((x) => x.tier === t).length])),
			shareOfList: list ? shareOf(own.length, list) : null,
			withPlanPct: percentOf(own.filter((x) => x.planAgreed).length, own.length)
		};
	});
	const listTotal = byPractice.every((p) => p.list !== null)
		? byPractice.reduce((s, p) => s + (p.list ?? 0), 0)
		: null;
	const reviews = MILESTONES.map((months) => ({
		months,
		done: people.filter((p) => p.milestones[months] === 'done').length,
		due: people.filter((p) => p.milestones[months] === 'due').length,
		overdue: people.filter((p) => p.milestones[months] === 'overdue').length
	}));
	const scored = people.filter((p) => p.firstScore !== null && p.latestScore !== null);
	const mean = (values: number[]) =>
		values.length ? Math.round((10 * values.reduce((s, v) => s + v, 0)) / values.length) / 10 : null;
	const rate = (side: 'before' | 'after', key: 'attendances' | 'admissions' | 'bedDays') =>
		cohort
			? per1000Years(cohort[side][key], side === 'before' ? cohort.yearsBefore : cohort.yearsAfter)
			: null;
	return {
		org,
		practices: byPractice,
		target: SHARE_OF_LIST_TARGET,
		totals: {
			registered: people.length,
			list: listTotal,
			shareOfList: listTotal ? shareOf(people.length, listTotal) : null,
			withPlanPct: percentOf(people.filter((p) => p.planAgreed).length, people.length),
			joined30
		},
		reviews,
		outcomes: {
			people: scored.length,
			first: mean(scored.map((p) => p.firstScore!)),
			latest: mean(scored.map((p) => p.latestScore!)),
			change: mean(scored.map((p) => p.latestScore! - p.firstScore!))
		},
		cohort: cohort && {
			people: cohort.people,
			yearsBefore: Math.round(cohort.yearsBefore * 10) / 10,
			yearsAfter: Math.round(cohort.yearsAfter * 10) / 10,
			measures: (['attendances', 'admissions', 'bedDays'] as const).map((key) => ({
				key,
				before: rate('before', key),
				after: rate('after', key)
			}))
		},
		mayList: may(locals.principal, { to: 'list-patients', org: org.code }, covers),
		asOf: now.toISOString()
	};
};
