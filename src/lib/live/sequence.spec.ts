import { describe, expect, it } from 'vitest';
import { applyDelta, applyFresh, applySnapshot, emptyFeed } from './sequence.ts';

const snap = (seq: number, metrics: Record<string, number>) => ({
	org: 'qeqm',
	seq,
	asOf: `2026-11-23T10:00:0${seq}Z`,
	metrics
});
const delta = (seq: number, changed: Record<string, number>) => ({
	org: 'qeqm',
	seq,
	asOf: `2026-11-23T10:00:0${seq}Z`,
	changed
});

describe('live feed sequence', () => {
	it('applies consecutive deltas and marks what changed', () => {
		let state = applySnapshot(emptyFeed(), snap(1, { msl: 4, dtoc: 2 }), 100);
		const r = applyDelta(state, delta(2, { msl: 5 }), 200);
		expect(r.resync).toBe(false);
		state = r.state;
		expect(state.orgs.qeqm).toMatchObject({ seq: 2, metrics: { msl: 5, dtoc: 2 }, changedAt: { msl: 200 } });
		expect(state.orgs.qeqm.changedAt.dtoc).toBeUndefined();
	});

	it('asks for a snapshot on a gap and ignores what it has already applied', () => {
		const state = applySnapshot(emptyFeed(), snap(3, { msl: 4 }), 0);
		expect(applyDelta(state, delta(5, { msl: 6 }), 1).resync).toBe(true);
		const stale = applyDelta(state, delta(3, { msl: 1 }), 1);
		expect(stale.resync).toBe(false);
		expect(stale.state).toBe(state);
	});

	it('keeps deltas that overtook their snapshot and applies those that follow it', () => {
		let state = applyDelta(emptyFeed(), delta(8, { msl: 9 }), 0).state;
		state = applyDelta(state, delta(9, { msl: 10 }), 0).state;
		state = applySnapshot(state, snap(8, { msl: 9 }), 5);
		expect(state.orgs.qeqm).toMatchObject({ seq: 9, metrics: { msl: 10 } });
		expect(state.early.qeqm).toBeUndefined();
	});

	it('resyncs exactly: a snapshot after a gap replaces everything and highlights the differences', () => {
		let state = applySnapshot(emptyFeed(), snap(1, { msl: 4, dtoc: 2 }), 0);
		state = applySnapshot(state, snap(7, { msl: 4, dtoc: 5 }), 50);
		expect(state.orgs.qeqm).toMatchObject({ seq: 7, metrics: { msl: 4, dtoc: 5 }, changedAt: { dtoc: 50 } });
	});

	it('moves the as-of time forward on a tick, never back', () => {
		const state = applySnapshot(emptyFeed(), snap(2, { msl: 1 }), 0);
		expect(applyFresh(state, '2026-11-23T10:05:00Z').orgs.qeqm.asOf).toBe('2026-11-23T10:05:00Z');
		expect(applyFresh(state, '2026-11-23T09:00:00Z').orgs.qeqm.asOf).toBe('2026-11-23T10:00:02Z');
	});

	it('applies a coalesced range from any update inside it, and resyncs from one before it', () => {
		// updates 3..5 in one window: msl 4 → 5 → 6, dtoc 2 → 3 → 2 (changed and back, so still carried)
		const range = { ...delta(5, { msl: 6, dtoc: 2 }), from: 3 };
		for (const [seq, metrics] of [
			[2, { msl: 4, dtoc: 2 }],
			[3, { msl: 5, dtoc: 3 }],
			[4, { msl: 6, dtoc: 3 }]
		] as const) {
			const r = applyDelta(applySnapshot(emptyFeed(), snap(seq, metrics), 0), range, 1);
			expect(r.resync, `from ${seq}`).toBe(false);
			expect(r.state.orgs.qeqm).toMatchObject({ seq: 5, metrics: { msl: 6, dtoc: 2 } });
		}
		expect(applyDelta(applySnapshot(emptyFeed(), snap(1, { msl: 4 }), 0), range, 1).resync).toBe(true);
		const ahead = applySnapshot(emptyFeed(), snap(5, { msl: 6, dtoc: 2 }), 0);
		expect(applyDelta(ahead, range, 1)).toEqual({ state: ahead, resync: false });
		// a range that overtook its snapshot still applies once the snapshot lands inside it
		const early = applyDelta(emptyFeed(), range, 0).state;
		expect(applySnapshot(early, snap(4, { msl: 6, dtoc: 3 }), 1).orgs.qeqm).toMatchObject({
			seq: 5,
			metrics: { msl: 6, dtoc: 2 }
		});
	});
});
