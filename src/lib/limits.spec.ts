import { describe, expect, it } from 'vitest';
import { alarmText } from './limits.ts';

describe('alarm limits', () => {
	it('alarms strictly past a limit, and not without a figure or a limit', () => {
		expect(alarmText(41, { low: null, high: 40 })).toBe('above 40');
		expect(alarmText(40, { low: null, high: 40 })).toBeNull();
		expect(alarmText(2, { low: 3, high: null })).toBe('below 3');
		expect(alarmText(null, { low: 3, high: 5 })).toBeNull();
		expect(alarmText(10, undefined)).toBeNull();
	});
});
