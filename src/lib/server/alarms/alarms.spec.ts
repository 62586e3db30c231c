// Alarms on every backend: raised once however often the figure is evaluated, acknowledged by a person, resolved when
// the figure comes back or by hand, escalated by the policy with the clock moved on (a fake clock: the worker and
// escalation take `now`), and every step recorded and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { readConfig } from '../config.ts';
import { openStore, type Store } from '../db/index.ts';
import { ingest } from '../ingest/ingest.ts';
import { escalateDue, savePolicy } from './escalation.ts';
import type { Notice } from './notify/message.ts';
import { acknowledge, alarmSteps, listAlarms, openAlarmsUnder, resolve } from './store.ts';
import { AlarmWorker } from './worker.ts';

const KEY = { id: 'test', source: 'alarm-spec', orgs: null };
const SITE = 'medway-maritime';
const MINUTE = 60_000;
const T0 = new Date('2026-03-02T10:00:00Z');

const admission = (n: number) => ({
	id: `adm-${n}`,
	type: 'admission',
	occurredAt: new Date(T0.getTime() - 60 * MINUTE).toISOString(),
	site: SITE,
	spell: `sp-${n}`,
	patient: `pt-${n}`,
	ward: 'medway-maritime.amu',
	method: 'emergency'
});

/** senders that only remember what they were asked to send */
function recorder() {
	const sent: { channel: string; to: string; notice: Notice }[] = [];
	return {
		sent,
		senders: {
			webhook: async (to: string, notice: Notice) => void sent.push({ channel: 'webhook', to, notice }),
			email: async (to: string, notice: Notice) => void sent.push({ channel: 'email', to, notice })
		}
	};
}

