// Issue 11, finding 1: rows rejected before the redaction migration lose their raw values when it runs.
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../db/migrations/index.ts';
import { openStore } from './index.ts';

describe('the rejected-event redaction migration', () => {
	it('redacts what earlier versions kept and says which organisation each row is about', async () => {
		const store = await openStore({});
		try {
			const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
			expect((await migrator.migrateTo('2026-11-23-05-meetings')).error).toBeUndefined();
			// the one site the rows name, as the register of that version held it (today's seed needs later migrations)
			await store.db
				.insertInto('organisation' as never)
				.values({
					code: 'medway-maritime',
					name: 'Medway Maritime Hospital',
					kind: 'site',
					parent: null,
					position: 0
				} as never)
				.execute();
			const kept = (body: object) => ({
				received_at: new Date(),
				source: 'pas',
				event_id: 'e1',
				row_number: null,
				field: 'method',
				reason: 'method must be one of emergency, elective',
				body: JSON.stringify(body)
			});
			await store.db
				.insertInto('rejected_event' as never)
				.values([
					kept({ id: 'e1', type: 'admission', site: 'medway-maritime', method: 'Jane Smith 943 476 5919' }),
					kept({ id: 'e2', type: 'bogus', site: 'nowhere', note: 'ME7 5NY', spell: { n: 'Jane' } })
				] as never)
				.execute();
			expect((await migrator.migrateToLatest()).error).toBeUndefined();
			const rows = await store.db
				.selectFrom('rejected_event')
				.select(['org', 'body'])
				.orderBy('id')
				.execute();
			expect(JSON.stringify(rows)).not.toMatch(/Jane|5919|ME7/);
			expect(rows.map((r) => r.org)).toEqual(['medway-maritime', null]);
			expect(rows[0].body).toMatchObject({
				type: 'admission',
				site: 'medway-maritime',
				method: { type: 'string' }
			});
		} finally {
			await store.close();
		}
	});
});
