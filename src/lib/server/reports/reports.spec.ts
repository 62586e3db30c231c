// Packs, actions and the frozen-report rule against both backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { createUser } from '../auth/users.ts';
import { ingest } from '../ingest/ingest.ts';
import { londonDate } from '../time.ts';
import { chartActions, closeAction, listActions, recordAction } from './actions.ts';
import { buildHighlight, buildProgramme } from './highlight.ts';
import { getReport, issueReport } from './issue.ts';
import { monthOf, previousWeek, weekOf } from './periods.ts';
import { buildWeeklyPack } from './weekly.ts';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

for (const backend of await backends()) {
	describe(`meetings on ${backend}`, () => {
		let store: TestStore;
		const today = londonDate(new Date());
		beforeAll(async () => {
			store = await testStore(backend);
			await createUser(store.db, {
				username: 'ops.director',
				displayName: 'Ops Director',
				password: 'a long enough passphrase',
				grants: [{ role: 'executive', org: 'kent-medway' }]
			});
			// one admission at each acute Kent site a month ago: they have sent data, so each has a page in the pack
			const at = new Date(Date.now() - 30 * 86_400_000).toISOString();
			const sites = ['medway-maritime', 'darent-valley', 'qeqm', 'william-harvey', 'kent-canterbury'];
			const events = sites.map((site) => ({
				id: `adm-${site}`,
				type: 'admission',
				occurredAt: at,
				site,
				spell: `sp-${site}`,
				patient: `pt-${site}`,
				method: 'emergency'
			}));
			const result = await ingest(store.db, { id: 'test', source: 'reports-spec', orgs: null }, events);
			expect(result.accepted).toBe(sites.length);
		});
		afterAll(() => store?.drop());

		it('refuses an action without what, owner, due date, figure or organisation', async () => {
			const result = await recordAction(
				store.db,
				form({ due: '2000-01-01', metric: 'beds', owner: 'nobody' }),
				'test',
				today
			);
			expect(result).toEqual({
				problems: {
					what: expect.any(String),
					owner: 'There is no active user nobody',
					due: 'The due date is in the past',
					metric: expect.any(String),
					org: 'Choose the organisation or the scheme it addresses'
				}
			});
		});

		it('builds a pack per site with the actions agreed, and keeps them in later packs until closed', async () => {
			const week = weekOf(new Date());
			const lastWeek = previousWeek(week);
			const recorded = await recordAction(
				store.db,
				form({
					what: 'Second discharge coordinator at weekends',
					owner: 'ops.director',
					due: '2099-01-31',
					metric: 'msl',
					org: 'medway-maritime'
				}),
				'test',
				today
			);
			if (!('id' in recorded)) throw new Error(JSON.stringify(recorded));
			const pack = (await buildWeeklyPack(store.db, 'kent-medway', lastWeek))!;
			expect(pack.sites.map((s) => s.code)).toEqual([
				'medway-maritime',
				'darent-valley',
				'qeqm',
				'william-harvey',
				'kent-canterbury'
			]);
			// a step-down unit the Thanet plan names: no source has sent its events, so it is named, without a page
			expect(pack.silent).toEqual([
				{ code: 'westbrook-house', name: 'Westbrook House (Victoria Unit), step-down beds' }
			]);
			expect(pack.sites[0].figures.map((f) => f.metric)).toContain('los_over_30');
			expect(pack.compared.lastYear).toMatch(/^\d{4}-W\d{2}$/);
			const thisWeek = (await buildWeeklyPack(store.db, 'kent-medway', week))!;
			expect(thisWeek.actions.map((a) => a.what)).toContain('Second discharge coordinator at weekends');
			expect(thisWeek.sites[0].actions).toHaveLength(1);
			expect(await chartActions(store.db, 'medway-maritime', 'msl', '2000-01-01', today)).toMatchObject([
				{ agreedOn: today }
			]);
			expect(
				await listActions(store.db, { owner: 'ops.director', openOnly: true }, '2099-02-01')
			).toMatchObject([{ overdue: true }]);
			expect(await closeAction(store.db, recorded.id, 'done', today)).toBe(true);
			expect(await listActions(store.db, { owner: 'ops.director', openOnly: true }, today)).toEqual([]);
		});

		it('freezes an issued report: later changes do not alter it, the row cannot be updated, a re-issue is a revision', async () => {
			const month = monthOf(new Date());
			const first = (await buildHighlight(store.db, 'NK-3a', month))!;
			expect(first.rag.overridden).toBe(false);
			// counts are a day's average, to sit beside their daily targets; census figures are the month's end
			const kpi = (m: string) => first.kpis.find((k) => k.metric === m)!;
			expect([kpi('discharges_today').averaged, kpi('discharges_today').target, kpi('msl').averaged]).toEqual(
				[true, 15, false]
			);
			const issued = await issueReport(store.db, {
				kind: 'monthly',
				scope: 'NK-3a',
				period: month.label,
				title: first.title,
				asOf: first.asOf,
				content: first,
				by: 'test'
			});
			expect(issued.version).toBe(1);
			// the lead changes the status afterwards; late data could arrive the same way
			await store.db
				.insertInto('scheme_month')
				.values({
					scheme: 'NK-3a',
					month: month.first,
					rag_override: 'red',
					rag_comment: 'Workforce gap',
					updated_by: 'lead'
				})
				.execute();
			const later = (await buildHighlight(store.db, 'NK-3a', month))!;
			expect(later.rag).toMatchObject({ final: 'red', comment: 'Workforce gap' });
			const frozen = (await getReport(store.db, issued.id))!;
			expect((frozen.content as typeof first).rag).toEqual(first.rag);
			const e = await sql`UPDATE report SET title = 'changed' WHERE id = ${issued.id}`.execute(store.db).then(
				() => null,
				(err) => err
			);
			expect(e?.code).toBe('42501');
			const second = await issueReport(store.db, {
				kind: 'monthly',
				scope: 'NK-3a',
				period: month.label,
				title: later.title,
				asOf: later.asOf,
				content: later,
				by: 'test'
			});
			expect(second.version).toBe(2);
			const revision = (await getReport(store.db, second.id))!;
			expect(revision.revises).toMatchObject({ id: issued.id, version: 1 });
			expect((await getReport(store.db, issued.id))!.revisedBy).toMatchObject({ id: second.id, version: 2 });
		});

		it('gives a rate the documents’ target at the scheme’s trust, but not a count set per site', async () => {
			const report = (await buildHighlight(store.db, 'AC-IUCC', monthOf(new Date())))!;
			const line = (metric: string) => report.kpis.find((k) => k.metric === metric);
			// "4 patients a GP hour" holds for the trust as for each of its sites
			expect(line('gp_patients_per_hour')).toMatchObject({ target: 4 });
			// "10 by 10:00" at each of two sites is not the trust's figure
			expect(line('discharges_before_10_today')).toMatchObject({ target: null });
		});

		it('sums the programme by status, one row per scheme', async () => {
			const report = await buildProgramme(store.db, monthOf(new Date()));
			const total = report.counts.red + report.counts.amber + report.counts.green + report.counts.grey;
			expect(total).toBe(report.schemes.length);
			// the reference plans' open milestones from 2013–16 are late, not undated: no scheme holding one is green
			expect(report.counts.green).toBeLessThan(report.schemes.length);
			expect(report.schemes.find((s) => s.id === 'NK-3a')).toMatchObject({ rag: 'red' });
		});
	});
}
