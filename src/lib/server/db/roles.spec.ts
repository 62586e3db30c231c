// Issue 11, finding 7: on PostgreSQL the access audit is append-only for the application's own role, because that
// role owns nothing; a server whose role could undo the trigger says so at start.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../auth/audit.ts';
import { backends, POSTGRES_URL, testStore, type TestStore } from '../../../../tests/stores.ts';
import { openReadyStore } from './index.ts';

const hasPostgres = (await backends()).includes('postgres');

const code = (statement: Promise<unknown>) =>
	statement.then(
		() => 'ran',
		(e) => e?.code ?? e?.cause?.code
	);

describe.runIf(hasPostgres)('the application role on PostgreSQL', () => {
	let store: TestStore;
	beforeAll(async () => {
		store = await testStore('postgres');
	});
	afterAll(() => store?.drop());

	it('writes and reads the audit but cannot change it, its trigger or the schema', async () => {
		const db = store.db;
		await audit(db, {
			actor: 'probe',
			role: null,
			org: null,
			action: 'test',
			target: null,
			outcome: 'allowed',
			detail: null,
			ip: null,
			request_id: null
		});
		const { rows } = await sql<{ n: number }>`
			SELECT count(*)::int AS n FROM access_audit WHERE actor = 'probe'
		`.execute(db);
		expect(rows[0].n).toBe(1);
		const denied = '42501';
		expect(await code(sql`ALTER TABLE access_audit DISABLE TRIGGER access_audit_no_update`.execute(db))).toBe(
			denied
		);
		expect(await code(sql`ALTER TABLE access_audit DISABLE TRIGGER ALL`.execute(db))).toBe(denied);
		expect(await code(sql`DROP TRIGGER access_audit_no_update ON access_audit`.execute(db))).toBe(denied);
		expect(await code(sql`DROP TABLE access_audit`.execute(db))).toBe(denied);
		expect(await code(sql`ALTER TABLE access_audit RENAME TO old_audit`.execute(db))).toBe(denied);
		expect(await code(sql`TRUNCATE access_audit`.execute(db))).toBe(denied);
		expect(await code(sql`DELETE FROM access_audit`.execute(db))).toBe(denied);
		expect(await code(sql`UPDATE access_audit SET outcome = 'denied'`.execute(db))).toBe(denied);
		expect(await code(sql`CREATE TABLE shadow_audit (n int)`.execute(db))).toBe(denied);
		expect(await code(sql`DELETE FROM kysely_migration`.execute(db))).toBe(denied);
		expect(store.durabilityProblems()).toEqual([]);
	});

	it('finds nothing to warn about when the roles are as README.md says', async () => {
		const reopened = await openReadyStore({ databaseUrl: store.urls!.app, ownerUrl: store.urls!.owner });
		try {
			expect(reopened.applied).toEqual([]);
			expect(reopened.auditRisks).toEqual([]);
		} finally {
			await reopened.close();
		}
	});

	it('starts as the application role on an up-to-date schema without the owner', async () => {
		const appOnly = await openReadyStore({ databaseUrl: store.urls!.app });
		try {
			expect(appOnly.auditRisks).toEqual([]);
		} finally {
			await appOnly.close();
		}
	});

	it('warns when the app runs as the owner or as a superuser', async () => {
		const asOwner = await openReadyStore({ databaseUrl: store.urls!.owner });
		try {
			expect(asOwner.auditRisks).toEqual([
				`the application's database role "flowdeck_owner" owns access_audit`
			]);
		} finally {
			await asOwner.close();
		}
		const url = new URL(POSTGRES_URL);
		url.pathname = new URL(store.urls!.app).pathname;
		const asSuperuser = await openReadyStore({ databaseUrl: url.toString() });
		try {
			expect(asSuperuser.auditRisks).toEqual([
				`the application's database role "${url.username}" is a superuser`
			]);
		} finally {
			await asSuperuser.close();
		}
	});
});
