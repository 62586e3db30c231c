// Statistical process control as NHS England's Making Data Count does it: XmR charts (mean ± 2.66 × mean moving
// range), the special-cause rules, and the variation and assurance icons. Rule sets: NHS England's SPC SQL v2.6
// (shift and trend of 6, the default) or NHSRplotthedots (7). Sources: notes/nhs-metrics-and-anchors.md §4.

export type RuleSet = 'nhse-v2.6' | 'nhsr';
export const RULE_SETS: Record<RuleSet, { label: string; run: number }> = {
	'nhse-v2.6': { label: 'NHS England SPC v2.6: shift and trend of 6', run: 6 },
	nhsr: { label: 'NHS-R (NHSRplotthedots): shift and trend of 7', run: 7 }
};

/** below this many points in a segment its limits are provisional and no icon is shown */
export const MINIMUM_POINTS = 13;

export type Rule = 'astronomical' | 'trend' | 'twoOfThree' | 'shift';
export type Variation =
	| 'common'
	| 'improvement-high'
	| 'improvement-low'
	| 'concern-high'
	| 'concern-low'
	| 'neutral-high'
	| 'neutral-low';
export type Assurance = 'pass' | 'fail' | 'hit-or-miss';

export interface SpcOptions {
	direction: 'up' | 'down' | 'monitor';
	ruleSet?: RuleSet;
	target?: number | null;
	/** indices where the process was changed (a scheme's go-live): limits are recalculated from there */
	rebaseAt?: number[];
	/**
	 * The values the measure can take (a count is never below 0, a percentage never above 100): a limit outside them
	 * is drawn at the bound, as Making Data Count does, rather than promising a negative count.
	 */
	bounds?: { min: number; max?: number };
}

export interface SpcPoint {
	value: number | null;
	segment: number;
	mean: number | null;
	upper: number | null;
	lower: number | null;
	upperNear: number | null;
	lowerNear: number | null;
	provisional: boolean;
	rules: Rule[];
	/** which side of the process a special cause lies on */
	side: 'high' | 'low' | null;
	kind: 'common' | 'improvement' | 'concern' | 'neutral';
}

export interface SpcResult {
	points: SpcPoint[];
	ruleSet: RuleSet;
	ruleLabel: string;
	/** the last point's variation icon; null while the chart is a run chart (under the minimum points) */
	variation: Variation | null;
	/** against the target with the last segment's limits; null without a target, a direction or enough points */
	assurance: Assurance | null;
}

const PRECEDENCE: Rule[] = ['astronomical', 'trend', 'twoOfThree', 'shift'];
const LIMIT = 2.66;

function segmentLimits(values: number[]) {
	const mean = values.reduce((s, v) => s + v, 0) / values.length;
	const ranges = values.slice(1).map((v, i) => Math.abs(v - values[i]));
	const mr = ranges.length ? ranges.reduce((s, v) => s + v, 0) / ranges.length : 0;
	return {
		mean,
		upper: mean + LIMIT * mr,
		lower: mean - LIMIT * mr,
		upperNear: mean + ((2 * LIMIT) / 3) * mr,
		lowerNear: mean - ((2 * LIMIT) / 3) * mr
	};
}

function clip(l: ReturnType<typeof segmentLimits>, bounds: SpcOptions['bounds']) {
	if (!bounds) return l;
	const within = (v: number) => Math.min(Math.max(v, bounds.min), bounds.max ?? Infinity);
	return {
		mean: l.mean,
		upper: within(l.upper),
		lower: within(l.lower),
		upperNear: within(l.upperNear),
		lowerNear: within(l.lowerNear)
	};
}

