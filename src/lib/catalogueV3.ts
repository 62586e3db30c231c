// Metric catalogue v3 (src/lib/catalogue.ts holds v1 and the rules they share): figures from ingest contract v3's
// community events (src/lib/community.ts) — the case-management register, care plans, MDT reviews, intermediate care
// and virtual wards, care-home residents. The keys are a public contract: add, never rename.
import type { MetricDefinition, MetricTarget } from './catalogue.ts';
import { RISK_TIERS, TIER_LABEL } from './community.ts';

const v3 = (
	m: Omit<MetricDefinition, 'limits' | 'since' | 'targets'> & { targets?: MetricTarget[] }
): MetricDefinition => ({
	targets: [],
	...m,
	limits: { low: null, high: null },
	since: 3
});

export const METRICS_V3: MetricDefinition[] = [
	v3({
		key: 'registered',
		name: 'People on the case-management register',
		short: 'Registered',
		unit: 'patients',
		kind: 'census',
		direction: 'monitor',
		definition:
			'People on a practice’s case-management register now (register_added without register_removed since)',
		kpis: ['RS-07']
	}),
	...RISK_TIERS.map((tier) =>
		v3({
			key: `registered_${tier}`,
			name: `On the register at ${TIER_LABEL[tier].toLowerCase()} risk`,
			short: `${TIER_LABEL[tier]} risk`,
			unit: 'patients',
			kind: 'census',
			direction: 'monitor',
			definition: `People on the register whose latest risk tier is ${TIER_LABEL[tier].toLowerCase()}`,
			kpis: []
		})
	),
	v3({
		key: 'registered_with_plan_pct',
		name: 'Registered people with an agreed care plan',
		short: 'Care plan %',
		unit: '%',
		kind: 'census',
		direction: 'up',
		definition: '% of the people on the register now whose care plan was agreed since they joined',
		kpis: ['CP-01', 'CP-08'],
		targets: [
			{
				org: 'hwb-rutland',
				value: 100,
				kpi: 'CP-01',
				text: 'everyone with long-term care needs guaranteed a written care plan (Rutland UP4, KPI 1)'
			}
		]
	}),
	v3({
		key: 'registered_joined_today',
		name: 'People joining the register today',
		short: 'Joined',
		unit: 'patients',
		kind: 'flow',
		direction: 'monitor',
		definition: 'People added to a practice’s register since midnight (a re-stratification is not a joining)',
		kpis: ['RS-01']
	}),
	v3({
		key: 'mdt_reviews_today',
		name: 'MDT reviews today',
		short: 'MDT reviews',
		unit: 'patients',
		kind: 'flow',
		direction: 'up',
		definition: 'People reviewed at a multidisciplinary team meeting since midnight',
		kpis: ['RS-09']
	}),
	v3({
		key: 'ic_occupied',
		name: 'Intermediate care and virtual ward beds occupied',
		short: 'IC occupied',
		unit: 'patients',
		kind: 'census',
		direction: 'monitor',
		definition:
			'Stays in an intermediate care unit or virtual ward now (ic_admission without its ic_discharge yet)',
		kpis: []
	}),
	v3({
		key: 'ic_beds',
		name: 'Intermediate care and virtual ward beds',
		short: 'IC beds',
		unit: 'beds',
		kind: 'census',
		direction: 'monitor',
		definition: 'Beds the units say they have now (their latest ic_beds)',
		kpis: ['REAB-06']
	}),
	v3({
		key: 'ic_occupancy_pct',
		name: 'Intermediate care and virtual ward occupancy',
		short: 'IC occupancy',
		unit: '%',
		kind: 'census',
		direction: 'up',
		definition: 'Beds occupied as a % of the beds the units have; no beds sent, no figure',
		kpis: ['RS-05', 'DIS-16'],
		targets: [
			{
				org: 'leics-virtual-wards',
				value: 90,
				kpi: 'RS-05',
				text: 'virtual ward occupancy from 82% to 90% (West Leicestershire, LTC1)'
			}
		]
	}),
	v3({
		key: 'ic_admissions_today',
		name: 'Intermediate care and virtual ward admissions today',
		short: 'IC admissions',
		unit: 'admissions',
		kind: 'flow',
		direction: 'monitor',
		definition: 'Stays begun since midnight, stepping up from home or down from hospital',
		kpis: []
	}),
	v3({
		key: 'ic_step_down_pct',
		name: 'Intermediate care admissions stepping down from hospital',
		short: 'Step-down %',
		unit: '%',
		kind: 'ratio',
		direction: 'monitor',
		definition:
			'% of the period’s intermediate care admissions that stepped down from hospital (the rest stepped up)',
		kpis: ['DIS-14'],
		targets: [
			{
				org: 'ccg-skc',
				value: 60,
				kpi: 'DIS-14',
				text: 'community beds 60% step-down from hospital, 40% step-up (South Kent Coast, SKC-1)'
			}
		]
	}),
	v3({
		key: 'ic_discharged_home_pct',
		name: 'Intermediate care discharges home',
		short: 'IC home %',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition: '% of the period’s intermediate care and virtual ward discharges with outcome home',
		kpis: []
	}),
	v3({
		key: 'care_home_residents',
		name: 'Care-home residents known to the practices',
		short: 'In care homes',
		unit: 'patients',
		kind: 'census',
		direction: 'monitor',
		definition: 'People the practices say live in a care home now (care_home_entered without leaving since)',
		kpis: []
	})
];

/** v3's census figures that are counts of intervals by the same name */
export const CENSUS_V3 = [
	'registered',
	...RISK_TIERS.map((t) => `registered_${t}`),
	'ic_occupied',
	'ic_beds',
	'care_home_residents'
];

/** The community figures (v3) an overview shows where its sources send them. */
export const COMMUNITY_HEADLINE = [
	'registered',
	'registered_with_plan_pct',
	'ic_occupied',
	'ic_occupancy_pct',
	'care_home_residents'
];

/** The metrics of a community board's tiles (a unit, a practice, a locality): intermediate care and the register. */
export const COMMUNITY_WALLBOARD_METRICS = [
	'ic_occupancy_pct',
	'ic_admissions_today',
	'ic_discharged_home_pct',
	'registered',
	'registered_with_plan_pct',
	'mdt_reviews_today'
] as const;

export type BoardView = 'acute' | 'community';

/**
 * What an organisation's community sources send, from its figures: whether its figures are the community's alone (a
 * practice, or a unit with beds and stays but no inpatients), and the community figures to show beside a hospital's.
 * One rule for the overview, the organisation's page and the wallboard.
 */
export function communityOf(kind: string, m: Record<string, number | null | undefined>) {
	const units = Boolean(m.ic_beds || m.ic_occupied);
	const register = Boolean(m.registered);
	return {
		only: kind === 'practice' || (units && !m.inpatients && !m.admissions_today),
		headline: [
			...(register ? ['registered', 'registered_with_plan_pct'] : []),
			...(units ? ['ic_occupied', 'ic_occupancy_pct'] : []),
			...(m.care_home_residents ? ['care_home_residents'] : [])
		]
	};
}
