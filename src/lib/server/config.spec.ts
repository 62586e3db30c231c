import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('the config', () => {
	it('has a bounded default for every database wait', () => {
		const c = readConfig({});
		expect(c.databaseUrl).toBeUndefined();
		expect(c.dataDir).toBe('data/pglite');
		expect(c.timeouts).toEqual({
			connectMs: 5_000,
			statementMs: 30_000,
			lockMs: 20_000,
			idleInTransactionMs: 60_000,
			queryMs: 35_000,
			keepAliveMs: 10_000
		});
		expect(c.ingestQueue).toBe(64);
	});

	it('reads each setting from its variable, the client query limit following the statement limit', () => {
		const c = readConfig({
			DATABASE_URL: 'postgres://x@h/d',
			FLOWDECK_DB_STATEMENT_TIMEOUT_MS: '8000',
			FLOWDECK_ORIGINS: ' https://a.nhs.uk , https://b.nhs.uk,',
			FLOWDECK_TICK_MS: '3000'
		});
		expect(c.databaseUrl).toBe('postgres://x@h/d');
		expect(c.timeouts.statementMs).toBe(8_000);
		expect(c.timeouts.queryMs).toBe(13_000);
		expect(c.origins).toEqual(['https://a.nhs.uk', 'https://b.nhs.uk']);
		expect(c.tickMs).toBe(3_000);
	});

	it('refuses a value that is not a whole number in range, naming the variable', () => {
		expect(() => readConfig({ FLOWDECK_DB_LOCK_TIMEOUT_MS: '5s' })).toThrow(ConfigError);
		expect(() => readConfig({ FLOWDECK_DB_LOCK_TIMEOUT_MS: '5s' })).toThrow(
			/FLOWDECK_DB_LOCK_TIMEOUT_MS.*"5s"/
		);
		expect(() => readConfig({ FLOWDECK_DB_POOL: '1' })).toThrow(/at least 2/);
		expect(() => readConfig({ FLOWDECK_DB_STATEMENT_TIMEOUT_MS: '0' })).toThrow(/at least 1/);
	});
});
