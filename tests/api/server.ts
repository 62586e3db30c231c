// Starts the production build (`node scripts/serve.js`) on a free port against a fresh store, for HTTP specs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore } from '../../src/lib/server/db/index.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { seed } from '../../src/lib/server/db/seed.ts';
import { testStore } from '../../src/lib/server/db/testing.ts';
import { createKey } from '../../src/lib/server/ingest/keys.ts';

export const DEMO_KEY = 'fdk_test00000001_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

export interface RunningServer {
	url: string;
	key: string;
	/** a key limited to East Kent (ekhuft) */
	eastKentKey: string;
	/** the PostgreSQL database behind the server, when it has one */
	databaseUrl?: string;
	stop(): Promise<void>;
}

/** A server on a fresh store; or, with `shareWith`, a second app node on the same PostgreSQL database. */
export async function startServer(
	backend: 'pglite' | 'postgres',
	shareWith?: RunningServer
): Promise<RunningServer> {
	if (!existsSync('build/handler.js')) throw new Error('build/ is missing: run `npm run build` first');
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		PORT: '0',
		HOST: '127.0.0.1',
		FLOWDECK_DEMO_KEY: DEMO_KEY
	};
	let cleanup: () => Promise<void>;
	let eastKentKey: string;
	if (shareWith?.databaseUrl) {
		env.DATABASE_URL = shareWith.databaseUrl;
		eastKentKey = shareWith.eastKentKey;
		cleanup = async () => {};
	} else if (backend === 'pglite') {
		const dir = mkdtempSync(join(tmpdir(), 'flowdeck-api-'));
		const dataDir = join(dir, 'pglite');
		const store = await openStore({ dataDir });
		await migrate(store.db as never);
		await seed(store.db);
		eastKentKey = (await createKey(store.db, 'east-kent', ['ekhuft'])).key;
		await store.close();
		env.FLOWDECK_DATA_DIR = dataDir;
		delete env.DATABASE_URL;
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const store = await testStore('postgres');
		eastKentKey = (await createKey(store.db, 'east-kent', ['ekhuft'])).key;
		const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(store.db);
		const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
		url.pathname = `/${rows[0].db}`;
		env.DATABASE_URL = url.toString();
		cleanup = () => store.drop();
	}
	const child = spawn(process.execPath, ['scripts/serve.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	const url = await listening(child);
	return {
		url,
		key: DEMO_KEY,
		eastKentKey,
		databaseUrl: env.DATABASE_URL,
		async stop() {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
			await cleanup();
		}
	};
}

function listening(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let log = '';
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
		const read = (chunk: Buffer) => {
			log += chunk.toString();
			const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(log);
			if (m) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
	});
}
