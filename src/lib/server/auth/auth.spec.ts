// The sign-in modules against both backends: sessions and their expiry, throttling, devices, the audit's
// append-only rule and the sign-in steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { audit } from './audit.ts';
import { liveDeviceTokens, pairDevice, registerDevice, revokeDevice, validateDevice } from './devices.ts';
import { createSession, IDLE_MS, ABSOLUTE_MS, PARTIAL_MS, liveSessions, validateSession } from './session.ts';
import { enrolSecondFactor, pendingTotpKey, signInWithPassword, signInWithSecondFactor } from './signIn.ts';
import { PER_ACCOUNT_AND_ADDRESS, recordFailure, retryAfter, WINDOW_MS } from './throttle.ts';
import { currentStep, totpCode } from './totp.ts';
import { createUser } from './users.ts';

const attempt = (ip = '10.0.0.1') => ({ ip, requestId: 'test', previous: null });
const minutes = (n: number) => n * 60_000;

for (const backend of await backends()) {
	describe(`sign-in on ${backend}`, () => {
		let store: TestStore;
		let userId: number;
		const KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
		beforeAll(async () => {
			store = await testStore(backend);
			const created = await createUser(store.db, {
				username: 'anna.flow',
				displayName: 'Anna Flow',
				password: 'a long enough passphrase',
				grants: [{ role: 'flow_manager', org: 'medway-maritime' }],
				totpKey: KEY
			});
			if ('problems' in created) throw new Error(JSON.stringify(created.problems));
			userId = created.id;
		});
		afterAll(() => store?.drop());

		it('validates a session until 30 minutes idle, sliding with use, and never past 12 hours', async () => {
			const t0 = new Date('2026-11-23T08:00:00Z');
			const token = await createSession(store.db, userId, 'full', t0);
			const at = (ms: number) => new Date(t0.getTime() + ms);
			expect((await validateSession(store.db, token, at(minutes(29))))?.user.username).toBe('anna.flow');
			// used at 29 min, so still valid at 58 min
			expect(await validateSession(store.db, token, at(minutes(58)))).not.toBeNull();
			expect(await validateSession(store.db, token, at(minutes(58) + IDLE_MS + 1))).toBeNull();
			// gone for good once expired
			expect(await validateSession(store.db, token, at(minutes(60)))).toBeNull();

			const busy = await createSession(store.db, userId, 'full', t0);
			for (let t = minutes(20); t < ABSOLUTE_MS; t += minutes(20))
				expect(await validateSession(store.db, busy, at(t))).not.toBeNull();
			expect(await validateSession(store.db, busy, at(ABSOLUTE_MS + 1))).toBeNull();
		});

		it('tells which open sockets’ sessions and devices are still good, in one query each', async () => {
			const now = new Date();
			const good = (await createSession(store.db, userId, 'full', now)).split('.')[0];
			const idle = (
				await createSession(store.db, userId, 'full', new Date(now.getTime() - IDLE_MS - 1))
			).split('.')[0];
			const partial = (await createSession(store.db, userId, 'second_factor', now)).split('.')[0];
			expect([...(await liveSessions(store.db, [good, idle, partial, 'aaaaaaaaaaaaaaaa'], now))]).toEqual([
				good
			]);
			const made = await registerDevice(store.db, { name: 'Sweep', board: { org: 'qeqm' }, by: 'test' });
			if ('problems' in made) throw new Error('not registered');
			const token = (await pairDevice(store.db, made.code))!.token.split('.')[0];
			expect([...(await liveDeviceTokens(store.db, [token]))]).toEqual([token]);
			await revokeDevice(store.db, made.id);
			expect([...(await liveDeviceTokens(store.db, [token]))]).toEqual([]);
		});

		it('refuses a wrong secret, a malformed token and a half-finished sign-in after 10 minutes', async () => {
			const token = await createSession(store.db, userId, 'full');
			const [id] = token.split('.');
			expect(await validateSession(store.db, `${id}.${'x'.repeat(43)}`)).toBeNull();
			expect(await validateSession(store.db, 'nonsense')).toBeNull();
			const partial = await createSession(
				store.db,
				userId,
				'second_factor',
				new Date(Date.now() - PARTIAL_MS - 1)
			);
			expect(await validateSession(store.db, partial)).toBeNull();
			const stored = await store.db
				.selectFrom('session')
				.select('secret_hash')
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
			expect(token).not.toContain(stored.secret_hash);
		});

		it('throttles the 11th failure from one address for one account, and only there', async () => {
			const now = new Date();
			for (let i = 0; i < PER_ACCOUNT_AND_ADDRESS; i++) {
				expect(await retryAfter(store.db, 'bob', '10.9.9.9', now)).toBe(0);
				await recordFailure(store.db, 'bob', '10.9.9.9', now);
			}
			expect(await retryAfter(store.db, 'bob', '10.9.9.9', now)).toBeGreaterThan(800);
			expect(await retryAfter(store.db, 'bob', '10.9.9.8', now)).toBe(0);
			expect(await retryAfter(store.db, 'bob', '10.9.9.9', new Date(now.getTime() + WINDOW_MS + 1))).toBe(0);
		});

		it('counts concurrent wrong passwords exactly: ten go ahead, the rest are throttled (issue 11, finding 6)', async () => {
			const made = await createUser(store.db, {
				username: 'carl.concurrent',
				displayName: 'Carl Concurrent',
				password: 'a long enough passphrase',
				grants: [{ role: 'viewer', org: 'medway-maritime' }],
				totpKey: KEY
			});
			if ('problems' in made) throw new Error(JSON.stringify(made.problems));
			const results = await Promise.all(
				Array.from({ length: 40 }, () =>
					signInWithPassword(store.db, 'carl.concurrent', 'not the password', attempt('10.0.0.40'))
				)
			);
			const throttled = results.filter((r) => !r.ok && r.throttled).length;
			expect(throttled).toBe(40 - PER_ACCOUNT_AND_ADDRESS);
			const right = await signInWithPassword(
				store.db,
				'carl.concurrent',
				'a long enough passphrase',
				attempt('10.0.0.40')
			);
			expect(right.ok).toBe(false);
		});

		it('signs in with password then a single-use TOTP code, or a single-use recovery code', async () => {
			const db = store.db;
			const wrong = await signInWithPassword(db, 'anna.flow', 'not the password', attempt());
			expect(wrong).toEqual({ ok: false, message: 'The username or password is not right' });
			const unknown = await signInWithPassword(db, 'nobody', 'not the password', attempt());
			expect(unknown).toEqual(wrong);

			const first = await signInWithPassword(db, 'Anna.Flow ', 'a long enough passphrase', attempt());
			if (!first.ok) throw new Error(first.message);
			expect(first.next).toBe('second_factor');
			const partial = (await validateSession(db, first.token))!;
			expect(partial.stage).toBe('second_factor');
			const code = totpCode(KEY, currentStep());
			const done = await signInWithSecondFactor(db, partial, code, attempt());
			if (!done.ok) throw new Error(done.message);
			expect((await validateSession(db, done.token))?.stage).toBe('full');
			expect(await validateSession(db, first.token)).toBeNull();

			const again = await signInWithPassword(db, 'anna.flow', 'a long enough passphrase', attempt());
			if (!again.ok) throw new Error(again.message);
			const replay = await signInWithSecondFactor(
				db,
				(await validateSession(db, again.token))!,
				code,
				attempt()
			);
			expect(replay.ok).toBe(false);

			const rows = await db
				.selectFrom('access_audit')
				.select(['outcome', 'detail'])
				.where('actor', '=', 'anna.flow')
				.where('action', '=', 'sign-in')
				.execute();
			expect(rows.filter((r) => r.outcome === 'failed').map((r) => r.detail)).toEqual([
				'wrong username or password',
				'wrong or already used authenticator code'
			]);
		});

		it('enrols a new authenticator and hands out ten recovery codes that work once each', async () => {
			const db = store.db;
			const made = await createUser(db, {
				username: 'new.person',
				displayName: 'New Person',
				password: 'another long passphrase',
				grants: [{ role: 'viewer', org: 'kent-medway' }]
			});
			if ('problems' in made) throw new Error('not made');
			const first = await signInWithPassword(db, 'new.person', 'another long passphrase', attempt());
			if (!first.ok) throw new Error(first.message);
			expect(first.next).toBe('enrol');
			const session = (await validateSession(db, first.token))!;
			const key = await pendingTotpKey(db, session);
			expect(await pendingTotpKey(db, session)).toBe(key);
			expect((await enrolSecondFactor(db, session, '000000', attempt())).ok).toBe(false);
			const enrolled = await enrolSecondFactor(db, session, totpCode(key), attempt());
			if (!enrolled.ok) throw new Error(enrolled.message);
			expect(enrolled.recoveryCodes).toHaveLength(10);

			const useRecovery = async () => {
				const step = await signInWithPassword(
					db,
					'new.person',
					'another long passphrase',
					attempt('10.1.1.1')
				);
				if (!step.ok) throw new Error(step.message);
				return signInWithSecondFactor(
					db,
					(await validateSession(db, step.token))!,
					enrolled.recoveryCodes[3].toUpperCase(),
					attempt('10.1.1.1')
				);
			};
			expect((await useRecovery()).ok).toBe(true);
			expect((await useRecovery()).ok).toBe(false);
		});

		it('pairs a device with its one-time code, and forgets it once revoked', async () => {
			const db = store.db;
			const made = await registerDevice(db, {
				name: 'Medway control room',
				board: { org: 'medway-maritime' },
				by: 'test'
			});
			if ('problems' in made) throw new Error('not registered');
			expect(made.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
			expect(await pairDevice(db, 'AAAA-AAAA')).toBeNull();
			const paired = await pairDevice(db, made.code.toLowerCase().replace('-', ' '));
			expect(paired?.device.path).toBe('/wallboard/medway-maritime');
			expect(await pairDevice(db, made.code)).toBeNull();
			expect(await validateDevice(db, paired!.token)).toMatchObject({
				kind: 'device',
				orgs: ['medway-maritime']
			});
			await revokeDevice(db, made.id);
			expect(await validateDevice(db, paired!.token)).toBeNull();

			const late = await registerDevice(db, { name: 'Late', board: { org: 'qeqm' }, by: 'test' });
			if ('problems' in late) throw new Error('not registered');
			expect(await pairDevice(db, late.code, new Date(Date.now() + 16 * 60_000))).toBeNull();
			expect(await registerDevice(db, { name: '', board: { org: 'atlantis' }, by: 'test' })).toEqual({
				problems: { name: expect.any(String), board: 'No organisation has the code atlantis' }
			});
		});

		it('keeps the access audit append-only: no update, delete or truncate, whoever asks', async () => {
			const db = store.db;
			await audit(db, {
				actor: 'x',
				role: null,
				org: null,
				action: 'test',
				target: null,
				outcome: 'allowed',
				detail: null,
				ip: null,
				request_id: null
			});
			const refused = async (statement: Promise<unknown>) => {
				const e = await statement.then(
					() => null,
					(err) => err
				);
				expect(e?.code ?? e?.cause?.code).toBe('42501');
				// the trigger refuses; on PostgreSQL the app's role is not even granted the statement (db/roles.ts)
				expect(String(e?.message)).toMatch(/append-only|permission denied/);
			};
			await refused(sql`UPDATE access_audit SET outcome = 'denied'`.execute(db));
			await refused(sql`DELETE FROM access_audit`.execute(db));
			await refused(sql`TRUNCATE access_audit`.execute(db));
			expect(
				Number(
					(
						await sql<{
							n: number;
						}>`SELECT count(*)::int AS n FROM access_audit WHERE action = 'test'`.execute(db)
					).rows[0].n
				)
			).toBe(1);
		});
	});
}
