import { describe, expect, it } from 'vitest';
import { silentFeeds, tileStatus, type AlarmView } from './alarms.ts';

describe('a tile status', () => {
	it('puts an open alarm before the target, and says no data rather than judging a missing figure', () => {
		expect(tileStatus({ value: 10, target: 5, direction: 'up', alarm: 'raised' })).toBe('alarm');
		expect(tileStatus({ value: 10, target: 5, direction: 'up', alarm: 'acknowledged' })).toBe('acknowledged');
		expect(tileStatus({ value: null, target: 5, direction: 'up', alarm: null })).toBe('no-data');
	});
	it('judges against the target in the direction of good', () => {
		expect(tileStatus({ value: 5, target: 5, direction: 'up', alarm: null })).toBe('on-target');
		expect(tileStatus({ value: 4, target: 5, direction: 'up', alarm: null })).toBe('off-target');
		expect(tileStatus({ value: 4, target: 5, direction: 'down', alarm: null })).toBe('on-target');
		expect(tileStatus({ value: 6, target: 5, direction: 'down', alarm: null })).toBe('off-target');
		expect(tileStatus({ value: 6, target: null, direction: 'down', alarm: null })).toBe('no-target');
		expect(tileStatus({ value: 6, target: 5, direction: 'monitor', alarm: null })).toBe('no-target');
	});
});

describe('silent feeds', () => {
	it('are the open feed alarms, with the time of the last event', () => {
		const alarm = (kind: AlarmView['kind'], state: AlarmView['state']): AlarmView => ({
			id: 1,
			org: 'medway-maritime',
			orgName: 'Medway Maritime Hospital',
			metric: null,
			kind,
			message: '',
			value: Date.UTC(2026, 0, 5, 14, 5),
			state,
			raisedAt: '',
			acknowledgedAt: null,
			acknowledgedBy: null,
			comment: null,
			resolvedAt: null,
			resolvedBy: null,
			resolveReason: null,
			escalatedSteps: 0
		});
		expect(
			silentFeeds([alarm('feed', 'acknowledged'), alarm('limit', 'raised'), alarm('feed', 'resolved')])
		).toEqual([
			{ site: 'medway-maritime', siteName: 'Medway Maritime Hospital', since: '2026-01-05T14:05:00.000Z' }
		]);
	});
});
