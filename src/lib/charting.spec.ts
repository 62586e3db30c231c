// A series charted as people should read it: a flow's daily target in the chart's bucket, whole buckets as points,
// the bucket in progress apart, and no data as gaps.
import { describe, expect, it } from 'vitest';
import { chartSeries, wholeBuckets } from './charting.ts';
import type { SeriesPoint } from './types.ts';

const flow = { kind: 'flow' as const, unit: 'discharges' as const };
const census = { kind: 'census' as const, unit: 'patients' as const };

describe('charting a series', () => {
	it('puts a 15-a-day target on weekly totals as 105 a week, and says how', () => {
		const weeks: SeriesPoint[] = [
			{ t: '2026-11-16T00:00:00.000Z', value: 113 },
			{ t: '2026-11-23T00:00:00.000Z', value: 27, partial: true }
		];
		const c = chartSeries(weeks, flow, 'week', 15);
		expect(c).toMatchObject({
			target: 105,
			unit: 'discharges a week',
			values: [113, null],
			soFar: [null, 27]
		});
		expect(c.targetNote).toBe('Target 105 a week (15 a day × 7)');
	});

	it('charts months of a flow as a day’s average against the daily target, whatever the month’s length', () => {
		const months: SeriesPoint[] = [
			{ t: '2026-01-01T00:00:00.000Z', value: 279 },
			{ t: '2026-02-01T00:00:00.000Z', value: 280 },
			{ t: '2026-03-01T00:00:00.000Z', value: 279 },
			// April starts at 23:00 UTC on 31 March (summer time): 30 days, not March's 31
			{ t: '2026-03-31T23:00:00.000Z', value: 300 }
		];
		const c = chartSeries(months, flow, 'month', 15);
		expect(c.values).toEqual([9, 10, 9, 10]);
		expect(c).toMatchObject({ target: 15, unit: 'discharges a day (average over the month)' });
	});

	it('averages a month the data covers in part over the days it holds, not the whole month', () => {
		// 09:00 on 1 December: 5 discharges in 9 hours is 13.3 a day, not 5 ÷ 31 = 0.2
		const running: SeriesPoint = { t: '2026-12-01T00:00:00.000Z', value: 5, partial: true };
		const c = chartSeries([running], flow, 'month', 15, { now: '2026-12-01T09:00:00.000Z', dataFrom: null });
		expect(c.soFar).toEqual([13.3]);
		// the month the data starts in: 100 from 21 October to 1 November
		const first: SeriesPoint = { t: '2026-09-30T23:00:00.000Z', value: 100, partial: true };
		const next: SeriesPoint = { t: '2026-11-01T00:00:00.000Z', value: 450 };
		const both = chartSeries([first, next], flow, 'month', 15, {
			now: '2026-12-01T09:00:00.000Z',
			dataFrom: '2026-10-20T23:00:00.000Z'
		});
		// 11 days and the clock change's extra hour: 100 ÷ 11.04
		expect(both).toMatchObject({ values: [null, 15], soFar: [9.1, null] });
	});

	it('leaves a census target as it is and draws no daily target on hours', () => {
		expect(chartSeries([{ t: '2026-11-01T00:00:00.000Z', value: 40 }], census, 'week', 30).target).toBe(30);
		const hours = chartSeries([{ t: '2026-11-01T09:00:00.000Z', value: 2 }], flow, 'hour', 15);
		expect(hours.target).toBeNull();
		expect(hours.targetNote).toMatch(/not drawn on hourly buckets/);
	});

	it('keeps no data as a gap and a partial bucket out of the SPC points', () => {
		const points: SeriesPoint[] = [
			{ t: 'a', value: null },
			{ t: 'b', value: 3, partial: true },
			{ t: 'c', value: 0 },
			{ t: 'd', value: 2, partial: true }
		];
		expect(wholeBuckets(points)).toEqual([null, null, 0, null]);
		expect(chartSeries(points, census, 'day', null)).toMatchObject({
			values: [null, null, 0, null],
			soFar: [null, 3, null, 2]
		});
	});
});
