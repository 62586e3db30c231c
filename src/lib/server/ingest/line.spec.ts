import { describe, expect, it } from 'vitest';
import { IngestLine, LineRefused } from './line.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the ingest line', () => {
	it('runs work one at a time, in the order it came', async () => {
		const line = new IngestLine({ limit: 10, waitMs: 5_000 });
		const log: string[] = [];
		let running = 0;
		const job = (name: string, ms: number) =>
			line.run(async () => {
				expect(++running).toBe(1);
				log.push(`start ${name}`);
				await sleep(ms);
				log.push(`end ${name}`);
				running--;
				return name;
			});
		expect(await Promise.all([job('a', 30), job('b', 5), job('c', 1)])).toEqual(['a', 'b', 'c']);
		expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
	});

	it('refuses at once when full, and after the longest wait; a failed job frees its turn', async () => {
		const line = new IngestLine({ limit: 2, waitMs: 50 });
		const long = line.run(() => sleep(200));
		const waiter = line.run(async () => 'never');
		waiter.catch(() => {});
		await expect(line.run(async () => 'x')).rejects.toBeInstanceOf(LineRefused);
		await expect(waiter).rejects.toThrow(/waited 0.05 s/);
		// the one that gave up did not let anything overtake the long job
		let overtook = false;
		const after = line.run(async () => (overtook = true)).catch((e) => e);
		await sleep(20);
		expect(overtook).toBe(false);
		await long;
		expect(await after).toBeInstanceOf(LineRefused);
		await expect(line.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await line.run(async () => 'next')).toBe('next');
	});

	it('on close refuses new work and waits for what is in the line', async () => {
		const line = new IngestLine({ limit: 5, waitMs: 5_000 });
		let finished = 0;
		const a = line.run(() => sleep(40).then(() => finished++));
		const b = line.run(() => sleep(10).then(() => finished++));
		const closed = line.close();
		await expect(line.run(async () => 1)).rejects.toThrow(/shutting down/);
		await closed;
		expect(finished).toBe(2);
		await Promise.all([a, b]);
	});
});
