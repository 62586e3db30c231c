// Issue 11, finding 8: a CSV upload is checked whole against the key's scope before anything is written, is stored
// in chunks that each take their turn in the ingest line, and answers with counts rather than a row per rejection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { ingest, ScopeError } from './ingest.ts';
import type { SourceKey } from './keys.ts';
import { IngestLine, LineRefused } from './line.ts';
import { CHUNK, ingestCsv, LISTED } from './upload.ts';

const MEDWAY: SourceKey = { id: 'medway', source: 'upload-spec-medway', orgs: ['medway-maritime'] };
const EVERYWHERE: SourceKey = { id: 'all', source: 'upload-spec', orgs: null };
const HEADER = 'id,type,occurredAt,site,spell,patient,method';
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 8) + minutes * 60_000).toISOString();
const csv = (lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\n'));
const admission = (i: number, site = 'medway-maritime', method = 'emergency') =>
	`u-${i},admission,${at(i % 600)},${site},sp-u-${i},pt-u-${i},${method}`;

for (const backend of await backends()) {
	describe(`CSV uploads on ${backend}`, () => {
		let store: TestStore;
		const turns: boolean[] = [];
		// the ingest line as the runtime gives it, recording which turns continued an upload already under way
		const real = new IngestLine({ limit: 8, waitMs: 5_000 });
		const inLine = {
			begin: () => real.begin(),
			run: <T>(work: () => Promise<T>, options: { continues?: boolean } = {}) => {
				turns.push(Boolean(options.continues));
				return real.run(work, options);
			}
		};
		const count = async (table: 'rejected_event' | 'event') =>
			Number(
				(
					await store.db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		beforeAll(async () => {
			store = await testStore(backend);
		});
		afterAll(() => store?.drop());

		it('refuses a file with any row outside the key, invalid rows included, before writing anything', async () => {
			const lines = [
				...Array.from({ length: CHUNK + 5 }, (_, i) => admission(i)),
				admission(5_000, 'glenfield', 'Jane Smith 943 476 5919')
			];
			const answer = await ingestCsv(store.db, MEDWAY, csv(lines), inLine);
			expect(answer).toMatchObject({ status: 403, row: CHUNK + 7 });
			expect(await count('rejected_event')).toBe(0);
			expect(await count('event')).toBe(0);
		});

		it('refuses a JSON batch whose rejected event names a site outside the key, writing nothing', async () => {
			const bad = {
				id: 'j-1',
				type: 'admission',
				occurredAt: at(1),
				site: 'glenfield',
				method: 'Jane Smith'
			};
			await expect(ingest(store.db, MEDWAY, [bad])).rejects.toBeInstanceOf(ScopeError);
			expect(await count('rejected_event')).toBe(0);
		});

		it('stores a file over several chunks and answers with counts, listing the first rows not accepted', async () => {
			turns.length = 0;
			const rows = CHUNK * 2 + 10;
			const lines = Array.from({ length: rows }, (_, i) =>
				admission(10_000 + i, 'medway-maritime', i % 2 ? 'emergency' : 'Jane Smith 943 476 5919')
			);
			const answer = await ingestCsv(store.db, EVERYWHERE, csv(lines), inLine);
			if ('status' in answer) throw new Error(answer.message);
			expect(turns).toEqual([true, true, true]);
			expect(answer).toMatchObject({ accepted: rows / 2, rejected: rows / 2, duplicate: 0 });
			expect(answer.results).toHaveLength(Math.min(LISTED, rows / 2));
			expect(answer.unlisted).toBe(rows / 2 - answer.results.length);
			expect(answer.results[0]).toMatchObject({ row: 2, index: 0, status: 'rejected' });
			expect(answer.results.at(-1)!.row).toBe(2 + 2 * (answer.results.length - 1));
			expect(answer.rejections).toEqual([
				{ field: 'method', reason: expect.stringContaining('must be one of'), count: rows / 2 }
			]);
			expect(JSON.stringify(answer)).not.toMatch(/Jane/);

			// sent again whole (as after an outage midway), what was stored comes back as duplicates
			const again = await ingestCsv(store.db, EVERYWHERE, csv(lines), inLine);
			expect(again).toMatchObject({ accepted: 0, duplicate: rows / 2, rejected: rows / 2 });
		});

		it('finishes an upload under way when the line closes (a node draining), and refuses a new one', async () => {
			const line = new IngestLine({ limit: 8, waitMs: 5_000 });
			let closed: Promise<void> | null = null;
			let stored = 0;
			let storedWhenClosed = -1;
			const closing = {
				begin: () => line.begin(),
				run: async <T>(work: () => Promise<T>, options: { continues?: boolean } = {}) => {
					// SIGTERM arrives while the first chunk is being stored
					closed ??= line.close().then(() => void (storedWhenClosed = stored));
					const result = await line.run(work, options);
					stored++;
					return result;
				}
			};
			const lines = Array.from({ length: CHUNK * 2 + 3 }, (_, i) => admission(30_000 + i));
			const answer = await ingestCsv(store.db, EVERYWHERE, csv(lines), closing);
			await closed;
			expect(answer).toMatchObject({ accepted: lines.length, rejected: 0 });
			expect(storedWhenClosed).toBe(3);
			const after = await ingestCsv(store.db, EVERYWHERE, csv([admission(40_000)]), line).catch((e) => e);
			expect(after).toBeInstanceOf(LineRefused);
		});

		it('answers a malformed row anywhere in the file with its place, before storing any row', async () => {
			const lines = [...Array.from({ length: CHUNK + 1 }, (_, i) => admission(20_000 + i)), 'a,b,"c'];
			const before = await count('event');
			const answer = await ingestCsv(store.db, EVERYWHERE, csv(lines), inLine);
			expect(answer).toMatchObject({ status: 400, row: CHUNK + 3, column: 5 });
			expect(await count('event')).toBe(before);
		});
	});
}