export function xmr(values: (number | null)[], options: SpcOptions): SpcResult {
	const ruleSet = options.ruleSet ?? 'nhse-v2.6';
	const run = RULE_SETS[ruleSet].run;
	const starts = [
		...new Set([0, ...(options.rebaseAt ?? []).filter((i) => i > 0 && i < values.length)])
	].sort((a, b) => a - b);
	const segmentOf = (i: number) => starts.filter((s) => s <= i).length - 1;

	const points: SpcPoint[] = values.map((value, i) => ({
		value,
		segment: segmentOf(i),
		mean: null,
		upper: null,
		lower: null,
		upperNear: null,
		lowerNear: null,
		provisional: true,
		rules: [],
		side: null,
		kind: 'common'
	}));
	const flags = points.map(() => new Map<Rule, 'high' | 'low'>());

	starts.forEach((start, s) => {
		const end = starts[s + 1] ?? values.length;
		const idx = Array.from({ length: end - start }, (_, k) => start + k).filter((i) => values[i] !== null);
		if (!idx.length) return;
		const xs = idx.map((i) => values[i] as number);
		const l = clip(segmentLimits(xs), options.bounds);
		const provisional = xs.length < MINIMUM_POINTS;
		for (const i of Array.from({ length: end - start }, (_, k) => start + k))
			Object.assign(points[i], l, { provisional });

		idx.forEach((i, k) => {
			const x = xs[k];
			if (x > l.upper) flags[i].set('astronomical', 'high');
			if (x < l.lower) flags[i].set('astronomical', 'low');
			// two of three beyond the 2σ line on one side, all three on that side of the mean (v2.6: beyond 3σ counts)
			if (k >= 2) {
				const window = [k - 2, k - 1, k];
				for (const side of ['high', 'low'] as const) {
					const sameSide = window.every((w) => (side === 'high' ? xs[w] > l.mean : xs[w] < l.mean));
					const beyond = window.filter((w) => (side === 'high' ? xs[w] > l.upperNear : xs[w] < l.lowerNear));
					if (sameSide && beyond.length >= 2) for (const w of beyond) flags[idx[w]].set('twoOfThree', side);
				}
			}
		});
		// runs: a shift is `run` points on one side of the mean (a point on the mean breaks it); a trend is `run`
		// points each higher (or lower) than the one before, endpoints included
		const mark = (from: number, to: number, rule: Rule, side: 'high' | 'low') => {
			for (let k = from; k <= to; k++) flags[idx[k]].set(rule, side);
		};
		for (const side of ['high', 'low'] as const) {
			let begin = 0;
			for (let k = 0; k <= xs.length; k++) {
				const on = k < xs.length && (side === 'high' ? xs[k] > l.mean : xs[k] < l.mean);
				if (!on) {
					if (k - begin >= run) mark(begin, k - 1, 'shift', side);
					begin = k + 1;
				}
			}
			begin = 0;
			for (let k = 1; k <= xs.length; k++) {
				const moving = k < xs.length && (side === 'high' ? xs[k] > xs[k - 1] : xs[k] < xs[k - 1]);
				if (!moving) {
					if (k - begin >= run) mark(begin, k - 1, 'trend', side);
					begin = k;
				}
			}
		}
	});

	points.forEach((p, i) => {
		p.rules = PRECEDENCE.filter((r) => flags[i].has(r));
		if (!p.rules.length) return;
		p.side = flags[i].get(p.rules[0])!;
		p.kind =
			options.direction === 'monitor'
				? 'neutral'
				: (p.side === 'high') === (options.direction === 'up')
					? 'improvement'
					: 'concern';
	});

	const lastIndex = values.findLastIndex((v) => v !== null);
	const last = lastIndex >= 0 ? points[lastIndex] : null;
	const enough = !!last && !last.provisional;
	const variation: Variation | null = !enough
		? null
		: last.kind === 'common'
			? 'common'
			: (`${last.kind}-${last.side}` as Variation);

	let assurance: Assurance | null = null;
	const target = options.target;
	if (
		enough &&
		target !== null &&
		target !== undefined &&
		options.direction !== 'monitor' &&
		last.upper !== null &&
		last.lower !== null
	) {
		const up = options.direction === 'up';
		if (up ? target <= last.lower : target >= last.upper) assurance = 'pass';
		else if (up ? target >= last.upper : target <= last.lower) assurance = 'fail';
		else assurance = 'hit-or-miss';
	}
	return { points, ruleSet, ruleLabel: RULE_SETS[ruleSet].label, variation, assurance };
}

/** The special-cause rules in words, for reasons and agendas. */
export const RULE_TEXT: Record<Rule, string> = {
	astronomical: 'a point beyond the process limits',
	trend: 'a run of rising or falling points',
	twoOfThree: 'two of three points near a limit',
	shift: 'a run of points on one side of the mean'
};

/** Icon colours and words of Making Data Count (NHSRplotthedots `ptd_spc_colours`). */
export const SPC_COLOURS = {
	common: '#a6a6a6',
	improvement: '#00b0f0',
	concern: '#e46c0a',
	neutral: '#490092',
	target: '#de1b1b'
};

export const VARIATION_LABEL: Record<Variation, string> = {
	common: 'Common cause variation',
	'improvement-high': 'Special cause variation: improvement (high)',
	'improvement-low': 'Special cause variation: improvement (low)',
	'concern-high': 'Special cause variation: concern (high)',
	'concern-low': 'Special cause variation: concern (low)',
	'neutral-high': 'Special cause variation: neither improvement nor concern (high)',
	'neutral-low': 'Special cause variation: neither improvement nor concern (low)'
};

export const ASSURANCE_LABEL: Record<Assurance, string> = {
	pass: 'The process will consistently meet the target',
	fail: 'The process will consistently fail the target',
	'hit-or-miss': 'The process will hit and miss the target at random'
};

/** Words short enough to read from across a room, beside the icons on a wallboard tile. */
export const VARIATION_SHORT: Record<Variation, string> = {
	common: 'No change',
	'improvement-high': 'Improving',
	'improvement-low': 'Improving',
	'concern-high': 'Concerning',
	'concern-low': 'Concerning',
	'neutral-high': 'Changed: up',
	'neutral-low': 'Changed: down'
};

export const ASSURANCE_SHORT: Record<Assurance, string> = {
	pass: 'meets target',
	fail: 'fails target',
	'hit-or-miss': 'hit and miss'
};
