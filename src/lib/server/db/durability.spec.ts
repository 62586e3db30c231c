import { describe, expect, it } from 'vitest';
import { backends, testStore } from '../../../../tests/stores.ts';
import { durabilityProblems } from './durability.ts';

const hasPostgres = (await backends()).includes('postgres');

describe('durability settings (S21)', () => {
	it('accepts only settings that keep every committed transaction', () => {
		expect(durabilityProblems({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'on' })).toEqual([]);
		expect(
			durabilityProblems({ fsync: 'on', full_page_writes: 'on', synchronous_commit: 'remote_apply' })
		).toEqual([]);
		expect(durabilityProblems({ fsync: 'off', full_page_writes: 'on', synchronous_commit: 'local' })).toEqual(
			['fsync is off (needs on)', 'synchronous_commit is local (needs on or remote_write or remote_apply)']
		);
		expect(durabilityProblems({})).toHaveLength(3);
	});

	it.runIf(hasPostgres)('reads them from the local PostgreSQL, which keeps them', async () => {
		const store = await testStore('postgres');
		try {
			expect(store.health().up).toBe(true);
			expect(store.durabilityProblems()).toEqual([]);
		} finally {
			await store.drop();
		}
	});
});
