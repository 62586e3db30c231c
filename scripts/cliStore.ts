// The store a command-line tool works on: the server's (DATABASE_URL, or PGlite in FLOWDECK_DATA_DIR, default
// data/pglite), migrated and seeded. PGlite admits one process: with the embedded database the server must be stopped.
import { mkdirSync } from 'node:fs';
import { config } from '../src/lib/server/config.ts';
import { configuredStore, openReadyStore, type Store } from '../src/lib/server/db/index.ts';
import { holderOf } from '../src/lib/server/db/lock.ts';

export async function openCliStore(): Promise<Store> {
	const { databaseUrl, dataDir } = config();
	const holder = databaseUrl ? null : holderOf(dataDir);
	if (holder) {
		console.error(
			`the server (process ${holder}) holds ${dataDir}; stop it first: PGlite allows one process at a time`
		);
		process.exit(1);
	}
	if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
	return openReadyStore(configuredStore()).catch((e) => {
		console.error(`cannot open the store: ${e.message}`);
		process.exit(1);
	});
}
