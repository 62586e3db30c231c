// S21: a PostgreSQL server that may lose committed transactions must not take events, because the ingest API
// answers 200 only once an event is safe. The bus connection (postgres.ts) reads these settings on every connect and
// again every FLOWDECK_DURABILITY_CHECK_MS, so a change made while the app runs is noticed too.

const NEEDED: Record<string, string[]> = {
	fsync: ['on'],
	full_page_writes: ['on'],
	// `on` or stronger; `off` and `local` can lose a committed transaction on a crash or a failover
	synchronous_commit: ['on', 'remote_write', 'remote_apply']
};

export const DURABILITY_SETTINGS = Object.keys(NEEDED);

/** What is wrong with the settings, in words; empty when every one is safe. */
export function durabilityProblems(settings: Record<string, string>): string[] {
	return Object.entries(NEEDED)
		.filter(([name, ok]) => !ok.includes(settings[name]))
		.map(([name, ok]) => `${name} is ${settings[name] ?? 'unknown'} (needs ${ok.join(' or ')})`);
}
