import { describe, expect, it } from 'vitest';
import { deriveRag, finalRag, riskScore, type RagInputs } from './rag.ts';

const base: RagInputs = { asOf: '2026-10-31', kpis: [], milestones: [], risks: [] };
const kpi = (assurance: 'pass' | 'fail' | 'hit-or-miss' | null, variation: string | null = 'common') => ({
	name: 'Discharges today',
	assurance,
	variation: variation as never
});

describe('RAG derivation', () => {
	const cases: [string, Partial<RagInputs>, string, RegExp][] = [
		['nothing wrong is green', {}, 'green', /on track/],
		['a KPI that passes is green', { kpis: [kpi('pass')] }, 'green', /on track/],
		['a failing KPI is red', { kpis: [kpi('fail')] }, 'red', /will not meet its target/],
		['a hit-or-miss KPI is amber', { kpis: [kpi('hit-or-miss')] }, 'amber', /may or may not/],
		['special cause of concern is amber', { kpis: [kpi('pass', 'concern-high')] }, 'amber', /of concern/],
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
			/on track/
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
			/on track/
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
		expect(result.reasons).toEqual([expect.stringMatching(/Beds/), expect.stringMatching(/hit or miss/)]);
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
