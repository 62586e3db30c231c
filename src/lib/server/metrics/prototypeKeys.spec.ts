// Issue 11, finding 9: names a caller chooses are looked up as the table's own keys, never its prototype's
// (`constructor`, `toString` and `__proto__` used to pass as metrics, ranges and buckets and then fail with 500).
import { describe, expect, it } from 'vitest';
import { readView } from './drilldown.ts';
import { seriesMetricKnown } from './series.ts';

const PROTOTYPE = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('names from a query string', () => {
	it('are metrics only when the catalogue has them', () => {
		for (const name of PROTOTYPE) expect(seriesMetricKnown(name), name).toBe(false);
		expect(seriesMetricKnown('msl')).toBe(true);
		expect(seriesMetricKnown('discharges_today')).toBe(true);
	});
	it('are ranges and buckets only when the drill-down has them', () => {
		for (const name of PROTOTYPE) {
			expect(readView(new URL(`http://x/org/a?range=${name}`)), name).toHaveProperty('problem');
			expect(readView(new URL(`http://x/org/a?bucket=${name}`)), name).toHaveProperty('problem');
		}
	});
});