for (const backend of await backends()) {
	describe(`alarms on ${backend}`, () => {
		let store: TestStore;
		let clock = T0;
		const sink = recorder();
		let worker: AlarmWorker;
		const config = readConfig({});

		beforeAll(async () => {
			store = await testStore(backend);
			worker = new AlarmWorker(store.db, config.alarms, sink.senders, () => clock);
			await ingest(store.db, KEY, [admission(1), admission(2), admission(3)], { now: T0 });
			await store.db
				.insertInto('metric_limit')
				.values({ org: SITE, metric: 'inpatients', low: null, high: 2, updated_by: 'spec' })
				.execute();
			// executives at the site and at its trust, with addresses; one without, who cannot be mailed
			for (const [username, org, email] of [
				['site.exec', SITE, 'site.exec@nhs.test'],
				['trust.exec', 'mft', 'trust.exec@nhs.test'],
				['quiet.exec', SITE, null]
			] as const) {
				const u = await store.db
					.insertInto('app_user')
					.values({ username, display_name: username, password_hash: 'x', email })
					.returning('id')
					.executeTakeFirstOrThrow();
				await store.db.insertInto('user_role').values({ user_id: u.id, role: 'executive', org }).execute();
			}
			await savePolicy(
				store.db,
				'mft',
				[
					{ afterMinutes: 15, role: 'executive', level: 'site', webhook: null },
					{ afterMinutes: 60, role: 'executive', level: 'trust', webhook: 'kent-teams' }
				],
				'spec'
			);
		});
		afterAll(() => store?.drop());

		it('raises an alarm once however often the figure is evaluated, at the site and no higher', async () => {
			for (let i = 0; i < 3; i++) await worker.evaluateLimits(null);
			await worker.evaluateLimits([SITE]);
			const open = await openAlarmsUnder(store.db, SITE);
			expect(open).toHaveLength(1);
			expect(open[0]).toMatchObject({
				org: SITE,
				metric: 'inpatients',
				kind: 'limit',
				state: 'raised',
				value: 3
			});
			expect(open[0].message).toMatch(/Inpatients 3, above 2/);
			// shown above it (the trust, the system) but not beside it
			expect(await openAlarmsUnder(store.db, 'kent-medway')).toHaveLength(1);
			expect(await openAlarmsUnder(store.db, 'william-harvey')).toHaveLength(0);
			const steps = await alarmSteps(store.db, open[0].id);
			expect(steps.map((s) => s.step)).toEqual(['raised']);
			const audited = await store.db
				.selectFrom('access_audit')
				.select(['action', 'actor'])
				.where('action', 'like', 'alarm-%')
				.execute();
			expect(audited).toEqual([{ action: 'alarm-raised', actor: 'flowdeck' }]);
		});

		it('escalates an unacknowledged alarm step by step as the clock moves on', async () => {
			const [alarm] = await openAlarmsUnder(store.db, SITE);
			clock = new Date(T0.getTime() + 14 * MINUTE);
			expect(await escalateDue(store.db, clock)).toEqual([]);
			clock = new Date(T0.getTime() + 15 * MINUTE);
			expect(await escalateDue(store.db, clock)).toEqual([SITE]);
			// a second node looking at the same moment takes no step twice
			expect(await escalateDue(store.db, clock)).toEqual([]);
			await worker.check();
			expect(sink.sent.map((s) => `${s.channel} ${s.to}`)).toEqual(['email site.exec@nhs.test']);
			expect(sink.sent[0].notice.step).toMatch(
				/step 1 after 15 min: to the Executives of Medway Maritime Hospital/
			);
			clock = new Date(T0.getTime() + 59 * MINUTE);
			await worker.check();
			expect(sink.sent).toHaveLength(1);
			clock = new Date(T0.getTime() + 60 * MINUTE);
			await worker.check();
			expect(
				sink.sent
					.slice(1)
					.map((s) => `${s.channel} ${s.to}`)
					.sort()
			).toEqual(['email trust.exec@nhs.test', 'webhook kent-teams']);
			const steps = await alarmSteps(store.db, alarm.id);
			expect(steps.map((s) => s.step)).toEqual(['raised', 'escalated', 'escalated']);
			expect(steps[2].detail).toMatch(/Executives of Medway NHS Foundation Trust/);
			expect((await openAlarmsUnder(store.db, SITE))[0].escalatedSteps).toBe(2);
		});

		it('is acknowledged once, with who, when and why, and then escalates no further', async () => {
			const [alarm] = await openAlarmsUnder(store.db, SITE);
			clock = new Date(T0.getTime() + 70 * MINUTE);
			expect(
				await acknowledge(store.db, alarm.id, 'flow.lead', 'Extra discharge huddle at 11:00', clock)
			).toBe('done');
			expect(await acknowledge(store.db, alarm.id, 'someone.else', 'me too', clock)).toBe('already');
			const [after] = await openAlarmsUnder(store.db, SITE);
			expect(after).toMatchObject({
				state: 'acknowledged',
				acknowledgedBy: 'flow.lead',
				comment: 'Extra discharge huddle at 11:00',
				acknowledgedAt: clock.toISOString()
			});
			expect(await escalateDue(store.db, new Date(T0.getTime() + 600 * MINUTE))).toEqual([]);
		});

		it('resolves when the figure comes back within its limits; back past them soon after reopens it, later or after a hand resolution a new one', async () => {
			const limit = (high: number) =>
				store.db.updateTable('metric_limit').set({ high }).where('org', '=', SITE).execute();
			await limit(5);
			clock = new Date(T0.getTime() + 80 * MINUTE);
			expect(await worker.evaluateLimits([SITE])).toEqual([SITE]);
			expect(await openAlarmsUnder(store.db, SITE)).toHaveLength(0);
			const [resolved] = await listAlarms(store.db, { under: SITE, state: 'resolved' });
			expect(resolved).toMatchObject({ resolvedBy: null, resolveReason: 'back within its limits' });
			expect(resolved.resolvedAt).toBe(clock.toISOString());

			// past it again within ten minutes: the same alarm, still acknowledged by the one who owns it
			await limit(1);
			clock = new Date(T0.getTime() + 89 * MINUTE);
			expect(await worker.evaluateLimits([SITE])).toEqual([SITE]);
			const [reopened] = await openAlarmsUnder(store.db, SITE);
			expect(reopened).toMatchObject({
				id: resolved.id,
				state: 'acknowledged',
				acknowledgedBy: 'flow.lead',
				resolvedAt: null
			});
			expect((await alarmSteps(store.db, resolved.id)).map((s) => s.step).slice(-2)).toEqual([
				'resolved',
				'reopened'
			]);

			// resolved by hand, a breach after it is a new alarm; so is one more than ten minutes after clearing
			expect(await resolve(store.db, reopened.id, 'flow.lead', 'limit under review', clock)).toBe('done');
			expect(await resolve(store.db, reopened.id, 'flow.lead', 'twice', clock)).toBe('already');
			await worker.evaluateLimits([SITE]);
			const [fresh] = await openAlarmsUnder(store.db, SITE);
			expect(fresh.id).not.toBe(resolved.id);
			expect(fresh.state).toBe('raised');
			await limit(5);
			await worker.evaluateLimits([SITE]);
			await limit(1);
			clock = new Date(T0.getTime() + 100 * MINUTE);
			await worker.evaluateLimits([SITE]);
			const [later] = await openAlarmsUnder(store.db, SITE);
			expect([resolved.id, fresh.id]).not.toContain(later.id);

			const actions = await store.db
				.selectFrom('access_audit')
				.select('action')
				.where('action', 'like', 'alarm-%')
				.orderBy('id')
				.execute();
			expect(actions.map((a) => a.action)).toEqual([
				'alarm-raised',
				'alarm-escalated',
				'alarm-escalated',
				'alarm-acknowledged',
				'alarm-resolved',
				'alarm-reopened',
				'alarm-resolved',
				'alarm-raised',
				'alarm-resolved',
				'alarm-raised'
			]);
		});

		it('raises no limit alarm where no source has sent anything: zeros there are no data', async () => {
			await store.db
				.insertInto('metric_limit')
				.values({ org: 'william-harvey', metric: 'inpatients', low: 1, high: null, updated_by: 'spec' })
				.execute();
			await worker.evaluateLimits(null);
			expect(await openAlarmsUnder(store.db, 'william-harvey')).toHaveLength(0);
		});
	});
}

