// Metric catalogue (DESIGN.md): v1 here, v2 in catalogueV2.ts, and the rules both follow (kinds, flow and ratio
// points, percentages). The keys are a public contract: add, never rename.
// KPI ids and targets come from db/reference/catalogue.json (the BCF source documents); where the documents give
// no figure the target stays empty rather than invented.

/**
 * census: a count at an instant; flow: what adds up over a period (events, bed-days); ratio: a figure over a period
 * that does not add up (a percentage, a mean, a rate)
 */
import { METRICS_V2 } from './catalogueV2.ts';
import { METRICS_V3 } from './catalogueV3.ts';

export type MetricKind = 'census' | 'flow' | 'ratio';
export type Direction = 'up' | 'down' | 'monitor';

export interface MetricTarget {
	/** organisation code the documented target applies to */
	org: string;
	value: number;
	kpi: string;
	text: string;
}

export interface MetricDefinition {
	key: string;
	name: string;
	short: string;
	unit:
		| 'patients'
		| '%'
		| 'discharges'
		| 'admissions'
		| 'assessments'
		| 'attendances'
		| 'days'
		| 'bed-days'
		| 'GPs'
		| 'patients a GP hour'
		| '% of the weekday rate'
		| 'beds';
	/** catalogue version that added it */
	since?: 2 | 3;
	/** the shortest period the figure means something over, and why (a day's weekend share is 0% or 100%) */
	shortest?: { bucket: 'week'; why: string };
	kind: MetricKind;
	direction: Direction;
	definition: string;
	/** KPI ids in the source catalogue this metric measures; the schemes come with them */
	kpis: string[];
	targets: MetricTarget[];
	/** alarm limits; the documents set none, administrators set them */
	limits: { low: number | null; high: number | null };
}

const noLimits = { low: null, high: null };

const losBand = (n: 7 | 14 | 15 | 21 | 30, kpis: string[]): MetricDefinition => ({
	key: `los_over_${n}`,
	name: `Length of stay over ${n} days`,
	short: `LOS > ${n}`,
	unit: 'patients',
	kind: 'census',
	direction: 'down',
	definition: `Open spells with length of stay strictly greater than ${n} × 24 hours`,
	kpis,
	targets: [],
	limits: noLimits
});

export const METRICS: MetricDefinition[] = [
	{
		key: 'inpatients',
		name: 'Inpatients',
		short: 'Inpatients',
		unit: 'patients',
		kind: 'census',
		direction: 'monitor',
		definition: 'Open spells (admitted, not yet discharged)',
		kpis: ['ADM-28'],
		targets: [],
		limits: noLimits
	},
	{
		key: 'msl',
		name: 'Medically stable list',
		short: 'MSL',
		unit: 'patients',
		kind: 'census',
		direction: 'down',
		definition: 'Open spells that no longer meet the criteria to reside',
		kpis: ['DIS-05'],
		targets: [],
		limits: noLimits
	},
	{
		key: 'msl_with_plan_pct',
		name: 'Medically stable with a discharge plan',
		short: 'MSL with plan',
		unit: '%',
		kind: 'census',
		direction: 'up',
		definition: '% of the medically stable list with a discharge plan',
		kpis: ['DIS-06'],
		targets: [],
		limits: noLimits
	},
	{
		key: 'msl_dementia_pct',
		name: 'Medically stable with dementia or MCI',
		short: 'MSL dementia',
		unit: '%',
		kind: 'census',
		direction: 'monitor',
		definition: '% of the medically stable list flagged with dementia or mild cognitive impairment',
		kpis: ['DIS-07'],
		targets: [],
		limits: noLimits
	},
	{
		key: 'msl_los_over_15_pct',
		name: 'Medically stable with LOS over 15 days',
		short: 'MSL LOS > 15',
		unit: '%',
		kind: 'census',
		direction: 'down',
		definition: '% of the medically stable list whose length of stay exceeds 15 days',
		kpis: ['DIS-08'],
		targets: [],
		limits: noLimits
	},
	losBand(7, []),
	losBand(14, []),
	losBand(15, ['LOS-01']),
	losBand(21, []),
	losBand(30, ['LOS-02']),
	{
		key: 'dtoc',
		name: 'Delayed transfers of care',
		short: 'DTOC',
		unit: 'patients',
		kind: 'census',
		direction: 'down',
		definition: 'Open spells with an active delay; also by attribution and by reason',
		kpis: ['DTOC-01', 'DTOC-02', 'DTOC-03', 'DTOC-04', 'DTOC-05'],
		targets: [],
		limits: noLimits
	},
	{
		key: 'admissions_today',
		name: 'Admissions today',
		short: 'Admissions',
		unit: 'admissions',
		kind: 'flow',
		direction: 'monitor',
		definition: 'Admissions since midnight (Europe/London)',
		kpis: ['ADM-02', 'ADM-27'],
		targets: [],
		limits: noLimits
	},
	{
		key: 'discharges_today',
		name: 'Discharges today',
		short: 'Discharges',
		unit: 'discharges',
		kind: 'flow',
		direction: 'up',
		definition: 'Discharges since midnight (Europe/London)',
		kpis: ['DIS-01'],
		targets: [
			{ org: 'medway-maritime', value: 15, kpi: 'DIS-01', text: '15 discharges a day (Medway & Swale IDT)' }
		],
		limits: noLimits
	},
	{
		key: 'discharges_before_10_today',
		name: 'Discharges before 10:00 today',
		short: 'Before 10:00',
		unit: 'discharges',
		kind: 'flow',
		direction: 'up',
		definition: 'Discharges today before 10:00 local time',
		kpis: ['DIS-10'],
		targets: [
			{ org: 'william-harvey', value: 10, kpi: 'DIS-10', text: '10 by 10:00 (Ashford & Canterbury IUCC)' },
			{ org: 'kent-canterbury', value: 10, kpi: 'DIS-10', text: '10 by 10:00 (Ashford & Canterbury IUCC)' }
		],
		limits: noLimits
	},
	{
		key: 'admissions_avoided_today',
		name: 'Admissions avoided in A&E today',
		short: 'Avoided',
		unit: 'assessments',
		kind: 'flow',
		direction: 'up',
		definition: 'A&E assessments today with outcome avoided',
		kpis: ['ADM-03', 'ADM-10'],
		targets: [
			{ org: 'william-harvey', value: 3, kpi: 'ADM-03', text: '3 patients a day per site (IUCC)' },
			{ org: 'kent-canterbury', value: 3, kpi: 'ADM-03', text: '3 patients a day per site (IUCC)' }
		],
		limits: noLimits
	},
	{
		key: 'readmissions_30d_today',
		name: 'Readmissions within 30 days, today',
		short: 'Readmissions',
		unit: 'admissions',
		kind: 'flow',
		direction: 'down',
		definition: 'Admissions today of a patient discharged in the 30 days before',
		kpis: ['READ-02', 'READ-03'],
		targets: [],
		limits: noLimits
	}
];

