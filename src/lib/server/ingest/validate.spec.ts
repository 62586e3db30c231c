import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNhsNumber } from './identifiable.ts';
import { validateEvent, type Register } from './validate.ts';

const register: Register = {
	wardsBySite: new Map([
		['medway-maritime', new Set(['medway-maritime.amu'])],
		['rutland-omp', new Set()]
	]),
	practices: new Set(['rutland-omp'])
};
const admission = {
	id: 'e1',
	type: 'admission',
	occurredAt: '2026-11-20T10:00:00Z',
	site: 'medway-maritime',
	spell: 'sp-abc',
	patient: 'pt-abc',
	method: 'emergency'
};
const errorsOf = (event: unknown) => {
	const v = validateEvent(event, register);
	return v.ok ? [] : v.errors;
};

describe('validateEvent', () => {
	it('accepts a contract event and canonicalises its body', () => {
		const v = validateEvent({ ...admission, ward: 'medway-maritime.amu', dementia: true }, register);
		expect(v.ok).toBe(true);
		if (v.ok)
			expect(Object.keys(v.event.body)).toEqual([
				'id',
				'type',
				'occurredAt',
				'site',
				'spell',
				'patient',
				'ward',
				'method',
				'dementia'
			]);
	});

	it.each([
		['unknown site (B2)', { site: 'nowhere' }, 'site', 'is not a known site code'],
		['unknown ward', { ward: 'medway-maritime.zzz' }, 'ward', 'is not a ward of site medway-maritime'],
		['unknown type', { type: 'teleport' }, 'type', 'must be one of'],
		['missing id (B8)', { id: null }, 'id', 'is required'],
		['id too long (B8)', { id: 'x'.repeat(101) }, 'id', 'at most 100'],
		['number as string (B5)', { dementia: 'true' }, 'dementia', 'true or false'],
		['array for a scalar (B5)', { spell: ['a'] }, 'spell', 'must be a string'],
		['ambiguous UK date (B6)', { occurredAt: '03/04/2025' }, 'occurredAt', 'ISO-8601'],
		['no offset (B6)', { occurredAt: '2026-11-20T10:00:00' }, 'occurredAt', 'ISO-8601'],
		['year 1900 (B6)', { occurredAt: '1900-01-01T00:00:00Z' }, 'occurredAt', 'before 2000'],
		['year 2100 (B6)', { occurredAt: '2100-01-01T00:00:00Z' }, 'occurredAt', 'future'],
		['Excel serial date (B6)', { occurredAt: '45231.5' }, 'occurredAt', 'ISO-8601'],
		['impossible day (B6)', { occurredAt: '2026-02-30T10:00:00Z' }, 'occurredAt', 'not a real date'],
		['NHS number as patient (B7)', { patient: '943 476 5919' }, 'patient', 'NHS number'],
		['NHS number inside an id (B7)', { spell: 'spell-9434765919' }, 'spell', 'NHS number'],
		['postcode (B7)', { patient: 'ME7 5NY' }, 'patient', 'postcode'],
		['date of birth (B7)', { patient: '1948-03-02' }, 'patient', 'date'],
		['a name (B7)', { patient: 'Jane Smith' }, 'patient', 'name'],
		['a name field (B7)', { surname: 'Smith' }, 'surname', 'identifiable data not accepted'],
		['log injection (B9)', { spell: 'a\r\nFAKE LOG LINE' }, 'spell', 'control characters'],
		[
			'prototype key (B5)',
			JSON.parse('{"__proto__": {"polluted": true}}'),
			'__proto__',
			'is not a field of admission'
		]
	])('refuses %s', (_name, change, field, reason) => {
		const errors = errorsOf({ ...admission, ...change });
		expect(errors.map((e) => e.field)).toContain(field);
		expect(errors.find((e) => e.field === field)?.reason).toContain(reason);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('accepts SQL and formula text as plain text (B9)', () => {
		expect(errorsOf({ ...admission, spell: "x' OR 1=1--" })).toEqual([]);
		expect(errorsOf({ ...admission, spell: '=HYPERLINK("http://evil")' })).toEqual([]);
	});

	it('names every problem of an event at once', () => {
		const fields = errorsOf({ id: '', type: 'discharge', occurredAt: 'soon', site: 'x' }).map((e) => e.field);
		expect(fields).toEqual(['id', 'occurredAt', 'site', 'spell', 'destination']);
	});

	it('never throws, whatever it is given (B5)', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 6 }), fc.object(), (json, obj) => {
				validateEvent(json, register);
				validateEvent(obj, register);
				validateEvent({ ...admission, ...(typeof obj === 'object' ? obj : {}) }, register);
			}),
			{ numRuns: 500 }
		);
		const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000));
		expect(errorsOf({ ...admission, spell: deep })[0].field).toBe('spell');
	});
});

