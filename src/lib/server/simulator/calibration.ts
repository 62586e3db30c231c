// The model's calibration: when emergencies arrive, how long recovery takes by age band, which pathway and delays
// follow, when discharges happen and where people go. The mechanics that use them are in model.ts.
// emergency admissions by hour of day (decisions to admit peak from late morning to evening)
export const ARRIVAL_BY_HOUR = [
	0.5, 0.45, 0.4, 0.35, 0.35, 0.4, 0.5, 0.7, 0.9, 1.1, 1.3, 1.45, 1.5, 1.55, 1.6, 1.6, 1.55, 1.5, 1.4, 1.3,
	1.1, 0.9, 0.75, 0.6
];
// Monday to Sunday
export const ARRIVAL_BY_WEEKDAY = [1.12, 1.05, 1.0, 1.0, 1.0, 0.9, 0.88];
export const MAX_ARRIVAL_FACTOR = 1.6 * 1.12;
// discharges by hour inside the discharge team's day; before 10:00 is the small early share the plans want raised
export const DISCHARGE_BY_HOUR: Record<number, number> = {
	8: 0.35,
	9: 0.75,
	10: 1,
	11: 1.3,
	12: 1.5,
	13: 1.6,
	14: 1.7,
	15: 1.6,
	16: 1.4,
	17: 1.1,
	18: 0.7,
	19: 0.4
};

// an EDD was recorded for 13% of records in the 2013 audit (DIS-02); the model assumes the IDT has raised it
export const EDD_SET_SHARE = 0.45;

export type AgeBand = '18-64' | '65-74' | '75-84' | '85+';
export const CLINICAL_MEDIAN_DAYS: Record<AgeBand, number> = {
	'18-64': 2.5,
	'65-74': 3.5,
	'75-84': 5,
	'85+': 6.5
};
export const PATHWAYS: Record<AgeBand, [number, number][]> = {
	'18-64': [
		[0, 0.8],
		[1, 0.15],
		[2, 0.04],
		[3, 0.01]
	],
	'65-74': [
		[0, 0.65],
		[1, 0.25],
		[2, 0.07],
		[3, 0.03]
	],
	'75-84': [
		[0, 0.5],
		[1, 0.3],
		[2, 0.12],
		[3, 0.08]
	],
	'85+': [
		[0, 0.35],
		[1, 0.35],
		[2, 0.17],
		[3, 0.13]
	]
};
export type Delay = { chance: number; medianDays: number; reasons: [[string, string], number][] };
export const DELAYS: Record<number, Delay> = {
	0: {
		chance: 0.1,
		medianDays: 0.6,
		reasons: [
			[['awaiting_medication', 'nhs'], 0.6],
			[['awaiting_transport', 'nhs'], 0.4]
		]
	},
	1: {
		chance: 0.65,
		medianDays: 2.5,
		reasons: [
			[['awaiting_care_package', 'social_care'], 0.5],
			[['awaiting_assessment', 'both'], 0.25],
			[['awaiting_equipment', 'social_care'], 0.15],
			[['patient_family_choice', 'both'], 0.1]
		]
	},
	2: {
		chance: 0.75,
		medianDays: 4,
		reasons: [
			[['awaiting_further_nhs_care', 'nhs'], 0.45],
			[['awaiting_public_funding', 'social_care'], 0.25],
			[['awaiting_assessment', 'nhs'], 0.2],
			[['housing', 'social_care'], 0.1]
		]
	},
	3: {
		chance: 0.85,
		medianDays: 7,
		reasons: [
			[['awaiting_nursing_home', 'social_care'], 0.35],
			[['awaiting_residential_home', 'social_care'], 0.3],
			[['patient_family_choice', 'both'], 0.2],
			[['disputes', 'both'], 0.1],
			[['awaiting_public_funding', 'social_care'], 0.05]
		]
	}
};
/** emergency admissions from a care home, by age band */
export const CARE_HOME_SHARE: Record<string, number> = {
	'18-64': 0.005,
	'65-74': 0.02,
	'75-84': 0.06,
	'85+': 0.12
};

export const DESTINATION: Record<number, string> = {
	0: 'usual_residence',
	1: 'usual_residence',
	2: 'intermediate_care',
	3: 'care_home'
};
