// Ingest contract v3's community vocabulary, shared by the ingest checks, the derivation of figures and the pages:
// risk tiers (the ICS paper's pyramid), the events about a person on a practice's register, and those about a stay in
// an intermediate care unit or virtual ward.

export const RISK_TIERS = ['very_high', 'high', 'moderate', 'low'] as const;
export type RiskTierCode = (typeof RISK_TIERS)[number];

export const TIER_LABEL: Record<RiskTierCode, string> = {
	very_high: 'Very high',
	high: 'High',
	moderate: 'Moderate',
	low: 'Low'
};

/** a person on a practice's case-management register and what happens to them there; `site` is the practice */
export const PERSON_EVENTS = [
	'register_added',
	'register_removed',
	'care_plan_agreed',
	'care_plan_reviewed',
	'mdt_review',
	'outcome_score',
	'coordinator_contact',
	'care_home_entered',
	'care_home_left'
] as const;

/** the practice itself: its list size, which the register's share of the list is taken of; `site` is the practice */
export const PRACTICE_EVENTS = ['practice_list'] as const;

/** a stay in an intermediate care unit or virtual ward, and the unit's beds; `site` is the unit */
export const UNIT_EVENTS = ['ic_admission', 'ic_discharge', 'ic_beds'] as const;

// the same lists, for asking whether any event type is one of them
export const PERSON_TYPES: readonly string[] = PERSON_EVENTS;
export const PRACTICE_TYPES: readonly string[] = PRACTICE_EVENTS;
export const UNIT_TYPES: readonly string[] = UNIT_EVENTS;
/** every event a practice sends */
export const AT_PRACTICE: readonly string[] = [...PERSON_EVENTS, ...PRACTICE_EVENTS];
/** every event of contract v3 */
export const COMMUNITY_TYPES: readonly string[] = [...PERSON_EVENTS, ...PRACTICE_EVENTS, ...UNIT_EVENTS];

export const REMOVAL_REASONS = ['completed', 'died', 'moved', 'declined', 'other'];
export const IC_OUTCOMES = ['home', 'readmitted', 'long_term_care', 'died', 'other'];