describe('isNhsNumber', () => {
	it('checks the modulus-11 digit', () => {
		expect(isNhsNumber('9434765919')).toBe(true);
		expect(isNhsNumber('9434765918')).toBe(false);
		expect(isNhsNumber('943476591')).toBe(false);
	});
});

describe('ingest contract v2', () => {
	const attendance = {
		id: 'att-1',
		type: 'ae_attendance',
		occurredAt: '2026-11-20T10:00:00Z',
		site: 'medway-maritime',
		attendance: 'ae-7f3a'
	};
	it('takes an A&E attendance with where the person came from, and an admission from a care home', () => {
		expect(errorsOf(attendance)).toEqual([]);
		expect(
			errorsOf({
				...attendance,
				patient: 'pt-1',
				arrivedFrom: 'care_home',
				careHome: 'ch-12',
				ageBand: '85+'
			})
		).toEqual([]);
		expect(errorsOf({ ...admission, from: 'care_home', careHome: 'ch-12' })).toEqual([]);
		expect(errorsOf({ ...admission, from: 'usual_residence' })).toEqual([]);
	});
	it('names each mistake in the new fields', () => {
		expect(errorsOf({ ...attendance, careHome: 'ch-12' })).toEqual([
			{ field: 'careHome', reason: 'is given only with arrivedFrom care_home' }
		]);
		expect(errorsOf({ ...admission, from: 'home' })).toEqual([
			{ field: 'from', reason: 'must be one of usual_residence, care_home, other' }
		]);
		expect(errorsOf({ ...attendance, spell: 'sp-1' })).toEqual([
			{ field: 'spell', reason: 'is not used by ae_attendance (use attendance)' }
		]);
		expect(errorsOf({ ...attendance, attendance: null })).toEqual([
			{ field: 'attendance', reason: 'is required' }
		]);
		// a care home's code is a pseudonym: a name or a postcode is refused like any identifiable value
		expect(errorsOf({ ...admission, from: 'care_home', careHome: 'ME7 5NY' })[0]?.field).toBe('careHome');
	});
	it('takes a GP in A&E going on and off duty, by session, and nothing else of theirs', () => {
		const onDuty = {
			id: 'gp-1',
			type: 'gp_on_duty',
			occurredAt: '2026-11-20T08:00:00Z',
			site: 'medway-maritime'
		};
		expect(errorsOf({ ...onDuty, session: 'gp-wh-0412' })).toEqual([]);
		expect(errorsOf({ ...onDuty, type: 'gp_off_duty', session: 'gp-wh-0412' })).toEqual([]);
		expect(errorsOf(onDuty)).toEqual([{ field: 'session', reason: 'is required' }]);
		expect(errorsOf({ ...onDuty, session: 's', spell: 'sp-1' })).toEqual([
			{ field: 'spell', reason: 'is not used by gp_on_duty (use session)' }
		]);
		// no name of the doctor: a session is a pseudonym like any other
		expect(errorsOf({ ...onDuty, session: 's', gpName: 'Dr Smith' })[0]?.field).toBe('gpName');
		// a spell may not take the prefix a session's interval is kept under
		expect(errorsOf({ ...admission, spell: 'gp:gp-wh-0412' })[0]?.field).toBe('spell');
		const v = validateEvent({ ...onDuty, session: 'gp-wh-0412' }, register);
		expect(v.ok && v.event.spell).toBeNull();
	});
	it('still takes every v1 event as it was', () => {
		const v = validateEvent(admission, register);
		expect(v.ok && Object.keys(v.event.body)).toEqual([
			'id',
			'type',
			'occurredAt',
			'site',
			'spell',
			'patient',
			'method'
		]);
	});
});
