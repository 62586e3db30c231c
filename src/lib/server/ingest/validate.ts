// Ingest contract v1, with v2's additions (an A&E attendance; where an admission came from; the GP in A&E going on
// and off duty) and v3's community events (the case-management register, care plans, MDT reviews, outcome scores,
// care co-ordinator contacts, intermediate care and virtual ward stays and beds, care-home residency): one event
// checked against the contract, every problem named with its field. A v1 or v2 event is valid as it always was.
import { ATTRIBUTIONS, DELAY_REASONS } from '../../catalogue.ts';
import {
	AT_PRACTICE,
	IC_OUTCOMES,
	PERSON_EVENTS,
	PERSON_TYPES,
	PRACTICE_EVENTS,
	PRACTICE_TYPES,
	REMOVAL_REASONS,
	RISK_TIERS,
	UNIT_EVENTS,
	UNIT_TYPES
} from '../../community.ts';
import { identifiableReason, isIdentifiableFieldName } from './identifiable.ts';

export const EVENT_TYPES = [
	'admission',
	'ward_transfer',
	'medically_stable',
	'medically_stable_revoked',
	'expected_discharge_date',
	'discharge_plan',
	'delay_started',
	'delay_ended',
	'discharge',
	'ae_assessment',
	'ae_attendance',
	'gp_on_duty',
	'gp_off_duty',
	...PERSON_EVENTS,
	...PRACTICE_EVENTS,
	...UNIT_EVENTS
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DESTINATIONS = ['usual_residence', 'care_home', 'intermediate_care', 'hospice', 'died', 'other'];
export const AGE_BANDS = ['0-17', '18-64', '65-74', '75-84', '85+'];
/** where a person came from to an admission or an A&E attendance (contract v2) */
export const ORIGINS = ['usual_residence', 'care_home', 'other'];
/** events about an A&E attendance rather than an inpatient spell */
export const ATTENDANCE_TYPES: readonly string[] = ['ae_assessment', 'ae_attendance'];
/** a GP in A&E's session on duty, its start and its end (contract v2; ADM-15's hours) */
export const GP_TYPES: readonly string[] = ['gp_on_duty', 'gp_off_duty'];
/** events that belong to no inpatient spell */
const STANDALONE_TYPES = [
	...ATTENDANCE_TYPES,
	...GP_TYPES,
	...PERSON_TYPES,
	...PRACTICE_TYPES,
	...UNIT_TYPES
];

export interface FieldError {
	field: string;
	reason: string;
}

/** An event that passed validation; `body` is the canonical JSON the idempotency hash is taken of. */
export interface IngestEvent {
	id: string;
	type: EventType;
	occurredAt: Date;
	site: string;
	spell: string | null;
	body: Record<string, unknown>;
}

export interface Register {
	/** site code → its ward codes; GP practices (contract v3) are here too, with none */
	wardsBySite: Map<string, Set<string>>;
	/** the codes of GP practices, the only places a register event may name */
	practices: Set<string>;
}

export type Validation =
	| { ok: true; event: IngestEvent }
	/** `event` is what was sent, for ingest/rejected.ts to keep what is safe of it; it is never stored as it is */
	| { ok: false; id: string | null; errors: FieldError[]; event: Record<string, unknown> | null };

type Check = (value: unknown, event: Record<string, unknown>, register: Register) => string | null;

const MAX_FUTURE_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);
const ISO_WITH_OFFSET =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const validDay = (y: number, m: number, d: number) => {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

// control characters would let a value forge log lines or break CSV exports
const hasControlCharacter = (v: string) =>
	[...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const string =
	(max: number): Check =>
	(v) =>
		typeof v !== 'string'
			? 'must be a string'
			: v.length === 0
				? 'must not be empty'
				: v.length > max
					? `must be at most ${max} characters`
					: hasControlCharacter(v)
						? 'must not contain control characters'
						: null;

const pseudonym =
	(max: number): Check =>
	(v, e, r) =>
		string(max)(v, e, r) ?? identifiableReason(v as string);

const oneOf =
	(values: readonly string[]): Check =>
	(v) =>
		typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`;

const occurredAt: Check = (v) => {
	if (typeof v !== 'string') return 'must be an ISO-8601 date-time string with an offset';
	const m = ISO_WITH_OFFSET.exec(v);
	if (!m) return 'must be ISO-8601 with a UTC offset, e.g. 2026-11-23T09:30:00Z or 2026-11-23T09:30:00+00:00';
	const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
	if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return 'is not a real date and time';
	const t = Date.parse(v);
	if (Number.isNaN(t)) return 'is not a real date and time';
	if (t < EARLIEST) return 'must not be before 2000-01-01';
	if (t > Date.now() + MAX_FUTURE_MS) return 'must not be more than 5 minutes in the future';
	return null;
};

/** a hospital or unit for the events of a spell, a stay or an attendance; a GP practice for the register's */
const site: Check = (v, e, r) => {
	const problem = string(64)(v, e, r);
	if (problem) return problem;
	if (!r.wardsBySite.has(v as string)) return 'is not a known site code';
	const practice = r.practices.has(v as string);
	if (AT_PRACTICE.includes(e.type as string))
		return practice ? null : `is not a GP practice (a ${String(e.type)} is sent by the practice)`;
	return practice ? `is a GP practice, not a site (a practice sends only register events)` : null;
};

const ward: Check = (v, e, r) => {
	const problem = string(64)(v, e, r);
	if (problem) return problem;
	const wards = r.wardsBySite.get(e.site as string);
	if (!wards) return null; // the site itself is reported
	return wards.has(v as string) ? null : `is not a ward of site ${String(e.site)}`;
};

const edd: Check = (v) => {
	const m = typeof v === 'string' ? ISO_DATE.exec(v) : null;
	return m && validDay(Number(m[1]), Number(m[2]), Number(m[3])) ? null : 'must be a date as YYYY-MM-DD';
};

/** a care home's pseudonymous code, given only for someone who came from a care home */
const careHome =
	(origin: string): Check =>
	(v, e, r) =>
		e[origin] !== 'care_home' ? `is given only with ${origin} care_home` : pseudonym(64)(v, e, r);

const whole =
	(min: number, max: number): Check =>
	(v) =>
		Number.isInteger(v) && (v as number) >= min && (v as number) <= max
			? null
			: `must be a whole number ${min}–${max}`;
const pathway = whole(0, 3);
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');

interface FieldSpec {
	check: Check;
	required: boolean;
}
const req = (check: Check): FieldSpec => ({ check, required: true });
const opt = (check: Check): FieldSpec => ({ check, required: false });

const COMMON: Record<string, FieldSpec> = {
	id: req(pseudonym(100)),
	type: req(oneOf(EVENT_TYPES)),
	occurredAt: req(occurredAt),
	site: req(site)
};
/** A&E events, GP sessions and community events are stored beside spells under these prefixes (metrics/) */
const RESERVED = /^(ae|gp|reg|ic|ch|beds):/;
const spellId: Check = (v, e, r) =>
	pseudonym(64)(v, e, r) ??
	(RESERVED.test(v as string)
		? 'must not begin with ae:, gp:, reg:, ic:, ch: or beds: (kept for events that are not spells)'
		: null);
const SPELL = { spell: req(spellId) };

const FIELDS: Record<EventType, Record<string, FieldSpec>> = {
	admission: {
		...SPELL,
		patient: req(pseudonym(64)),
		ward: opt(ward),
		method: req(oneOf(['emergency', 'elective'])),
		ageBand: opt(oneOf(AGE_BANDS)),
		dementia: opt(bool),
		from: opt(oneOf(ORIGINS)),
		careHome: opt(careHome('from'))
	},
	ward_transfer: { ...SPELL, ward: req(ward) },
	medically_stable: SPELL,
	medically_stable_revoked: SPELL,
	expected_discharge_date: { ...SPELL, edd: req(edd) },
	discharge_plan: { ...SPELL, pathway: req(pathway) },
	delay_started: {
		...SPELL,
		reason: req(oneOf(Object.keys(DELAY_REASONS))),
		attribution: req(oneOf(ATTRIBUTIONS))
	},
	delay_ended: SPELL,
	discharge: { ...SPELL, destination: req(oneOf(DESTINATIONS)) },
	ae_assessment: {
		attendance: req(pseudonym(64)),
		seenBy: req(oneOf(['idt', 'idt_gp', 'other'])),
		outcome: req(oneOf(['admitted', 'avoided']))
	},
	ae_attendance: {
		attendance: req(pseudonym(64)),
		patient: opt(pseudonym(64)),
		arrivedFrom: opt(oneOf(ORIGINS)),
		careHome: opt(careHome('arrivedFrom')),
		ageBand: opt(oneOf(AGE_BANDS))
	},
	gp_on_duty: { session: req(pseudonym(64)) },
	gp_off_duty: { session: req(pseudonym(64)) },
	register_added: { patient: req(pseudonym(64)), tier: req(oneOf(RISK_TIERS)) },
	register_removed: {
		patient: req(pseudonym(64)),
		reason: req(oneOf(REMOVAL_REASONS))
	},
	care_plan_agreed: { patient: req(pseudonym(64)) },
	care_plan_reviewed: { patient: req(pseudonym(64)) },
	mdt_review: { patient: req(pseudonym(64)) },
	// the Outcomes Star: ten areas each scored 1–10 by the person, summed
	outcome_score: { patient: req(pseudonym(64)), score: req(whole(10, 100)) },
	coordinator_contact: { patient: req(pseudonym(64)) },
	ic_admission: {
		stay: req(pseudonym(64)),
		patient: req(pseudonym(64)),
		step: req(oneOf(['up', 'down']))
	},
	ic_discharge: { stay: req(pseudonym(64)), outcome: req(oneOf(IC_OUTCOMES)) },
	ic_beds: { beds: req(whole(0, 1000)) },
	practice_list: { listSize: req(whole(1, 200_000)) },
	care_home_entered: { patient: req(pseudonym(64)), careHome: req(pseudonym(64)), beds: req(whole(1, 500)) },
	care_home_left: { patient: req(pseudonym(64)), careHome: req(pseudonym(64)) }
};

/** what names the thing a standalone event is about, in place of a spell */
function standaloneKey(type: string): string {
	if (GP_TYPES.includes(type)) return 'session';
	if (ATTENDANCE_TYPES.includes(type)) return 'attendance';
	if (type === 'ic_admission' || type === 'ic_discharge') return 'stay';
	if (type === 'ic_beds') return 'no key: the unit is the site';
	return type === 'practice_list' ? 'no key: the practice is the site' : 'patient';
}

// Pseudonyms are free text a source chose; every other contract field is a code, a date or a number the checks pin down.
const PSEUDONYMS = new Set(['id', 'spell', 'patient', 'attendance', 'careHome', 'session', 'stay']);

/** The contract fields of an event of `type` whose values, once they pass their check, are codes safe to keep. */
export function codedFields(type: unknown): Set<string> {
	const spec = EVENT_TYPES.includes(type as EventType) ? { ...COMMON, ...FIELDS[type as EventType] } : COMMON;
	return new Set(Object.keys(spec).filter((f) => !PSEUDONYMS.has(f)));
}

export function validateEvent(raw: unknown, register: Register): Validation {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return {
			ok: false,
			id: null,
			errors: [{ field: 'event', reason: 'must be a JSON object' }],
			event: null
		};
	}
	const event = raw as Record<string, unknown>;
	const errors: FieldError[] = [];
	const type = event.type as EventType;
	const spec = EVENT_TYPES.includes(type) ? { ...COMMON, ...FIELDS[type] } : COMMON;

	for (const [field, { check, required }] of Object.entries(spec)) {
		if (!Object.hasOwn(event, field) || event[field] === null) {
			if (required) errors.push({ field, reason: 'is required' });
			continue;
		}
		const reason = check(event[field], event, register);
		if (reason) errors.push({ field, reason });
	}
	for (const field of Object.keys(event)) {
		if (Object.hasOwn(spec, field)) continue;
		if (isIdentifiableFieldName(field)) errors.push({ field, reason: 'identifiable data not accepted' });
		else if (field === 'spell' && STANDALONE_TYPES.includes(type))
			errors.push({ field, reason: `is not used by ${type} (use ${standaloneKey(type)})` });
		else if (EVENT_TYPES.includes(type)) errors.push({ field, reason: `is not a field of ${type}` });
	}

	if (errors.length) {
		// the id goes back to the source so it can fix and resend; it is kept only once it passed its own check
		const id = typeof event.id === 'string' && !errors.some((e) => e.field === 'id') ? event.id : null;
		return { ok: false, id, errors, event };
	}

	// Canonical form: contract fields in a fixed order, so the same event always hashes the same.
	const body = Object.fromEntries(
		Object.keys(spec)
			.filter((k) => Object.hasOwn(event, k) && event[k] !== null)
			.map((k) => [k, event[k]])
	);
	return {
		ok: true,
		event: {
			id: event.id as string,
			type,
			occurredAt: new Date(Date.parse(event.occurredAt as string)),
			site: event.site as string,
			spell: STANDALONE_TYPES.includes(type) ? null : (event.spell as string),
			body
		}
	};
}