for (const backend of await backends()) {
	describe(`two nodes evaluating the same alarms on ${backend}`, () => {
		let store: TestStore;
		let other: Store;
		beforeAll(async () => {
			store = await testStore(backend);
			// a second node: its own pool on the same database (PGlite is one process: the same store)
			other = store.urls ? await openStore({ databaseUrl: store.urls.app, poolSize: 4 }) : store;
			await ingest(store.db, KEY, [admission(1), admission(2)], { now: T0 });
			await store.db
				.insertInto('metric_limit')
				.values({ org: SITE, metric: 'inpatients', low: null, high: 1, updated_by: 'spec' })
				.execute();
			const u = await store.db
				.insertInto('app_user')
				.values({ username: 'exec', display_name: 'exec', password_hash: 'x', email: 'exec@nhs.test' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await store.db
				.insertInto('user_role')
				.values({ user_id: u.id, role: 'executive', org: SITE })
				.execute();
			await savePolicy(
				store.db,
				SITE,
				[{ afterMinutes: 15, role: 'executive', level: 'self', webhook: null }],
				'spec'
			);
		});
		afterAll(async () => {
			if (other !== store) await other?.close();
			await store?.drop();
		});

		it('raise once, escalate once and send once, however the two interleave', async () => {
			const sinks = [recorder(), recorder()];
			const config = readConfig({}).alarms;
			const clock = () => new Date(T0.getTime() + 20 * MINUTE);
			const nodes = [
				new AlarmWorker(store.db, config, sinks[0].senders, () => T0),
				new AlarmWorker(other.db, config, sinks[1].senders, () => T0)
			];
			await Promise.all(
				nodes.flatMap((n) => [n.evaluateLimits(null), n.evaluateLimits([SITE]), n.evaluateLimits(null)])
			);
			const alarms = await listAlarms(store.db, { under: SITE });
			expect(alarms).toHaveLength(1);
			expect((await alarmSteps(store.db, alarms[0].id)).map((s) => s.step)).toEqual(['raised']);
			await Promise.all([
				escalateDue(store.db, clock()),
				escalateDue(other.db, clock()),
				escalateDue(store.db, clock())
			]);
			expect((await alarmSteps(store.db, alarms[0].id)).map((s) => s.step)).toEqual(['raised', 'escalated']);
			const later = [
				new AlarmWorker(store.db, config, sinks[0].senders, clock),
				new AlarmWorker(other.db, config, sinks[1].senders, clock)
			];
			await Promise.all(later.map((n) => n.check()));
			expect([...sinks[0].sent, ...sinks[1].sent].map((s) => `${s.channel} ${s.to}`)).toEqual([
				'email exec@nhs.test'
			]);
		});
	});
}
