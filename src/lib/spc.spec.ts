import { boundsOf } from './catalogue.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xmr } from './spc.ts';

const stable = [10, 12, 11, 13, 12, 11, 12, 13, 11, 12, 12, 13, 11];

describe('XmR limits', () => {
	it('are the mean ± 2.66 × the mean moving range (worked by hand)', () => {
		const r = xmr(stable, { direction: 'up' });
		// sum 153 over 13 points; moving ranges 2,1,2,1,1,1,1,2,1,0,1,2 sum to 15 over 12
		const mean = 153 / 13;
		const mr = 15 / 12;
		expect(r.points[0].mean).toBeCloseTo(mean, 10);
		expect(r.points[0].upper).toBeCloseTo(mean + 2.66 * mr, 10);
		expect(r.points[0].lower).toBeCloseTo(mean - 2.66 * mr, 10);
		expect(r.points[0].upperNear).toBeCloseTo(mean + (2 / 3) * 2.66 * mr, 10);
		expect(r.points.every((p) => p.rules.length === 0)).toBe(true);
		expect(r.variation).toBe('common');
		expect(r.ruleLabel).toContain('v2.6');
	});

	it('are provisional under 13 points, and then show no icon', () => {
		const r = xmr(stable.slice(0, 12), { direction: 'up', target: 5 });
		expect(r.points.every((p) => p.provisional)).toBe(true);
		expect(r.variation).toBeNull();
		expect(r.assurance).toBeNull();
	});

	it('are recalculated from a rebase, such as a scheme going live', () => {
		const values = [...stable, ...stable.map((v) => v + 20)];
		const r = xmr(values, { direction: 'up', rebaseAt: [13] });
		expect(r.points[0].mean).toBeCloseTo(153 / 13);
		expect(r.points[20].mean).toBeCloseTo(153 / 13 + 20);
		expect(r.points[20].segment).toBe(1);
		expect(r.variation).toBe('common');
		// without the rebase the jump is a special cause
		expect(xmr(values, { direction: 'up' }).variation).toBe('improvement-high');
	});
});

describe('special-cause rules', () => {
	it('flags a point beyond a limit, improvement or concern by the direction of good', () => {
		const values = [...stable, 20];
		expect(xmr(values, { direction: 'up' }).points[13]).toMatchObject({
			rules: ['astronomical'],
			side: 'high',
			kind: 'improvement'
		});
		expect(xmr(values, { direction: 'down' }).variation).toBe('concern-high');
		expect(xmr(values, { direction: 'monitor' }).variation).toBe('neutral-high');
	});

	it('flags a shift of 6 under NHS England v2.6 and needs 7 under NHS-R', () => {
		const values = [14, 10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 10, 13, 13, 13, 13, 13, 13];
		const nhse = xmr(values, { direction: 'down' });
		expect(nhse.points.slice(12).every((p) => p.rules.includes('shift'))).toBe(true);
		expect(nhse.points[11].rules).not.toContain('shift');
		expect(nhse.variation).toBe('concern-high');
		const nhsr = xmr(values, { direction: 'down', ruleSet: 'nhsr' });
		expect(nhsr.points.some((p) => p.rules.includes('shift'))).toBe(false);
		expect(nhsr.ruleLabel).toContain('7');
	});

	it('flags a trend of 6 rising points, endpoints included', () => {
		const values = [20, 24, 20, 24, 20, 24, 20, 24, 20, 17, 18, 19, 20, 21, 22];
		const r = xmr(values, { direction: 'up' });
		expect(r.points.slice(9).every((p) => p.rules.includes('trend'))).toBe(true);
		expect(r.points[8].rules).not.toContain('trend');
		// a rising trend still below the mean: the trend outranks the shift below
		expect(r.points[10]).toMatchObject({ side: 'high', kind: 'improvement' });
		expect(xmr(values.slice(0, 14), { direction: 'up' }).points.some((p) => p.rules.includes('trend'))).toBe(
			false
		);
	});

	it('flags two of three beyond the 2σ line on one side', () => {
		// mean 10.72, 2σ line 12.74, limit 13.76: 12.9 lies between them, 10.8 just above the mean
		const values = [...Array.from({ length: 20 }, (_, i) => (i % 2 ? 11 : 10)), 12.9, 10.8, 12.9];
		const r = xmr(values, { direction: 'up' });
		expect(r.points[20].upperNear).toBeCloseTo(12.74, 2);
		expect(r.points[20].rules).toEqual(['twoOfThree']);
		expect(r.points[22].rules).toEqual(['twoOfThree']);
		expect(r.points[21].rules).toEqual([]);
		expect(r.variation).toBe('improvement-high');
	});
});

