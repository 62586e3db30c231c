import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { buildHighlight } from '../reports/highlight.ts';
import { issueReport } from '../reports/issue.ts';
import { month } from '../reports/periods.ts';
import {
	approvedReturns,
	decideReturn,
	listReturns,
	returnContext,
	ReturnRefused,
	saveReturn,
	submitReturn
} from './returns.ts';
import { validateReturn, type ReturnInput } from './validate.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const lead = { by: 'lead', source: 'form' };

for (const backend of await backends()) {
	describe(`KPI returns on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
		});
		afterAll(() => store?.drop());

		const input = async (raw: Record<string, unknown>): Promise<ReturnInput> => {
			const checked = validateReturn(raw, await returnContext(store.db, NOW));
			if ('problems' in checked) throw new Error(JSON.stringify(checked.problems));
			return checked.input;
		};

		it('checks every field and says what is wrong with each', async () => {
			const context = await returnContext(store.db, NOW);
			const problems = (raw: Record<string, unknown>) => {
				const r = validateReturn(raw, context);
				return 'problems' in r ? r.problems : {};
			};
			expect(problems({ kpi: 'DIS-01', org: 'nowhere', period: '2026-13', value: 'lots' })).toEqual({
				kpi: 'DIS-01 is not a KPI fed by returns (computed KPIs come from events)',
				org: 'there is no organisation nowhere',
				period: '2026-13 is not a month (2026-10) or a quarter (2026-Q3)',
				value: 'value must be a number'
			});
			expect(
				problems({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-12', value: 95 }).period
			).toMatch(/has not ended/);
			expect(problems({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-11', value: 120 }).value).toBe(
				'a percentage is between 0 and 100'
			);
			expect(problems({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-11' }).value).toMatch(
				/give a value/
			);
			expect(
				problems({
					kpi: 'CP-05',
					org: 'hwb-leicestershire',
					period: '2026-11',
					value: 1,
					numerator: 1,
					denominator: 2
				}).value
			).toMatch(/not both/);
			expect(
				problems({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-11', numerator: 3, denominator: 0 })
					.denominator
			).toBe('denominator must be above 0');
			expect(
				problems({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-11', numerator: 3 }).denominator
			).toMatch(/needs a denominator/);
			expect(problems({ kpi: 'DIS-12', org: 'hwb-leicestershire', period: '2026-11', value: 3 }).kpi).toMatch(
				/not a KPI fed by returns/
			);
			expect(problems({ kpi: 'SPEND', org: 'hwb-kent', period: '2026-Q3', value: 10 }).scheme).toBe(
				'a spend return names its scheme'
			);
			expect(
				problems({
					kpi: 'SPEND',
					scheme: 'KENT-EXP-DFG',
					org: 'hwb-leicestershire',
					period: '2026-Q3',
					value: 10
				}).org
			).toMatch(/returned for hwb-kent/);
			expect(
				problems({ kpi: 'cp-06', org: 'hwb-leicestershire', period: '2026-q3', value: '1,204.5' })
			).toEqual({});
		});

		it('keeps a draft until it is submitted, and only an approved version counts', async () => {
			const first = await saveReturn(
				store.db,
				await input({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-10', value: 80 }),
				lead,
				false
			);
			expect(first).toMatchObject({ version: 1, state: 'draft' });
			// editing a draft changes it in place
			const edited = await saveReturn(
				store.db,
				await input({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-10', value: 82 }),
				lead,
				false
			);
			expect(edited.id).toBe(first.id);
			expect(await approvedReturns(store.db, 'hwb-leicestershire', ['CP-05'])).toEqual([]);
			await expect(decideReturn(store.db, first.id, 'approved', 'exec', null)).rejects.toThrow(
				/only a submitted return/
			);
			await submitReturn(store.db, first.id, 'lead');
			await expect(decideReturn(store.db, first.id, 'rejected', 'exec', ' ')).rejects.toThrow(/says why/);
			await decideReturn(store.db, first.id, 'approved', 'exec', null);
			const approved = await approvedReturns(store.db, 'hwb-leicestershire', ['CP-05']);
			expect(approved.map((r) => [r.period, r.value, r.version, r.decidedBy])).toEqual([
				['2026-10', 82, 1, 'exec']
			]);
		});

		it('corrects an approved figure only by a new version with a reason, approved again', async () => {
			const again = await input({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-10', value: 90 });
			await expect(saveReturn(store.db, again, lead, true)).rejects.toThrow(ReturnRefused);
			const v2 = await saveReturn(store.db, { ...again, reason: 'two homes were missed' }, lead, true);
			expect(v2).toMatchObject({ version: 2, state: 'submitted' });
			// until version 2 is approved, version 1 is in force
			expect((await approvedReturns(store.db, 'hwb-leicestershire', ['CP-05']))[0]).toMatchObject({
				version: 1,
				value: 82
			});
			const versions = await listReturns(store.db, 'hwb-leicestershire', ['CP-05'], 'LEI-LTC1');
			expect(versions.map((r) => [r.version, r.state, r.superseded])).toEqual([
				[2, 'submitted', false],
				[1, 'approved', true]
			]);
			await expect(decideReturn(store.db, versions[1].id, 'approved', 'exec', null)).rejects.toThrow(
				/corrected by version 2/
			);
			await decideReturn(store.db, v2.id, 'approved', 'exec', null);
			expect((await approvedReturns(store.db, 'hwb-leicestershire', ['CP-05']))[0]).toMatchObject({
				version: 2,
				value: 90,
				reason: 'two homes were missed'
			});
		});

		it('feeds the monthly report with the version in force, and an issued report keeps the one it printed', async () => {
			const october = month(2026, 10);
			const before = await buildHighlight(store.db, 'LEI-LTC1', october, NOW);
			const line = before!.kpis.find((k) => k.kpi === 'CP-05')!;
			expect(line).toMatchObject({
				thisMonth: 90,
				measured: true,
				target: 95,
				returned: { version: 2, period: '2026-10' }
			});
			expect(line.targetNote).toContain('95%');
			const issued = await issueReport(store.db, {
				kind: 'monthly',
				scope: 'LEI-LTC1',
				period: '2026-10',
				title: before!.title,
				asOf: before!.asOf,
				content: before,
				by: 'exec'
			});
			const v3 = await saveReturn(
				store.db,
				{
					...(await input({ kpi: 'CP-05', org: 'hwb-leicestershire', period: '2026-10', value: 96 })),
					reason: 'audit'
				},
				lead,
				true
			);
			await decideReturn(store.db, v3.id, 'approved', 'exec', null);
			const after = await buildHighlight(store.db, 'LEI-LTC1', october, NOW);
			expect(after!.kpis.find((k) => k.kpi === 'CP-05')).toMatchObject({
				thisMonth: 96,
				returned: { version: 3 }
			});
			const frozen = await store.db
				.selectFrom('report')
				.select('content')
				.where('id', '=', issued.id)
				.executeTakeFirstOrThrow();
			const printed = (
				frozen.content as { kpis: { kpi?: string; thisMonth: number; returned: { version: number } }[] }
			).kpis.find((k) => k.kpi === 'CP-05');
			expect(printed).toMatchObject({ thisMonth: 90, returned: { version: 2 } });
		});

		it('sums spend against the plan for the financial year, with a forecast at the rate returned', async () => {
			for (const [period, value] of [
				['2026-Q2', 3000],
				['2026-07', 1000],
				['2026-08', 1000]
			] as const) {
				const r = await saveReturn(
					store.db,
					await input({ kpi: 'SPEND', scheme: 'KENT-EXP-DFG', org: 'hwb-kent', period, value }),
					lead,
					true
				);
				await decideReturn(store.db, r.id, 'approved', 'exec', null);
			}
			const august = await buildHighlight(store.db, 'KENT-EXP-DFG', month(2026, 8), NOW);
			expect(august!.spend).toMatchObject({
				year: '2026/27',
				actual: 5000,
				monthsReturned: 5,
				monthsElapsed: 5,
				forecast: 12000
			});
			expect(august!.spend!.planNote).toMatch(/no line for 2026\/27/);
			expect(august!.spend!.variance).toBe(12000 - august!.spend!.plan!);
			expect(august!.rag.reasons.join(' ')).toMatch(/Forecast outturn for 2026\/27 is £12,000k/);
		});
	});
}
