// The client's half of live protocol v1, as pure functions: apply snapshots and deltas (one update, or a window's
// coalesced range of them) by sequence number, and say when a gap means the screen must ask for a fresh snapshot.
import type { MetricSnapshot, MetricValues } from '../types.ts';
import type { Delta } from './protocol.ts';

export type { Delta };

export interface OrgFeed {
	seq: number;
	asOf: string;
	metrics: MetricValues;
	/** when each metric last changed on this screen (ms), for the brief highlight */
	changedAt: Record<string, number>;
}

export interface FeedState {
	orgs: Record<string, OrgFeed>;
	/** deltas that arrived before their organisation's snapshot */
	early: Record<string, Delta[]>;
}

export const emptyFeed = (): FeedState => ({ orgs: {}, early: {} });

export function applySnapshot(state: FeedState, snap: MetricSnapshot, now: number): FeedState {
	const previous = state.orgs[snap.org];
	const changedAt = { ...(previous?.changedAt ?? {}) };
	if (previous)
		for (const [k, v] of Object.entries(snap.metrics)) if (previous.metrics[k] !== v) changedAt[k] = now;
	let feed: OrgFeed = { seq: snap.seq, asOf: snap.asOf, metrics: snap.metrics, changedAt };
	// deltas that overtook the snapshot still apply, in order, if they follow on from it
	for (const d of (state.early[snap.org] ?? []).sort((a, b) => a.seq - b.seq)) {
		if (follows(feed, d)) feed = merge(feed, d, now);
	}
	const { [snap.org]: _dropped, ...early } = state.early;
	return { orgs: { ...state.orgs, [snap.org]: feed }, early };
}

/** Whether a delta takes a screen at `feed.seq` further without skipping an update. */
const follows = (feed: OrgFeed, d: Delta) => d.seq > feed.seq && feed.seq >= (d.from ?? d.seq) - 1;

function merge(feed: OrgFeed, d: Delta, now: number): OrgFeed {
	const changedAt = { ...feed.changedAt };
	for (const [k, v] of Object.entries(d.changed)) if (feed.metrics[k] !== v) changedAt[k] = now;
	return { seq: d.seq, asOf: d.asOf, metrics: { ...feed.metrics, ...d.changed }, changedAt };
}

/** Apply a delta; `resync` is true when the screen has missed an update and must ask for a snapshot. */
export function applyDelta(state: FeedState, d: Delta, now: number): { state: FeedState; resync: boolean } {
	const feed = state.orgs[d.org];
	if (!feed) {
		const early = { ...state.early, [d.org]: [...(state.early[d.org] ?? []), d].slice(-20) };
		return { state: { ...state, early }, resync: false };
	}
	if (d.seq <= feed.seq) return { state, resync: false }; // already applied (a snapshot overtook it)
	if (!follows(feed, d)) return { state, resync: true };
	return { state: { ...state, orgs: { ...state.orgs, [d.org]: merge(feed, d, now) } }, resync: false };
}

/** The pipeline confirmed every figure as of `asOf` without changing it. */
export function applyFresh(state: FeedState, asOf: string): FeedState {
	const orgs = Object.fromEntries(
		Object.entries(state.orgs).map(([org, feed]) => [org, asOf > feed.asOf ? { ...feed, asOf } : feed])
	);
	return { ...state, orgs };
}
