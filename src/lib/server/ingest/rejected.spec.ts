// Issue 11, finding 1: a rejected event keeps nothing a source typed, only codes that passed their own check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceKey } from './keys.ts';
import { keptOf, rejectedRow } from './rejected.ts';
import { codedFields, validateEvent, type Register } from './validate.ts';

const register: Register = {
	wardsBySite: new Map([
		['medway-maritime', new Set(['medway-maritime.amu'])],
		['rutland-omp', new Set()]
	]),
	practices: new Set(['rutland-omp'])
};
const key: SourceKey = { id: 'k', source: 'pas', orgs: ['medway-maritime'] } as SourceKey;
const IDENTIFIABLE = 'Jane Smith 943 476 5919 ME7 5NY';
const admission = {
	id: 'e1',
	type: 'admission',
	occurredAt: '2026-11-20T10:00:00Z',
	site: 'medway-maritime',
	spell: 'sp-abc',
	patient: 'pt-abc',
	method: 'emergency'
};

/** What the data-quality table would store for `event`. */
function stored(event: unknown) {
	const v = validateEvent(event, register);
	if (v.ok) throw new Error('expected a rejection');
	return rejectedRow(key, register, new Date(), { id: v.id, errors: v.errors }, v.event);
}

describe('what a rejected event keeps', () => {
	it('drops a value that failed another check, extra fields of an unknown type, and non-string values', () => {
		for (const event of [
			{ ...admission, method: IDENTIFIABLE },
			{ ...admission, type: 'bogus', note: IDENTIFIABLE },
			{ ...admission, spell: { name: IDENTIFIABLE } },
			{ ...admission, patient: [IDENTIFIABLE], occurredAt: IDENTIFIABLE },
			{ ...admission, [IDENTIFIABLE]: 'x' }
		]) {
			const row = stored(event);
			const text = JSON.stringify(row);
			expect(text, JSON.stringify(event)).not.toMatch(/Jane|5919|ME7/);
			expect(row.org).toBe('medway-maritime');
		}
	});

	it('keeps coded values that passed, and only the shape of pseudonyms', () => {
		const row = stored({ ...admission, method: 'urgent' });
		expect(JSON.parse(row.body as string)).toEqual({
			id: { type: 'string', length: 2 },
			type: 'admission',
			occurredAt: '2026-11-20T10:00:00Z',
			site: 'medway-maritime',
			spell: { type: 'string', length: 6 },
			patient: { type: 'string', length: 6 },
			method: { type: 'string', length: 6 }
		});
		expect(row.event_id).toBe('e1');
		expect(row.reason).toBe('method must be one of emergency, elective');
	});

	it('an unknown site is about no organisation unless the key has only one', () => {
		expect(stored({ ...admission, site: 'nowhere' }).org).toBe('medway-maritime');
		const v = validateEvent({ ...admission, site: 'nowhere' }, register);
		if (v.ok) throw new Error('expected a rejection');
		const row = rejectedRow({ ...key, orgs: null }, register, new Date(), v, v.event);
		expect(row.org).toBeNull();
	});

	it('keeps a value only at a coded field that passed its check; anything else is its type and length', () => {
		fc.assert(
			fc.property(
				fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })),
				fc.constantFrom('admission', 'discharge', 'bogus', 'ae_assessment'),
				(extra, type) => {
					const v = validateEvent({ ...extra, type, site: 'medway-maritime' }, register);
					if (v.ok) return;
					const failed = new Set(v.errors.map((e) => e.field));
					const codes = codedFields(type);
					for (const [field, value] of Object.entries(keptOf(v.event, v.errors))) {
						expect(field).toMatch(/^([A-Za-z][A-Za-z0-9_]{0,39}|\(field \d+, \d+ characters\))$/);
						if (value !== null && typeof value === 'object') {
							expect(Object.keys(value).every((k) => k === 'type' || k === 'length')).toBe(true);
							expect(typeof (value as { type: unknown }).type).toBe('string');
						} else {
							expect(codes.has(field) && !failed.has(field), field).toBe(true);
							expect(value).toEqual((v.event as Record<string, unknown>)[field]);
						}
					}
				}
			)
		);
	});
});