METRICS.push(...METRICS_V2, ...METRICS_V3);

/** Percentages of the period's events: numerator and denominator flow points. */
export const RATIO_POINTS: Record<string, [string, string]> = {
	edd_within_24h_pct: ['admissions_edd_24h', 'admissions'],
	discharged_on_edd_pct: ['discharges_on_edd', 'discharges'],
	weekend_discharges_pct: ['discharges_weekend', 'discharges'],
	discharges_home_pct: ['discharges_to_usual_residence', 'discharges'],
	idt_reviewed_pct: ['idt_reviews', 'ae_attendances'],
	idt_home_pct: ['idt_reviews_home', 'idt_reviews'],
	avoided_of_attendances_pct: ['admissions_avoided', 'ae_attendances'],
	reattendance_7d_pct: ['ae_reattendances_7d', 'ae_attendances'],
	ic_step_down_pct: ['ic_step_down', 'ic_admissions'],
	ic_discharged_home_pct: ['ic_outcome_home', 'ic_discharges']
};

/** Percentages of one census of another at the same instant: numerator and denominator interval metrics. */
export const PERCENT_OF_CENSUS: Record<string, [string, string]> = {
	msl_with_plan_pct: ['msl_with_plan', 'msl'],
	msl_dementia_pct: ['msl_dementia', 'msl'],
	msl_los_over_15_pct: ['msl_los_over_15', 'msl'],
	registered_with_plan_pct: ['registered_with_plan', 'registered'],
	ic_occupancy_pct: ['ic_occupied', 'ic_beds']
};

/** The flow points behind each flow metric key. */
export const FLOW_POINTS: Record<string, string> = {
	admissions_today: 'admissions',
	discharges_today: 'discharges',
	discharges_before_10_today: 'discharges_before_10',
	admissions_avoided_today: 'admissions_avoided',
	readmissions_30d_today: 'readmissions_30d',
	emergency_admissions_today: 'admissions_emergency',
	elective_admissions_today: 'admissions_elective',
	emergency_admissions_65_today: 'admissions_emergency_65plus',
	emergency_admissions_75_today: 'admissions_emergency_75plus',
	care_home_discharges_today: 'discharges_to_care_home',
	intermediate_care_discharges_today: 'discharges_to_intermediate_care',
	ae_attendances_today: 'ae_attendances',
	care_home_attendances_today: 'ae_attendances_care_home',
	care_home_admissions_today: 'admissions_emergency_care_home',
	idt_gp_reviews_today: 'idt_gp_reviews',
	registered_joined_today: 'registered_joined',
	mdt_reviews_today: 'mdt_reviews',
	ic_admissions_today: 'ic_admissions'
};

/** Means over the period's flow points: the mean length of stay, in days, of the spells behind them. */
export const MEAN_LOS_POINTS: Record<string, string> = {
	mean_los_under_28: 'discharges_los_under_28',
	mean_los_emergency_65: 'discharges_emergency_65plus'
};

/** Bed-days: a census integrated over the period. */
export const BED_DAYS: Record<string, string> = {
	bed_days: 'inpatients',
	bed_days_los_over_15: 'los_over_15'
};

