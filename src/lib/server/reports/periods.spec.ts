import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	addMonths,
	lastCompleteMonth,
	lastCompleteQuarter,
	lastCompleteWeek,
	month,
	monthsOf,
	nextWeek,
	parsePeriod,
	previousWeek,
	quarter,
	quarterOf,
	sameWeekLastYear,
	week,
	weekOf,
	weeksInYear
} from './periods.ts';

describe('meeting periods in Europe/London', () => {
	it('numbers ISO weeks by the Thursday: 2026 has 53, and 2027-W01 starts on 4 January', () => {
		expect(weeksInYear(2026)).toBe(53);
		expect(weeksInYear(2025)).toBe(52);
		expect(weekOf(new Date('2027-01-01T12:00:00Z')).label).toBe('2026-W53');
		expect(week(2027, 1).first).toBe('2027-01-04');
		expect(weekOf(new Date('2024-12-30T12:00:00Z')).label).toBe('2025-W01');
		expect(weekOf(new Date('2026-11-23T10:00:00Z'))).toMatchObject({
			label: '2026-W48',
			first: '2026-11-23',
			last: '2026-11-29'
		});
	});

	it('starts weeks at London midnight, across the clock changes', () => {
		// the week of 29 March 2026, when the clocks go forward: Monday 23 March is still GMT
		expect(week(2026, 13).start.toISOString()).toBe('2026-03-23T00:00:00.000Z');
		expect(week(2026, 13).end.toISOString()).toBe('2026-03-29T23:00:00.000Z');
		// a summer week starts at 23:00 UTC on the Sunday
		expect(week(2026, 27).start.toISOString()).toBe('2026-06-28T23:00:00.000Z');
		// Sunday 23:30 London in summer belongs to the week that is ending, not the next
		expect(weekOf(new Date('2026-07-05T22:30:00Z')).label).toBe('2026-W27');
		expect(weekOf(new Date('2026-07-05T23:30:00Z')).label).toBe('2026-W28');
	});

	it('finds last week and the same week last year', () => {
		expect(previousWeek(week(2027, 1)).label).toBe('2026-W53');
		expect(nextWeek(week(2026, 53)).label).toBe('2027-W01');
		expect(sameWeekLastYear(week(2026, 48)).label).toBe('2025-W48');
		expect(sameWeekLastYear(week(2026, 53)).label).toBe('2025-W52');
	});

	it('bounds months and quarters by London midnights', () => {
		expect(month(2026, 7).start.toISOString()).toBe('2026-06-30T23:00:00.000Z');
		expect(month(2026, 10).end.toISOString()).toBe('2026-11-01T00:00:00.000Z');
		expect(month(2026, 2).last).toBe('2026-02-28');
		expect(quarter(2026, 2)).toMatchObject({ first: '2026-04-01', last: '2026-06-30' });
		expect(quarterOf(new Date('2026-03-31T23:30:00Z')).label).toBe('2026-Q2');
		expect(monthsOf(quarter(2026, 4)).map((m) => m.label)).toEqual(['2026-10', '2026-11', '2026-12']);
		expect(addMonths(month(2026, 11), -11).label).toBe('2025-12');
		expect(addMonths(month(2026, 12), 1).label).toBe('2027-01');
	});

	it('reads labels and refuses what is not one', () => {
		expect(parsePeriod('week', '2026-W48')?.first).toBe('2026-11-23');
		expect(parsePeriod('week', '2025-W53')).toBeNull();
		expect(parsePeriod('month', '2026-13')).toBeNull();
		expect(parsePeriod('quarter', '2026-Q5')).toBeNull();
		expect(parsePeriod('week', '2026-11')).toBeNull();
	});

	it('puts every instant in exactly one week, which holds it', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2000-01-01'), max: new Date('2060-01-01'), noInvalidDate: true }),
				(at) => {
					const w = weekOf(at);
					expect(w.start.getTime()).toBeLessThanOrEqual(at.getTime());
					expect(w.end.getTime()).toBeGreaterThan(at.getTime());
					expect(nextWeek(w).start.getTime()).toBe(w.end.getTime());
					expect(parsePeriod('week', w.label)?.start.getTime()).toBe(w.start.getTime());
				}
			)
		);
	});

	it('opens on the last complete week, month and quarter: each has ended, and the next one has not', () => {
		// Tuesday 1 December 2026, 09:00: the week, month and quarter in progress are W49, December and Q4
		const now = new Date('2026-12-01T09:00:00Z');
		expect([
			lastCompleteWeek(now).label,
			lastCompleteMonth(now).label,
			lastCompleteQuarter(now).label
		]).toEqual(['2026-W48', '2026-11', '2026-Q3']);
		// the first hour of a week in summer time is still the week before, in London until 23:00 UTC on Sunday
		expect(lastCompleteWeek(new Date('2026-06-07T22:30:00Z')).label).toBe('2026-W22');
		expect(lastCompleteWeek(new Date('2026-06-07T23:30:00Z')).label).toBe('2026-W23');
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2000-01-01'), max: new Date('2060-01-01'), noInvalidDate: true }),
				(at) => {
					for (const p of [lastCompleteWeek(at), lastCompleteMonth(at), lastCompleteQuarter(at)]) {
						expect(p.end.getTime()).toBeLessThanOrEqual(at.getTime());
					}
					expect(nextWeek(lastCompleteWeek(at)).end.getTime()).toBeGreaterThan(at.getTime());
					expect(addMonths(lastCompleteMonth(at), 1).end.getTime()).toBeGreaterThan(at.getTime());
				}
			)
		);
	});
});
