import { describe, expect, it } from 'vitest';
import { londonDayStart, londonHour } from './time.ts';

describe('Europe/London days', () => {
	it('starts a winter day at midnight UTC', () => {
		expect(londonDayStart(new Date('2026-11-23T15:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
	});
	it('starts a summer day at 23:00 UTC the evening before', () => {
		expect(londonDayStart(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2026-06-30T23:00:00.000Z');
		expect(londonDayStart(new Date('2026-06-30T23:30:00Z')).toISOString()).toBe('2026-06-30T23:00:00.000Z');
	});
	it('gives the spring-forward day 23 hours and the fall-back day 25', () => {
		const spring = londonDayStart(new Date('2026-03-29T12:00:00Z'));
		expect(spring.toISOString()).toBe('2026-03-29T00:00:00.000Z');
		expect(londonDayStart(spring, 1).getTime() - spring.getTime()).toBe(23 * 3_600_000);
		const autumn = londonDayStart(new Date('2026-10-25T12:00:00Z'));
		expect(autumn.toISOString()).toBe('2026-10-24T23:00:00.000Z');
		expect(londonDayStart(autumn, 1).getTime() - autumn.getTime()).toBe(25 * 3_600_000);
	});
	it('reads local hours across the change', () => {
		expect(londonHour(new Date('2026-03-29T00:59:00Z'))).toBe(0);
		expect(londonHour(new Date('2026-03-29T01:00:00Z'))).toBe(2);
		expect(londonHour(new Date('2026-07-01T08:59:00Z'))).toBe(9);
		expect(londonHour(new Date('2026-07-01T09:00:00Z'))).toBe(10);
	});
});
