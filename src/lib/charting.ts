// How a series becomes a chart people can trust: only whole buckets with data are SPC points (the bucket still
// running is drawn apart, "so far"; buckets before the data starts are gaps, not zeros), and a flow metric's daily
// target is put in the chart's unit (a week's target is 7 days' worth; a month is charted as a day's average).
import type { MetricDefinition } from './catalogue.ts';
import { londonDay } from './format.ts';
import type { Bucket, SeriesPoint } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Charted {
	times: string[];
	/** whole buckets' values in the chart's unit; null for no data and for the bucket in progress */
	values: (number | null)[];
	/** the bucket in progress, where the series ends in one, at its index: a figure so far, never an SPC point */
	soFar: (number | null)[];
	/** what a value means, e.g. "discharges a week" or "discharges a day (average over the month)" */
	unit: string;
	/** the documented target in the chart's unit, null where there is none or it cannot be put in it */
	target: number | null;
	/** how the target was put in the chart's unit, for the label under the chart */
	targetNote: string | null;
}

/** Days in the bucket starting at `t` (a London day is 23 or 25 hours at a clock change, still one day). */
function daysIn(bucket: Bucket, t: string): number {
	if (bucket === 'week') return 7;
	if (bucket === 'day') return 1;
	// a month: the days of the London calendar month the bucket starts in
	const [year, month] = londonDay(t).split('-').map(Number);
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * `coverage` says what a partial month covers, so its day's average is over the days it holds, not the whole month:
 * from the first event (`dataFrom`) and up to `now`.
 */
export function chartSeries(
	points: SeriesPoint[],
	definition: Pick<MetricDefinition, 'kind' | 'unit'>,
	bucket: Bucket,
	dailyTarget: number | null,
	coverage: { now: string; dataFrom: string | null } | null = null
): Charted {
	const flow = definition.kind === 'flow';
	const perDay = flow && bucket === 'month';
	const days = (p: SeriesPoint, i: number) => {
		const whole = daysIn(bucket, p.t);
		if (!p.partial || !coverage) return whole;
		const start = Math.max(Date.parse(p.t), Date.parse(coverage.dataFrom ?? p.t));
		// the next bucket's start is this one's end, a clock change included
		const next = points[i + 1] ? Date.parse(points[i + 1].t) : Date.parse(p.t) + whole * DAY;
		const end = Math.min(next, Date.parse(coverage.now));
		return Math.max(end - start, HOUR) / DAY;
	};
	const inUnit = (p: SeriesPoint, i: number) =>
		p.value === null ? null : perDay ? round1(p.value / days(p, i)) : p.value;
	let target = dailyTarget;
	let targetNote: string | null = null;
	if (flow && dailyTarget !== null) {
		if (bucket === 'week') {
			target = dailyTarget * 7;
			targetNote = `Target ${target} a week (${dailyTarget} a day × 7)`;
		} else if (bucket === 'hour') {
			target = null;
			targetNote = `The target (${dailyTarget} a day) is not drawn on hourly buckets`;
		} else targetNote = `Target ${dailyTarget} a day`;
	}
	return {
		times: points.map((p) => p.t),
		values: points.map((p, i) => (p.partial ? null : inUnit(p, i))),
		soFar: points.map((p, i) => (p.partial ? inUnit(p, i) : null)),
		unit: !flow
			? definition.unit
			: perDay
				? `${definition.unit} a day (average over the month)`
				: `${definition.unit} a${bucket === 'hour' ? 'n' : ''} ${bucket}`,
		target,
		targetNote
	};
}

/** A series' whole buckets only, for SPC: the bucket in progress is not a point of the process. */
export const wholeBuckets = (points: SeriesPoint[]) => points.map((p) => (p.partial ? null : p.value));
