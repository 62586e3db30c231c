// One window's updates of an organisation become one delta that a screen at any update inside the range, or just
// before it, applies exactly.
import { describe, expect, it } from 'vitest';
import { applyDelta, applySnapshot, emptyFeed } from '../../live/sequence.ts';
import { coalesce } from './hub.ts';

const at = new Date('2026-12-07T10:00:00Z');
const history = [
	{ seq: 10, at, metrics: { msl: 4, dtoc: 2, inpatients: 30 } },
	{ seq: 11, at, metrics: { msl: 5, dtoc: 3, inpatients: 30 } },
	{ seq: 12, at, metrics: { msl: 5, dtoc: 2, inpatients: 31 } },
	{ seq: 13, at, metrics: { msl: 6, dtoc: 2, inpatients: 31 } }
];

describe('coalescing a window of updates', () => {
	it('carries every figure that moved anywhere in the range at its latest value, and the range', () => {
		const delta = coalesce({ org: 'qeqm', first: 11, last: 13 }, history);
		expect(delta).toEqual({
			org: 'qeqm',
			seq: 13,
			from: 11,
			asOf: at.toISOString(),
			changed: { msl: 6, dtoc: 2, inpatients: 31 }
		});
		for (const held of history.slice(0, 3)) {
			const feed = applySnapshot(
				emptyFeed(),
				{ org: 'qeqm', seq: held.seq, asOf: '', metrics: held.metrics },
				0
			);
			const r = applyDelta(feed, delta, 1);
			expect(r.resync).toBe(false);
			expect(r.state.orgs.qeqm.metrics).toEqual(history[3].metrics);
		}
	});

	it('is an ordinary one-update delta when the window held one update', () => {
		const delta = coalesce({ org: 'qeqm', first: 13, last: 13, base: history[2].metrics }, history.slice(3));
		expect(delta).toEqual({ org: 'qeqm', seq: 13, asOf: at.toISOString(), changed: { msl: 6 } });
	});

	it('sends every figure for the whole history when an update of the range is missing', () => {
		const delta = coalesce({ org: 'qeqm', first: 11, last: 13 }, [history[0], history[1], history[3]]);
		expect(delta).toMatchObject({ seq: 13, from: 1, changed: history[3].metrics });
	});
});
