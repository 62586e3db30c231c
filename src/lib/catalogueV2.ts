// Metric catalogue v2 (src/lib/catalogue.ts holds v1 and the rules they share): figures from the events of ingest
// contract v1 (EDDs, weekends, admission method and age, discharge destinations) and of v2 (A&E attendances, where an
// admission came from). The keys are a public contract: add, never rename.
import type { MetricDefinition, MetricTarget } from './catalogue.ts';

const noLimits = { low: null, high: null };

const v2 = (
	m: Omit<MetricDefinition, 'limits' | 'since' | 'targets'> & { targets?: MetricTarget[] }
): MetricDefinition => ({
	targets: [],
	...m,
	limits: noLimits,
	since: 2
});

export const METRICS_V2: MetricDefinition[] = [
	v2({
		key: 'emergency_admissions_today',
		name: 'Emergency admissions today',
		short: 'Emergency adm.',
		unit: 'admissions',
		kind: 'flow',
		direction: 'down',
		definition: 'Admissions since midnight with method emergency (non-elective)',
		kpis: ['ADM-01', 'ADM-04', 'ADM-08']
	}),
	v2({
		key: 'elective_admissions_today',
		name: 'Elective admissions today',
		short: 'Elective adm.',
		unit: 'admissions',
		kind: 'flow',
		direction: 'monitor',
		definition: 'Admissions since midnight with method elective',
		kpis: []
	}),
	v2({
		key: 'emergency_admissions_65_today',
		name: 'Emergency admissions aged 65 and over, today',
		short: 'Emergency 65+',
		unit: 'admissions',
		kind: 'flow',
		direction: 'down',
		definition: 'Emergency admissions since midnight of people in the age bands 65–74, 75–84 and 85+',
		kpis: []
	}),
	v2({
		key: 'emergency_admissions_75_today',
		name: 'Emergency admissions aged 75 and over, today',
		short: 'Emergency 75+',
		unit: 'admissions',
		kind: 'flow',
		direction: 'down',
		definition: 'Emergency admissions since midnight of people in the age bands 75–84 and 85+',
		kpis: ['ADM-07']
	}),
	v2({
		key: 'edd_within_24h_pct',
		name: 'Expected discharge date set within 24 hours',
		short: 'EDD in 24 h',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition:
			'% of the period’s admissions whose first expected discharge date was set within 24 hours of admission',
		kpis: ['DIS-02']
	}),
	v2({
		key: 'discharged_on_edd_pct',
		name: 'Discharged within a day of the expected date',
		short: 'On EDD',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition:
			'% of the period’s discharges on a London date within one day of the expected discharge date in force (a discharge without one is not on it)',
		kpis: ['DIS-03']
	}),
	v2({
		key: 'past_edd',
		name: 'Patients past their expected discharge date',
		short: 'Past EDD',
		unit: 'patients',
		kind: 'census',
		direction: 'down',
		definition: 'Open spells whose expected discharge date in force is before today (London)',
		kpis: []
	}),
	v2({
		key: 'weekend_discharges_pct',
		name: 'Discharges at weekends',
		short: 'Weekend disch.',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition: '% of the period’s discharges on a Saturday or Sunday (London); 2 of 7 days is 28.6%',
		kpis: ['DIS-11'],
		shortest: {
			bucket: 'week',
			why: 'a day is all weekend or none of it, so its share is 0% or 100%: shown by week or month'
		}
	}),
	v2({
		key: 'weekend_discharge_rate_pct',
		name: 'Weekend discharge rate against weekdays',
		short: 'Weekend rate',
		unit: '% of the weekday rate',
		kind: 'ratio',
		direction: 'up',
		definition:
			'Discharges a Saturday or Sunday as a % of discharges a weekday (London days of the period that have begun); 100% is a weekend day discharging as many as a weekday',
		kpis: ['DIS-11'],
		shortest: {
			bucket: 'week',
			why: 'a day is a weekend day or a weekday, so it has no rate of one against the other: shown by week or month'
		}
	}),
	v2({
		key: 'mean_los_under_28',
		name: 'Mean length of stay, stays under 28 days',
		short: 'Mean LOS < 28d',
		unit: 'days',
		kind: 'ratio',
		direction: 'down',
		definition:
			'Mean length of stay, in days, of the period’s discharges whose stay was under 28 × 24 hours (admission to discharge)',
		kpis: ['LOS-03']
	}),
	v2({
		key: 'mean_los_emergency_65',
		name: 'Mean length of stay, emergency admissions aged 65 and over',
		short: 'Mean LOS 65+',
		unit: 'days',
		kind: 'ratio',
		direction: 'down',
		definition:
			'Mean length of stay, in days, of the period’s discharges of people admitted as an emergency in the age bands 65–74, 75–84 and 85+',
		kpis: ['LOS-05']
	}),
	v2({
		key: 'bed_days',
		name: 'Bed-days',
		short: 'Bed-days',
		unit: 'bed-days',
		kind: 'flow',
		direction: 'down',
		definition: 'Bed-days in the period: the inpatients census integrated over the period',
		kpis: ['LOS-07']
	}),
	v2({
		key: 'bed_days_los_over_15',
		name: 'Bed-days beyond 15 days’ stay',
		short: 'Bed-days > 15d',
		unit: 'bed-days',
		kind: 'flow',
		direction: 'down',
		definition:
			'Bed-days in the period of patients whose stay had passed 15 × 24 hours: the length of stay over 15 census integrated over the period',
		kpis: ['LOS-06']
	}),
	v2({
		key: 'bed_days_los_over_15_pct',
		name: 'Share of bed-days beyond 15 days’ stay',
		short: 'Bed-days > 15d %',
		unit: '%',
		kind: 'ratio',
		direction: 'down',
		definition:
			'Bed-days beyond 15 days’ stay as a % of all the period’s bed-days (inpatients integrated over it)',
		kpis: ['LOS-06']
	}),
	v2({
		key: 'discharges_home_pct',
		name: 'Discharged to their usual residence',
		short: 'Home',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition: '% of the period’s discharges with destination usual residence',
		kpis: ['DIS-17']
	}),
	v2({
		key: 'care_home_discharges_today',
		name: 'Discharges to a care home, today',
		short: 'To care home',
		unit: 'discharges',
		kind: 'flow',
		direction: 'down',
		definition: 'Discharges since midnight with destination care home (placements from hospital)',
		kpis: ['CH-08', 'CH-09', 'CH-14']
	}),
	v2({
		key: 'ae_attendances_today',
		name: 'A&E attendances today',
		short: 'A&E att.',
		unit: 'attendances',
		kind: 'flow',
		direction: 'down',
		definition: 'A&E attendances since midnight (ae_attendance events, ingest contract v2)',
		kpis: ['ADM-17', 'ADM-19']
	}),
	v2({
		key: 'care_home_attendances_today',
		name: 'A&E attendances from care homes today',
		short: 'A&E from CH',
		unit: 'attendances',
		kind: 'flow',
		direction: 'down',
		definition: 'A&E attendances since midnight of people who came from a care home',
		kpis: ['CH-03', 'CH-05']
	}),
	v2({
		key: 'care_home_admissions_today',
		name: 'Emergency admissions from care homes today',
		short: 'Adm. from CH',
		unit: 'admissions',
		kind: 'flow',
		direction: 'down',
		definition:
			'Emergency admissions since midnight of people who came from a care home (admission from, contract v2)',
		kpis: ['CH-01', 'CH-02']
	}),
	v2({
		key: 'idt_reviewed_pct',
		name: 'A&E attendances reviewed by the IDT',
		short: 'IDT reviewed',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition:
			'IDT assessments in A&E (not by the IDT’s GP) as a % of the period’s A&E attendances; no attendances sent, no figure',
		kpis: ['ADM-11']
	}),
	v2({
		key: 'idt_home_pct',
		name: 'IDT reviews in A&E sent home',
		short: 'IDT home',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition: '% of the period’s IDT assessments in A&E (not by the IDT’s GP) that avoided an admission',
		kpis: ['ADM-12']
	}),
	v2({
		key: 'avoided_of_attendances_pct',
		name: 'Admissions avoided, of A&E attendances',
		short: 'Avoided %',
		unit: '%',
		kind: 'ratio',
		direction: 'up',
		definition: 'Admissions avoided in A&E as a % of the period’s A&E attendances',
		kpis: ['ADM-10']
	}),
	v2({
		key: 'reattendance_7d_pct',
		name: 'A&E re-attendances within 7 days',
		short: 'Re-att. 7d',
		unit: '%',
		kind: 'ratio',
		direction: 'down',
		definition:
			'% of the period’s A&E attendances by a patient who attended A&E (any site) in the 7 × 24 hours before; attendances sent without a patient pseudonym are never re-attendances',
		kpis: ['READ-01']
	}),
	v2({
		key: 'idt_gp_reviews_today',
		name: 'Patients seen by the IDT’s GP in A&E today',
		short: 'IDT GP',
		unit: 'assessments',
		kind: 'flow',
		direction: 'up',
		definition: 'A&E assessments since midnight by the IDT’s GP',
		kpis: ['ADM-13']
	}),
	v2({
		key: 'gp_on_duty',
		name: 'GPs on duty in A&E',
		short: 'GPs in A&E',
		unit: 'GPs',
		kind: 'census',
		direction: 'monitor',
		definition: 'GP in A&E sessions on duty now (gp_on_duty without its gp_off_duty yet, ingest contract v2)',
		kpis: []
	}),
	v2({
		key: 'gp_patients_per_hour',
		name: 'Patients seen by the GP in A&E per GP hour',
		short: 'GP pts/hour',
		unit: 'patients a GP hour',
		kind: 'ratio',
		direction: 'up',
		definition:
			'A&E assessments by the IDT’s GP in the period over the hours GPs were on duty in it (their sessions, contract v2); no hours sent, no figure',
		kpis: ['ADM-15'],
		targets: [
			{
				org: 'william-harvey',
				value: 4,
				kpi: 'ADM-15',
				text: '4 patients a GP hour, from 1.2 (Ashford & Canterbury IUCC)'
			},
			{
				org: 'kent-canterbury',
				value: 4,
				kpi: 'ADM-15',
				text: '4 patients a GP hour, from 1.2 (Ashford & Canterbury IUCC)'
			}
		]
	}),
	v2({
		key: 'intermediate_care_discharges_today',
		name: 'Discharges to intermediate care, today',
		short: 'To int. care',
		unit: 'discharges',
		kind: 'flow',
		direction: 'monitor',
		definition: 'Discharges since midnight with destination intermediate care',
		kpis: []
	})
];
