// The opportunity arithmetic of the ICS components paper (section 4, after Roland et al, BMJ 2012): a population in
// risk tiers, each carrying a share of the emergency admissions. To cut all emergency admissions by a target, a
// tier that alone carried the cut would have to avoid target ÷ share of its own admissions; over 100% it cannot.
// A plan spreads the avoidance over the tiers and reaches Σ share × avoided. Pure, so the page, the server and the
// specs all compute it the same way.

export interface RiskTier {
	level: string;
	/** the tier's part of the population, % */
	populationPct: number;
	/** the tier's part of all emergency admissions, % */
	admissionsPct: number;
	/** what the paper puts against the tier (case management, disease management…) */
	intervention?: string;
	/** the paper's emergency admissions a year per 1,000 people in the tier */
	per1000?: number;
}

export interface OpportunityInput {
	/** people in the population (a practice list, a locality, a CCG) */
	population: number;
	/** emergency admissions a year per 1,000 people (the paper's average is 63) */
	ratePer1000: number;
	/** the reduction wanted in all emergency admissions, % */
	targetPct: number;
	tiers: RiskTier[];
	/** per tier, the % of its own admissions a plan avoids (0 where none is given) */
	planPct?: number[];
}

export interface TierOpportunity extends RiskTier {
	people: number;
	admissions: number;
	/** times the population's average admission rate: admissions share ÷ population share */
	relativeRate: number;
	/** admissions a year this tier would have to avoid, alone, to reach the target */
	toAvoidAlone: number;
	/** the same as a % of the tier's own admissions */
	toAvoidAlonePct: number;
	/** over 100%: more than all of the tier's admissions */
	impossible: boolean;
	plannedPct: number;
	planned: number;
}

export interface Opportunity {
	admissions: number;
	/** admissions a year the target means avoiding */
	target: number;
	tiers: TierOpportunity[];
	/** what the plan avoids in all, as admissions and as a % of all admissions */
	planned: number;
	plannedPct: number;
}

/** The paper's population average, emergency admissions a year per 1,000 people (TAB-RISK-PYRAMID's notes). */
export const PAPER_AVERAGE_PER_1000 = 63;

export function opportunity(input: OpportunityInput): Opportunity {
	const admissions = (input.population * input.ratePer1000) / 1000;
	const target = (admissions * input.targetPct) / 100;
	const tiers = input.tiers.map((tier, i): TierOpportunity => {
		const own = (admissions * tier.admissionsPct) / 100;
		const toAvoidAlonePct = tier.admissionsPct > 0 ? (100 * input.targetPct) / tier.admissionsPct : Infinity;
		const plannedPct = input.planPct?.[i] ?? 0;
		return {
			...tier,
			people: (input.population * tier.populationPct) / 100,
			admissions: own,
			relativeRate: tier.populationPct > 0 ? tier.admissionsPct / tier.populationPct : NaN,
			toAvoidAlone: target,
			toAvoidAlonePct,
			impossible: toAvoidAlonePct > 100,
			plannedPct,
			planned: (own * plannedPct) / 100
		};
	});
	const planned = tiers.reduce((sum, t) => sum + t.planned, 0);
	return {
		admissions,
		target,
		tiers,
		planned,
		plannedPct: admissions > 0 ? (100 * planned) / admissions : 0
	};
}

export interface InputProblem {
	field: string;
	reason: string;
}

/** Shares may be rounded, as the paper's are (its four admissions shares add up to 99.6%). */
const SUM_TOLERANCE = 1;

/** Every problem with an input, named by its form field; none means `opportunity` may run. */
export function checkInput(input: OpportunityInput): InputProblem[] {
	const problems: InputProblem[] = [];
	const number = (field: string, v: number, min: number, max: number, what: string) => {
		if (!Number.isFinite(v)) problems.push({ field, reason: `${what} must be a number` });
		else if (v < min || v > max)
			problems.push({ field, reason: `${what} must be between ${min} and ${max.toLocaleString('en-GB')}` });
	};
	number('population', input.population, 1, 100_000_000, 'The population');
	if (Number.isFinite(input.population) && !Number.isInteger(input.population))
		problems.push({ field: 'population', reason: 'The population must be a whole number of people' });
	number('rate', input.ratePer1000, 0.1, 1000, 'Admissions per 1,000');
	number('target', input.targetPct, 0.1, 100, 'The target reduction (%)');
	input.tiers.forEach((t, i) => {
		number(`pop${i}`, t.populationPct, 0, 100, `${t.level}: share of the population (%)`);
		number(`adm${i}`, t.admissionsPct, 0, 100, `${t.level}: share of admissions (%)`);
		number(`plan${i}`, input.planPct?.[i] ?? 0, 0, 100, `${t.level}: admissions avoided (%)`);
	});
	for (const [field, key, what] of [
		['pop0', 'populationPct', 'population'],
		['adm0', 'admissionsPct', 'admissions']
	] as const) {
		const sum = input.tiers.reduce((s, t) => s + t[key], 0);
		if (Number.isFinite(sum) && Math.abs(sum - 100) > SUM_TOLERANCE)
			problems.push({
				field,
				reason: `The tiers' shares of the ${what} add up to ${Number(sum.toFixed(1))}%, not 100%`
			});
	}
	return problems;
}