/** Bed-days of one census as a percentage of another's. */
export const BED_DAY_SHARES: Record<string, [string, string]> = {
	bed_days_los_over_15_pct: ['los_over_15', 'inpatients']
};

/** Weekend discharges a weekend day as a percentage of weekday discharges a weekday (DIS-11). */
export const WEEKEND_RATE = 'weekend_discharge_rate_pct';

/** The flow points behind the weekend rate: weekend discharges, and all discharges. */
export const WEEKEND_RATE_POINTS = ['discharges_weekend', 'discharges'] as const;

/** Points of a period per hour of a census over it: patients seen by the GP in A&E per GP hour on duty (ADM-15). */
export const PER_HOUR: Record<string, [string, string]> = {
	gp_patients_per_hour: ['idt_gp_reviews', 'gp_on_duty']
};

/** The key holding the lengths of stay behind a count of points, in ms. */
export const msKey = (key: string) => `${key}#ms`;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** A percentage to one decimal, null where there is nothing to take it of. */
export const percentOf = (part: number, whole: number) =>
	whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

/** A quotient to one decimal (a mean, a rate), null where there is nothing to divide by. */
export const meanOf = (sum: number, count: number) =>
	count === 0 ? null : Math.round((10 * sum) / count) / 10;

/** Days to one decimal, from milliseconds. */
export const daysOf = (ms: number) => Math.round((10 * ms) / DAY_MS) / 10;

/**
 * The weekend rate over a period with `weekendDays` Saturdays and Sundays and `weekdays` other days in it: null
 * where either is none (a single day is one or the other) or no weekday discharge happened.
 */
export function weekendRate(weekend: number, all: number, weekendDays: number, weekdays: number) {
	if (weekendDays === 0 || weekdays === 0) return null;
	return percentOf(weekend / weekendDays, (all - weekend) / weekdays);
}

/** The figures every overview shows, in order. */
/** The metrics of a wallboard's tiles: each has a fortnight's sparkline, a status and an alarm of its own. */
export const WALLBOARD_METRICS = [
	'msl',
	'los_over_15',
	'dtoc',
	'discharges_today',
	'admissions_avoided_today'
] as const;

export const HEADLINE_METRICS = [
	'inpatients',
	'msl',
	'msl_with_plan_pct',
	'los_over_15',
	'los_over_30',
	'dtoc',
	'discharges_today',
	'admissions_avoided_today'
];

/** A figure as people read it: a dash where there is none, a percentage sign where it is one. */
export function formatMetric(key: string, value: number | null | undefined): string {
	if (value === null || value === undefined) return '—';
	return metricByKey.get(key)?.unit.startsWith('%') ? `${value}%` : String(value);
}
export const metricByKey = new Map(METRICS.map((m) => [m.key, m]));

export const ATTRIBUTIONS = ['nhs', 'social_care', 'both'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

/**
 * Delay reasons, after the acute discharge situation report's categories (notes/nhs-metrics-and-anchors.md §3.1).
 * Unknown codes are refused at ingest so the Pareto charts stay clean.
 */
export const DELAY_REASONS: Record<string, string> = {
	awaiting_assessment: 'Awaiting assessment (health or social care)',
	awaiting_public_funding: 'Awaiting public funding',
	awaiting_further_nhs_care: 'Awaiting further NHS non-acute care',
	awaiting_residential_home: 'Awaiting residential home placement',
	awaiting_nursing_home: 'Awaiting nursing home placement',
	awaiting_care_package: 'Awaiting care package in own home',
	awaiting_equipment: 'Awaiting community equipment and adaptations',
	patient_family_choice: 'Patient or family choice',
	disputes: 'Disputes',
	housing: 'Housing',
	awaiting_transport: 'Awaiting transport',
	awaiting_medication: 'Awaiting medication to take home',
	other: 'Other'
};

/** Delayed transfers broken down by attribution (NHS, social care, both) and by reason, largest reason first. */
export function delayBreakdown(m: Record<string, number | null | undefined>) {
	return {
		attribution: [
			{ label: 'NHS', value: m['dtoc.attribution.nhs'] ?? 0 },
			{ label: 'Social care', value: m['dtoc.attribution.social_care'] ?? 0 },
			{ label: 'Both', value: m['dtoc.attribution.both'] ?? 0 }
		],
		reasons: Object.entries(DELAY_REASONS)
			.map(([key, label]) => ({ label, value: m[`dtoc.reason.${key}`] ?? 0 }))
			.filter((r) => r.value > 0)
			.sort((a, b) => b.value - a.value)
	};
}

/** Metric keys broken down from `dtoc`, e.g. `dtoc.attribution.nhs`, `dtoc.reason.housing`. */
export const dtocAttributionKey = (a: string) => `dtoc.attribution.${a}`;
export const dtocReasonKey = (r: string) => `dtoc.reason.${r}`;

/** The values a metric can take, for clipping control limits: percentages 0–100, counts from 0 up. */
export const boundsOf = (definition: { unit: string }) =>
	definition.unit === '%' ? { min: 0, max: 100 } : { min: 0 };
