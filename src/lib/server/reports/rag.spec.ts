import { describe, expect, it } from 'vitest';
import { deriveRag, finalRag, riskScore, type KpiEvidence, type RagInputs } from './rag.ts';

// a scheme measured by one KPI: discharges a day against 15, over a month of 31 days averaging 11.2
const discharges = [...Array(21).fill(10), ...Array(10).fill(13.72)];
const kpi = (
	assurance: 'pass' | 'fail' | 'hit-or-miss' | null,
	variation: string | null = 'common',
	values: number[] = discharges
): KpiEvidence => ({
	name: 'Discharges',
	unit: 'discharges a day',
	direction: 'up',
	target: 15,
	values,
	assurance,
	variation: variation as never,
	rule: 'a point beyond the process limits',
	mean: 11.2,
	lower: 6.1,
	upper: 16.3
});
const base: RagInputs = { asOf: '2026-10-31', kpis: [kpi(null)], milestones: [], risks: [] };

describe('RAG derivation', () => {
	const cases: [string, Partial<RagInputs>, string, RegExp][] = [
		[
			'nothing wrong with a measured KPI is green, saying what was measured',
			{},
			'green',
			/^On track: 1 of 1 KPIs measured/
		],
		['a KPI that passes is green', { kpis: [kpi('pass')] }, 'green', /^On track/],
		[
			'a failing KPI is red, with its value, target, gap and days',
			{ kpis: [kpi('fail')] },
			'red',
			/^Discharges averaged 11\.2 discharges a day over 31 days against a target of 15 \(below it by 3\.8\); 31 of 31 days below it: it will not meet the target/
		],
		[
			'a KPI above its target says so, with the days below it',
			{ kpis: [kpi('hit-or-miss', 'common', [...Array(9).fill(13), ...Array(21).fill(18)])] },
			'amber',
			/averaged 16\.5 discharges a day over 30 days against a target of 15 \(above it by 1\.5\); 9 of 30 days below it/
		],
		[
			'a hit-or-miss KPI is amber',
			{ kpis: [kpi('hit-or-miss')] },
			'amber',
			/against a target of 15.*may or may not/
		],
		[
			'special cause of concern is amber, with the value and limits',
			{ kpis: [kpi('pass', 'concern-low')] },
			'amber',
			/Discharges was 13\.7 discharges a day on the latest day, a special cause of concern \(a point beyond the process limits\) against a mean of 11\.2 and process limits of 6\.1 to 16\.3/
		],
		[
			'a KPI with no data this month is not judged on an old assurance',
			{ kpis: [kpi('fail', 'concern-low', [])] },
			'grey',
			/^Not assessed: no data this period for Discharges/
		],
		[
			'a scheme with no KPI that is a figure is not assessed, never green',
			{ kpis: [] },
			'grey',
			/it has no KPI that is a figure/
		],
		[
			'a scheme with no live KPI but a late milestone is still red',
			{
				kpis: [],
				milestones: [{ activity: 'Recruit', due: '2013-12-31', revised_due: null, done_on: null }]
			},
			'red',
			/“Recruit” is 4,687 days late \(due 31 Dec 2013\)/
		],
		[
			'a milestone 10 days late is amber',
			{ milestones: [{ activity: 'Recruit', due: '2026-10-21', revised_due: null, done_on: null }] },
			'amber',
			/10 days late/
		],
		[
			'a milestone 31 days late is red',
			{ milestones: [{ activity: 'Recruit', due: '2026-09-30', revised_due: null, done_on: null }] },
			'red',
			/31 days late/
		],
		[
			'a revised date counts, not the first one',
			{ milestones: [{ activity: 'Recruit', due: '2026-08-01', revised_due: '2026-11-15', done_on: null }] },
			'amber',
			/slipped 106 days/
		],
		[
			'a milestone done in time is green',
			{ milestones: [{ activity: 'Recruit', due: '2026-08-01', revised_due: null, done_on: '2026-07-30' }] },
			'green',
			/^On track/
		],
		[
			'a milestone done after the month is still late in it',
			{ milestones: [{ activity: 'Recruit', due: '2026-10-01', revised_due: null, done_on: '2026-11-03' }] },
			'amber',
			/30 days late/
		],
		[
			'a High × Med risk is amber',
			{ risks: [{ description: 'Workforce', probability: 'High', impact: 'Med' }] },
			'amber',
			/scores 6/
		],
		[
			'a High × High risk is red',
			{ risks: [{ description: 'Workforce', probability: 'High', impact: 'High' }] },
			'red',
			/scores 9/
		],
		[
			'a Med × Med risk is green',
			{ risks: [{ description: 'Workforce', probability: 'Med', impact: 'Med' }] },
			'green',
			/^On track/
		]
	];
	it.each(cases)('%s', (_, change, rag, reason) => {
		const result = deriveRag({ ...base, ...change });
		expect(result.rag).toBe(rag);
		expect(result.reasons[0]).toMatch(reason);
	});

	it('takes the worst finding and lists the worst reasons first', () => {
		const result = deriveRag({
			...base,
			kpis: [kpi('hit-or-miss')],
			risks: [{ description: 'Beds', probability: 'High', impact: 'High' }]
		});
		expect(result.rag).toBe('red');
		expect(result.reasons).toEqual([expect.stringMatching(/Beds/), expect.stringMatching(/may or may not/)]);
	});

	it('lets a lead override only with a comment', () => {
		expect(finalRag('red', { rag: 'amber', comment: 'Recovery plan agreed with the ICB' })).toEqual({
			rag: 'amber',
			overridden: true,
			comment: 'Recovery plan agreed with the ICB'
		});
		expect(finalRag('red', { rag: 'green', comment: '  ' })).toEqual({
			rag: 'red',
			overridden: false,
			comment: null
		});
		expect(finalRag('amber', null).rag).toBe('amber');
	});

	it('scores risks as probability × impact, and not without both', () => {
		expect(riskScore({ probability: 'Low', impact: 'High' })).toBe(3);
		expect(riskScore({ probability: null, impact: 'High' })).toBeNull();
	});
});
