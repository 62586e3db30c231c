import { describe, expect, it } from 'vitest';
import catalogue from '../../db/reference/catalogue.json' with { type: 'json' };
import { checkInput, opportunity, PAPER_AVERAGE_PER_1000, type RiskTier } from './opportunity.ts';

// the paper's table, read from the catalogue rather than typed again
const table = catalogue.tables.find((t) => t.id === 'TAB-RISK-PYRAMID')!;
const col = (name: string) => table.columns.indexOf(name);
const PAPER: RiskTier[] = table.rows.map((row) => ({
	level: String(row[col('level')]),
	populationPct: Number(row[col('population_share_pct')]),
	admissionsPct: Number(row[col('share_of_total_emergency_admissions_pct')]),
	intervention: String(row[col('intervention')])
}));

describe('the ICS paper’s opportunity arithmetic', () => {
	const paper = (targetPct = 10, planPct?: number[]) =>
		opportunity({
			population: 100_000,
			ratePer1000: PAPER_AVERAGE_PER_1000,
			targetPct,
			tiers: PAPER,
			planPct
		});

	it('reads the pyramid 0.5 / 4.5 / 15 / 80% carrying 9.3 / 24.8 / 25.5 / 40%', () => {
		expect(PAPER.map((t) => t.populationPct)).toEqual([0.5, 4.5, 15, 80]);
		expect(PAPER.map((t) => t.admissionsPct)).toEqual([9.3, 24.8, 25.5, 40]);
	});

	it('gives each tier the relative rate the paper states (18.6, 5.5, 1.7, 0.5 × average)', () => {
		const rates = paper().tiers.map((t) => Number(t.relativeRate.toFixed(1)));
		expect(rates).toEqual([18.6, 5.5, 1.7, 0.5]);
		// and so roughly its admissions per 1,000 people in the tier: 1,170 / 346 / 107 / 32
		const per1000 = paper().tiers.map((t) => (1000 * t.admissions) / t.people);
		expect(per1000.map((r) => Math.round(r / 10))).toEqual([117, 35, 11, 3]);
	});

	it('a 10% cut from the 0.5% at highest risk alone needs 107.5% of their admissions: impossible', () => {
		const veryHigh = paper().tiers[0];
		expect(veryHigh.toAvoidAlonePct).toBeCloseTo(107.5, 1);
		expect(veryHigh.impossible).toBe(true);
	});

	it('from the next 4.5% alone it needs about 40% of theirs, which is possible', () => {
		const high = paper().tiers[1];
		expect(Math.round(high.toAvoidAlonePct)).toBe(40);
		expect(high.impossible).toBe(false);
		expect(
			paper()
				.tiers.slice(1)
				.every((t) => !t.impossible)
		).toBe(true);
	});

	it('counts admissions for a population: 100,000 people at 63 per 1,000, 10% is 630 to avoid', () => {
		const o = paper();
		expect(o.admissions).toBe(6300);
		expect(o.target).toBe(630);
		expect(o.tiers[0].people).toBe(500);
		expect(o.tiers[0].admissions).toBeCloseTo(585.9, 1);
	});

	it('adds up a plan spread over the tiers: 50% of the very high and 20% of the high reach 9.61%', () => {
		const o = paper(10, [50, 20, 0, 0]);
		expect(o.plannedPct).toBeCloseTo(0.5 * 9.3 + 0.2 * 24.8, 6);
		expect(o.planned).toBeCloseTo(6300 * 0.0961, 6);
		expect(o.plannedPct < 10).toBe(true);
	});

	it('names every bad input by its field', () => {
		expect(checkInput({ population: 100_000, ratePer1000: 63, targetPct: 10, tiers: PAPER })).toEqual([]);
		const problems = checkInput({
			population: 12.5,
			ratePer1000: NaN,
			targetPct: 150,
			tiers: PAPER.map((t, i) => (i === 0 ? { ...t, populationPct: 5 } : t)),
			planPct: [120, 0, 0, 0]
		});
		expect(problems.map((p) => p.field)).toEqual(['population', 'rate', 'target', 'plan0', 'pop0']);
		expect(problems.find((p) => p.field === 'pop0')?.reason).toMatch(/add up to 104.5%/);
	});
});