describe('assurance', () => {
	const values = stable; // limits about 8.4 to 15.1
	it.each([
		['up', 5, 'pass'],
		['up', 20, 'fail'],
		['up', 12, 'hit-or-miss'],
		['down', 20, 'pass'],
		['down', 5, 'fail']
	] as const)('direction %s, target %d: %s', (direction, target, expected) => {
		expect(xmr(values, { direction, target }).assurance).toBe(expected);
	});
	it('needs a target and a direction', () => {
		expect(xmr(values, { direction: 'up' }).assurance).toBeNull();
		expect(xmr(values, { direction: 'monitor', target: 5 }).assurance).toBeNull();
	});
});

describe('properties', () => {
	const series = fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 2, maxLength: 60 });
	it('keeps the limits around the mean and the mean within the data', () => {
		fc.assert(
			fc.property(series, (values) => {
				const p = xmr(values, { direction: 'up' }).points[0];
				expect(p.upper!).toBeGreaterThanOrEqual(p.upperNear! - 1e-9);
				expect(p.upperNear!).toBeGreaterThanOrEqual(p.mean! - 1e-9);
				expect(p.lower!).toBeLessThanOrEqual(p.lowerNear! + 1e-9);
				expect(p.mean!).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
				expect(p.mean!).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
			})
		);
	});
	it('finds the same signals after adding a constant or scaling up', () => {
		fc.assert(
			fc.property(
				series,
				fc.integer({ min: -50, max: 50 }),
				fc.integer({ min: 1, max: 5 }),
				(values, shift, scale) => {
					const rules = (r: ReturnType<typeof xmr>) => r.points.map((p) => p.rules.join());
					const base = xmr(values, { direction: 'up' });
					expect(
						rules(
							xmr(
								values.map((v) => v + shift),
								{ direction: 'up' }
							)
						)
					).toEqual(rules(base));
					expect(
						rules(
							xmr(
								values.map((v) => v * scale),
								{ direction: 'up' }
							)
						)
					).toEqual(rules(base));
				}
			)
		);
	});
	it('swaps improvement and concern when the direction of good flips', () => {
		fc.assert(
			fc.property(series, (values) => {
				const up = xmr(values, { direction: 'up' }).points.map((p) => p.kind);
				const down = xmr(values, { direction: 'down' }).points.map((p) => p.kind);
				const swap = {
					improvement: 'concern',
					concern: 'improvement',
					common: 'common',
					neutral: 'neutral'
				} as const;
				expect(down).toEqual(up.map((k) => swap[k]));
			})
		);
	});
	it('leaves gaps as gaps and never throws', () => {
		fc.assert(
			fc.property(
				fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), {
					maxLength: 40
				}),
				(values) => {
					const r = xmr(values, { direction: 'up', rebaseAt: [5, 17] });
					expect(r.points.length).toBe(values.length);
				}
			)
		);
	});
});

// Issue 12, point 4: a count's lower limit is never below 0, a percentage's limits stay within 0–100
describe('limits clipped to what the measure can take', () => {
	const counts = [2, 14, 1, 18, 0, 16, 3, 15, 1, 17, 2, 19];
	it('draws a negative lower limit of a count at 0, and a percentage within 0–100', () => {
		const raw = xmr(counts, { direction: 'up' });
		expect(raw.points[0].lower!).toBeLessThan(0);
		const clipped = xmr(counts, { direction: 'up', bounds: boundsOf({ unit: 'discharges' }) });
		expect(clipped.points.every((p) => p.lower === 0 && p.lowerNear! >= 0)).toBe(true);
		expect(clipped.points[0].upper).toBe(raw.points[0].upper);
		const percent = xmr([95, 40, 99, 35, 100, 30, 98, 42], {
			direction: 'up',
			bounds: boundsOf({ unit: '%' })
		});
		expect(percent.points.every((p) => p.upper! <= 100 && p.lower! >= 0)).toBe(true);
	});
});
