import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { saveMilestone, savePlan, saveRisk } from './edits.ts';
import { loadScheme } from './register.ts';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

for (const backend of await backends()) {
	describe(`scheme edits on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
		});
		afterAll(() => store?.drop());

		it('loads every scheme of the plans with its KPIs and the live metrics they claim', async () => {
			const nk3a = await loadScheme(store.db, 'NK-3a');
			expect(nk3a?.scheme.name).toContain('Integrated Discharge Team');
			expect(nk3a?.org?.code).toBe('medway-maritime');
			expect(nk3a?.metrics).toEqual(expect.arrayContaining(['msl', 'discharges_today', 'los_over_15']));
		});

		it('saves a plan with its trajectory and records who changed what', async () => {
			const result = await savePlan(
				store.db,
				'NK-3a',
				form({
					metric: 'discharges_today',
					baseline: '11',
					target: '15',
					target_date: '2027-03-31',
					go_live: '2026-10-01',
					trajectory: '2027-03-31 15\n2026-12-31 13'
				}),
				'IDT lead'
			);
			expect(result.problems).toBeNull();
			const scheme = await loadScheme(store.db, 'NK-3a');
			const plan = scheme!.plans.find((p) => p.metric === 'discharges_today')!;
			expect([Number(plan.baseline), Number(plan.target)]).toEqual([11, 15]);
			expect(plan.trajectory).toEqual([
				{ date: '2026-12-31', value: 13 },
				{ date: '2027-03-31', value: 15 }
			]);
			expect(scheme!.history[0]).toMatchObject({ who: 'IDT lead', what: 'plan for Discharges today' });
		});

		it('names each bad field and changes nothing', async () => {
			const result = await savePlan(
				store.db,
				'NK-3a',
				form({ metric: 'beds', target: 'lots', go_live: '31/12/2026', trajectory: 'soon 3' }),
				'someone'
			);
			expect(Object.keys(result.problems ?? {}).sort()).toEqual([
				'go_live',
				'metric',
				'target',
				'trajectory'
			]);
			const risk = await saveRisk(
				store.db,
				'NK-3a',
				form({ description: '', probability: 'Huge', impact: 'Low' }),
				'x'
			);
			expect(Object.keys(risk.problems ?? {}).sort()).toEqual(['description', 'probability']);
			expect((await loadScheme(store.db, 'NK-3a'))!.history.length).toBe(1);
		});

		it('revises a milestone and adds a risk, each in the history', async () => {
			expect(
				(
					await saveMilestone(
						store.db,
						'NK-3a',
						form({ position: '0', due: '2026-09-30', revised_due: '2026-11-30' }),
						'PMO'
					)
				).problems
			).toBeNull();
			expect(
				(
					await saveRisk(
						store.db,
						'NK-3a',
						form({ description: 'Care home capacity falls', probability: 'High', impact: 'Med' }),
						'PMO'
					)
				).problems
			).toBeNull();
			const scheme = (await loadScheme(store.db, 'NK-3a'))!;
			expect(scheme.milestones[0]).toMatchObject({ due: expect.anything(), revised_due: expect.anything() });
			expect(scheme.risks.at(-1)).toMatchObject({
				description: 'Care home capacity falls',
				probability: 'High',
				impact: 'Med'
			});
			expect(scheme.history.map((h) => h.what).slice(0, 2)).toEqual([
				'new risk',
				expect.stringContaining('milestone')
			]);
		});
	});
}
