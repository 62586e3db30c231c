import { describe, expect, it } from 'vitest';
import { documentTarget } from './documentTarget.ts';

describe('the documents’ target as a figure', () => {
	it('turns a percentage change into a figure once a baseline is set, showing the sum', () => {
		expect(documentTarget('+30%', null).value).toBeNull();
		expect(documentTarget('+30%', null).note).toMatch(/needs a baseline/);
		expect(documentTarget('+30%', 4000)).toEqual({
			value: 5200,
			note: '“+30%”: baseline 4,000 + 30% = 5,200'
		});
		expect(documentTarget('-10%', 1200).value).toBe(1080);
		// ADM-01 and ADM-04 of the North Kent and South Kent Coast plans
		expect(documentTarget('-10% (2014/15); further -5% (2015/16)', 40).value).toBe(36);
		expect(documentTarget('-3.5%', 200).note).toBe('“-3.5%”: baseline 200 − 3.5% = 193');
		// LOS-03: a mean length of stay half a day shorter
		expect(documentTarget('-0.5 days', 6.1)).toEqual({
			value: 5.6,
			note: '“-0.5 days”: baseline 6.1 − 0.5 = 5.6'
		});
		expect(documentTarget('-0.5 days', null).note).toMatch(/needs a baseline/);
	});

	it('reads a level as its first number, and nothing from a sentence or a change by an amount', () => {
		expect(documentTarget('>4,839', null).value).toBe(4839);
		expect(documentTarget('20 new patients/month', null).value).toBe(20);
		expect(documentTarget('10 by 10:00', null).value).toBe(10);
		expect(documentTarget('90%; -161 ACSC spells; -970 bed days', null).value).toBe(90);
		expect(documentTarget('all patients on caseload', null).value).toBeNull();
		expect(documentTarget('1 stroke avoided per 37 patients (WLCCG)', null).value).toBeNull();
		// ADM-08 and ADM-07: a yearly reduction is not a level to chart against
		expect(documentTarget('-1,185', 30)).toMatchObject({
			value: null,
			note: expect.stringMatching(/change by an amount/)
		});
		expect(documentTarget('-259 in year', null).value).toBeNull();
		expect(documentTarget('-970 bed days', 5000).value).toBeNull();
		expect(documentTarget(null, 10)).toEqual({ value: null, note: null });
	});
});
