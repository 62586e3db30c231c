// The view a drill-down address asks for: a figure that means nothing over a day is shown by week.
import { describe, expect, it } from 'vitest';
import { readView } from './drilldown.ts';

const view = (query: string) => readView(new URL(`http://x/org/medway-maritime?${query}`));

describe('the drill-down view', () => {
	it('shows the weekend share by week at the shortest, whatever bucket the address kept from another metric', () => {
		expect(view('metric=weekend_discharges_pct&bucket=day')).toMatchObject({ bucket: 'week' });
		expect(view('metric=weekend_discharges_pct&bucket=hour&range=7d')).toMatchObject({ bucket: 'week' });
		expect(view('metric=weekend_discharges_pct')).toMatchObject({ bucket: 'week' });
		expect(view('metric=weekend_discharges_pct&bucket=month')).toMatchObject({ bucket: 'month' });
		expect(view('metric=weekend_discharges_pct&bucket=fortnight')).toHaveProperty('problem');
	});
	it('leaves every other metric at the bucket asked for', () => {
		expect(view('metric=discharged_on_edd_pct&bucket=day')).toMatchObject({ bucket: 'day' });
		expect(view('metric=msl&bucket=hour&range=7d')).toMatchObject({ bucket: 'hour' });
	});
});
