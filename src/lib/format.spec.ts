// Issue 12, point 5: a bucket's label is the London calendar date of its start, in summer time as in winter. Before,
// labels sliced the instant's UTC text, so weeks starting at a London midnight in summer (23:00 UTC on the Sunday)
// read as Sundays until late October, and months as "31 Mar", "30 Apr".
import { describe, expect, it } from 'vitest';
import { series } from './server/metrics/series.ts';
import { testStore } from '../../tests/stores.ts';
import { date, londonDay } from './format.ts';

describe('bucket labels across both clock changes', () => {
	it('names the London date of an instant and leaves a calendar date as it is', () => {
		expect(londonDay('2026-03-22T00:00:00.000Z')).toBe('2026-03-22'); // GMT
		expect(londonDay('2026-03-29T23:00:00.000Z')).toBe('2026-03-30'); // BST: Monday 30 March
		expect(londonDay('2026-10-18T23:00:00.000Z')).toBe('2026-10-19'); // BST: Monday 19 October
		expect(londonDay('2026-10-26T00:00:00.000Z')).toBe('2026-10-26'); // GMT again
		expect(londonDay('2026-03-31T23:00:00.000Z')).toBe('2026-04-01');
		expect(londonDay('2026-04-30')).toBe('2026-04-30');
		expect(date('2026-03-31T23:00:00.000Z')).toBe('1 Apr 2026');
		expect(date('2026-10-18T23:00:00.000Z')).toBe('19 Oct 2026');
		expect(date('2026-12-25')).toBe('25 Dec 2026');
		expect(date(null)).toBe('—');
	});

	it('labels every weekly bucket of a year a Monday and every monthly bucket the 1st', async () => {
		const store = await testStore('pglite');
		try {
			const window = { org: 'medway-maritime', metric: 'inpatients', from: new Date('2026-01-05T00:00:00Z') };
			const weeks = await series(store.db, {
				...window,
				to: new Date('2026-12-28T00:00:00Z'),
				bucket: 'week'
			});
			const months = await series(store.db, {
				...window,
				to: new Date('2026-12-01T00:00:00Z'),
				bucket: 'month'
			});
			expect(weeks.length).toBeGreaterThan(50);
			const weekdays = new Set(weeks.map((p) => new Date(`${londonDay(p.t)}T12:00:00Z`).getUTCDay()));
			expect([...weekdays]).toEqual([1]);
			expect(months.map((p) => londonDay(p.t).slice(8))).toEqual(months.map(() => '01'));
			expect(months.map((p) => date(p.t))).toContain('1 Apr 2026');
		} finally {
			await store.drop();
		}
	});
});
