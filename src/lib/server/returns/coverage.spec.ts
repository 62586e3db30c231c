// Every KPI of the reference catalogue is measured one way or said not to be a figure, with a reason; and in the
// demo every scheme has something measured for its monthly report, live or returned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogue from '../../../../db/reference/catalogue.json' with { type: 'json' };
import measures from '../../../../db/reference/measures.json' with { type: 'json' };
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { METRICS } from '../../catalogue.ts';
import { buildHighlight, buildProgramme } from '../reports/highlight.ts';
import { lastCompleteMonth } from '../reports/periods.ts';
import { seedSimulatedReturns } from '../simulator/returns.ts';
import { measuredBy, whyNotMeasurable } from './coverage.ts';

const kpis = [...catalogue.kpis, ...measures.addedKpis];

describe('how each KPI is measured', () => {
	it('puts every catalogued KPI in one of three kinds, giving a reason for those that are no figure', () => {
		const counts = { events: 0, returns: 0, none: 0 };
		for (const k of kpis) {
			const by = measuredBy(k.id);
			expect(by, k.id).not.toBeNull();
			counts[by!]++;
			if (by === 'none') expect(whyNotMeasurable(k.id)!.length, k.id).toBeGreaterThan(20);
		}
		expect(counts.events + counts.returns + counts.none).toBe(kpis.length);
		// README.md, "Every scheme measured", gives these counts
		expect(counts).toEqual({ events: 55, returns: 114, none: 46 });
	});

	it('lists as no figure only KPIs that exist and that no metric computes', () => {
		const ids = new Set(kpis.map((k) => k.id));
		const computed = new Set(METRICS.flatMap((m) => m.kpis));
		for (const id of Object.keys(measures.notMeasurable)) {
			expect(ids.has(id), id).toBe(true);
			expect(computed.has(id), id).toBe(false);
		}
		const schemes = new Set(catalogue.schemes.map((s) => s.id));
		for (const link of measures.addedLinks) {
			expect(schemes.has(link.scheme) && ids.has(link.kpi), link.kpi).toBe(true);
			expect(link.source).toMatch(/^\d{3}_[0-9a-f]+\.txt L\d+/);
		}
	});
});

for (const backend of await backends()) {
	describe(`every scheme measured in the demo on ${backend}`, () => {
		let store: TestStore;
		const now = new Date('2026-12-01T09:00:00Z');
		beforeAll(async () => {
			store = await testStore(backend);
		});
		afterAll(() => store?.drop());

		it('gives every one of the 52 schemes a KPI or spend with data in its monthly report', async () => {
			const added = await seedSimulatedReturns(store.db, now);
			expect(added).toBeGreaterThan(1000);
			// a second start adds nothing for months already returned
			expect(await seedSimulatedReturns(store.db, now)).toBe(0);
			const month = lastCompleteMonth(now);
			const ids = (await store.db.selectFrom('scheme').select('id').execute()).map((s) => s.id);
			expect(ids).toHaveLength(52);
			const unmeasured: string[] = [];
			for (const id of ids) {
				const report = (await buildHighlight(store.db, id, month, now))!;
				const measured = report.kpis.some((k) => k.measured) || report.spend?.actual != null;
				if (!measured) unmeasured.push(id);
				// what a simulator made says so
				for (const k of report.kpis.filter((k) => k.returned)) expect(k.returned!.simulated).toBe(true);
				if (report.spend?.actual != null) expect(report.spend.simulated).toBe(true);
				expect(report.rag.final).not.toBe('grey');
			}
			expect(unmeasured).toEqual([]);
		});

		it('totals the pooled fund by HWB area and source, without counting a totals row twice', async () => {
			const month = lastCompleteMonth(now);
			const programme = await buildProgramme(store.db, month, now);
			expect(programme.schemes.filter((s) => s.simulated).length).toBeGreaterThan(40);
			const fund = programme.fund!;
			expect(fund.year).toBe('2026/27');
			expect(fund.note).toMatch(/no lines for 2026\/27/);
			const kent = fund.byHwb.find((h) => h.hwb === 'hwb-kent')!;
			// the Kent expenditure plan's lines for 2015/16 add up to its totals row, £101,404k; the other Kent
			// schemes' own lines come on top, and the totals row itself is not counted again
			const expLines = (await buildHighlight(store.db, 'KENT-EXP-TOTAL', month, now))!.spend!.plan;
			expect(expLines).toBe(101_404);
			expect(kent.plan).toBeGreaterThanOrEqual(101_404);
			expect(kent.plan).toBeLessThan(2 * 101_404);
			expect(kent.actual).not.toBeNull();
			expect(fund.bySource.map((f) => f.source)).toContain('CCG Minimum Contribution');
		});
	});
}
