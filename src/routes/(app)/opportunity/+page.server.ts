import { error } from '@sveltejs/kit';
import { orgCovers } from '$lib/server/auth/orgTree';
import { may, type Principal } from '$lib/server/auth/policy';
import { paperPyramid } from '$lib/server/schemes/pyramid';
import { hospitalDataFrom, hospitalUse, useIn } from '$lib/server/metrics/hospitalUse';
import { listSizes, practicesUnder, registeredPeople, registerOrgs } from '$lib/server/metrics/register';
import { getStore } from '$lib/server/runtime';
import { PAPER_AVERAGE_PER_1000, type OpportunityInput } from '$lib/opportunity';
import { RISK_TIERS } from '$lib/community';
import type { PageServerLoad } from './$types';

const YEAR = 365 * 86_400_000;

/** A field left out takes the paper's value; one given is read as it is, so a mistyped one is named, not replaced. */
function numberParam(url: URL, name: string, fallback: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw.trim() === '') return fallback;
	return Number(raw.replace(/,/g, ''));
}

/**
 * What the register says of a population's tiers: its people in each tier as a share of the practices' lists (the
 * low tier is everyone else), and their emergency admissions a year per 1,000 against the paper's. Their share of
 * the population's admissions cannot be known: the hospitals' events do not say which practice a patient is with.
 */
async function actualShares(code: string, orgs: { code: string; name: string; kind: string }[]) {
	const db = getStore().db;
	const org = orgs.find((o) => o.code === code);
	if (!org)
		error(404, `No GP practice you may see is at or below ${code}: choose an organisation from the list`);
	const practices = (await practicesUnder(db, code)).map((p) => p.code);
	const now = new Date();
	const [people, sizes] = await Promise.all([
		registeredPeople(db, practices, now),
		listSizes(db, practices, now)
	]);
	const population = practices.every((p) => sizes.has(p))
		? practices.reduce((s, p) => s + sizes.get(p)!, 0)
		: null;
	// the last year, or as much of it as the hospitals' data covers
	const dataFrom = await hospitalDataFrom(db);
	const from = new Date(Math.max(now.getTime() - YEAR, dataFrom?.getTime() ?? now.getTime()));
	const years = (now.getTime() - from.getTime()) / YEAR;
	const use = await hospitalUse(
		db,
		people.map((p) => p.patient),
		now
	);
	const tiers = RISK_TIERS.slice(0, 3).map((tier) => {
		const own = people.filter((p) => p.tier === tier);
		const n = own.reduce(
			(s, p) => s + useIn(use.get(p.patient), from.getTime(), now.getTime()).admissions,
			0
		);
		return {
			tier,
			people: own.length,
			populationPct: population ? Math.round((10_000 * own.length) / population) / 100 : null,
			admissionsPer1000: own.length && years > 0 ? Math.round((1000 * n) / own.length / years) : null
		};
	});
	return { org, population, registered: people.length, tiers };
}

/** The organisations with a register that this person may see: a register is another organisation's figures. */
async function visibleRegisterOrgs(principal: Principal) {
	const db = getStore().db;
	const [orgs, covers] = await Promise.all([registerOrgs(db), orgCovers(db)]);
	return orgs.filter((o) => may(principal, { to: 'see', org: o.code }, covers));
}

export const load: PageServerLoad = async ({ url, locals }) => {
	const pyramid = paperPyramid();
	const input: OpportunityInput = {
		population: numberParam(url, 'population', 100_000),
		ratePer1000: numberParam(url, 'rate', PAPER_AVERAGE_PER_1000),
		targetPct: numberParam(url, 'target', 10),
		tiers: pyramid.tiers.map((t, i) => ({
			...t,
			populationPct: numberParam(url, `pop${i}`, t.populationPct),
			admissionsPct: numberParam(url, `adm${i}`, t.admissionsPct)
		})),
		planPct: pyramid.tiers.map((_, i) => numberParam(url, `plan${i}`, 0))
	};
	const code = url.searchParams.get('org');
	const orgs = await visibleRegisterOrgs(locals.principal);
	const actual = code ? await actualShares(code, orgs) : null;
	return { pyramid, input, orgs, actual };
};
