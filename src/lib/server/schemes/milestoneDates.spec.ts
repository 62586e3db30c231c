// Every date text in the reference plans, read as a due date (the end of the period it names).
import { describe, expect, it } from 'vitest';
import { dueFromText, plannedDue } from './milestoneDates.ts';

describe('milestone dates from plan text', () => {
	it.each([
		['2013', '2013-12-31'],
		['June 2013', '2013-06-30'],
		['Sept 2015', '2015-09-30'],
		['Nov 14', '2014-11-30'],
		['July15', '2015-07-31'],
		['Mar 16', '2016-03-31'],
		['February 2016', '2016-02-29'],
		['end of September 2014', '2014-09-30'],
		['17 Nov 2015', '2015-11-17'],
		['31 March 2016', '2016-03-31'],
		['1.12.14', '2014-12-01'],
		['26.5.15', '2015-05-26'],
		['2014/15', '2015-03-31'],
		['latter part of 2013', '2013-12-31'],
		['towards the end of 2013', '2013-12-31'],
		['Nov 1st (year not stated; 2014 inferred)', '2014-11-01']
	])('%s is due by %s', (text, due) => expect(dueFromText(text)).toBe(due));

	it.each(['approval of funding', '+12 months', '', null, '31.2.15', 'Smarch 2015'])(
		'%s names no date',
		(text) => expect(dueFromText(text)).toBeNull()
	);

	it('takes the end the plan gives, else the start', () => {
		expect(plannedDue('July 2015', 'Dec 2015')).toBe('2015-12-31');
		expect(plannedDue('October 2014', null)).toBe('2014-10-31');
		expect(plannedDue('approval of funding', '+12 months')).toBeNull();
	});
});
