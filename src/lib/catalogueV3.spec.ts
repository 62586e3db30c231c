import { describe, expect, it } from 'vitest';
import { communityOf } from './catalogueV3.ts';

describe('what an organisation’s community sources send', () => {
	it('makes a practice’s figures, and a unit’s with beds but no inpatients, the community’s alone', () => {
		expect(communityOf('practice', { registered: 0 }).only).toBe(true);
		expect(communityOf('site', { ic_beds: 8, ic_occupied: 3, inpatients: 0 })).toEqual({
			only: true,
			headline: ['ic_occupied', 'ic_occupancy_pct']
		});
	});

	it('adds the community figures sent to a hospital’s or an area’s, and none that were not', () => {
		expect(communityOf('system', { inpatients: 400, registered: 170, ic_beds: 8 })).toEqual({
			only: false,
			headline: ['registered', 'registered_with_plan_pct', 'ic_occupied', 'ic_occupancy_pct']
		});
		expect(communityOf('site', { inpatients: 150 })).toEqual({ only: false, headline: [] });
	});
});
