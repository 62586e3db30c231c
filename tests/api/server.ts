// Starts the production build (`node scripts/serve.js`) on a free port against a fresh store, for HTTP specs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadyStore } from '../../src/lib/server/db/index.ts';
import { testStore } from '../stores.ts';
import { createKey } from '../../src/lib/server/ingest/keys.ts';
import type { Grant } from '../../src/lib/server/auth/policy.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema.ts';

export const DEMO_KEY = 'fdk_test00000001_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const TEST_PASSWORD = 'correct horse battery staple 1';
export const TEST_TOTP_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** One user per role (and one with none), each with a signed-in session minted before the server starts. */
export const TEST_USERS = {
	viewer: [{ role: 'viewer', org: 'kent-medway' }],
	flow: [
		{ role: 'flow_manager', org: 'medway-maritime' },
		{ role: 'viewer', org: 'kent-medway' }
	],
	lead: [
		{ role: 'scheme_lead', org: 'medway-maritime' },
		{ role: 'viewer', org: 'kent-medway' }
	],
	exec: [{ role: 'executive', org: 'kent-medway' }],
	admin: [{ role: 'administrator', org: 'kent-medway' }],
	/** both systems: the benchmarks watch every organisation */
	everywhere: [
		{ role: 'executive', org: 'kent-medway' },
		{ role: 'executive', org: 'llr' }
	],
	norole: []
} satisfies Record<string, Grant[]>;
export type TestUser = keyof typeof TEST_USERS;

async function prepareUsers(
	db: Kysely<Database>
): Promise<{ cookies: Record<TestUser, string>; ids: Record<TestUser, number> }> {
	const cookies = {} as Record<TestUser, string>;
	const ids = {} as Record<TestUser, number>;
	for (const [name, grants] of Object.entries(TEST_USERS) as [TestUser, Grant[]][]) {
		const created = await createUser(db, {
			username: `test.${name}`,
			displayName: `Test ${name}`,
			password: TEST_PASSWORD,
			grants,
			totpKey: TEST_TOTP_KEY
		});
		if ('problems' in created) throw new Error(JSON.stringify(created.problems));
		cookies[name] = `flowdeck-session=${await createSession(db, created.id, 'full')}`;
		ids[name] = created.id;
	}
	return { cookies, ids };
}

export interface RunningServer {
	url: string;
	key: string;
	/** a key limited to East Kent (ekhuft) */
	eastKentKey: string;
	/** the PostgreSQL database behind the server, when it has one */
	databaseUrl?: string;
	/** the owner role's connection string for that database (README, "Database roles") */
	ownerUrl?: string;
	/** a Cookie header value signing in as each test user */
	cookies: Record<TestUser, string>;
	/** each test user's id */
	ids: Record<TestUser, number>;
	/** the server's process id */
	pid: number;
	/** everything the server printed */
	log(): string;
	/** sends SIGTERM and resolves with the exit code, leaving the store in place */
	terminate(): Promise<number | null>;
	stop(): Promise<void>;
}

/** A server on a fresh store; or, with `shareWith`, a second app node on the same PostgreSQL database. */
export async function startServer(
	backend: 'pglite' | 'postgres',
	shareWith?: RunningServer,
	extraEnv: Record<string, string> = {},
	/** fills a fresh store before the server opens it (benchmarks' national register) */
	prepare?: (db: Kysely<Database>) => Promise<void>
): Promise<RunningServer> {
	if (!existsSync('build/handler.js')) throw new Error('build/ is missing: run `npm run build` first');
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		PORT: '0',
		HOST: '127.0.0.1',
		FLOWDECK_DEMO_KEY: DEMO_KEY,
		...extraEnv
	};
	let cleanup: () => Promise<void>;
	let eastKentKey: string;
	let cookies: Record<TestUser, string>;
	let ids: Record<TestUser, number>;
	if (shareWith?.databaseUrl) {
		env.DATABASE_URL = shareWith.databaseUrl;
		if (shareWith.ownerUrl) env.DATABASE_OWNER_URL = shareWith.ownerUrl;
		eastKentKey = shareWith.eastKentKey;
		cookies = shareWith.cookies;
		ids = shareWith.ids;
		cleanup = async () => {};
	} else if (backend === 'pglite') {
		const dir = mkdtempSync(join(tmpdir(), 'flowdeck-api-'));
		const dataDir = join(dir, 'pglite');
		const store = await openReadyStore({ dataDir });
		eastKentKey = (await createKey(store.db, 'east-kent', ['ekhuft'])).key;
		({ cookies, ids } = await prepareUsers(store.db));
		await prepare?.(store.db);
		await store.close();
		env.FLOWDECK_DATA_DIR = dataDir;
		delete env.DATABASE_URL;
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const store = await testStore('postgres');
		eastKentKey = (await createKey(store.db, 'east-kent', ['ekhuft'])).key;
		({ cookies, ids } = await prepareUsers(store.db));
		await prepare?.(store.db);
		env.DATABASE_URL = store.urls!.app;
		env.DATABASE_OWNER_URL = store.urls!.owner;
		cleanup = () => store.drop();
	}
	const child = spawn(process.execPath, ['scripts/serve.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (c) => (output += c));
	child.stderr!.on('data', (c) => (output += c));
	const url = await listening(child);
	const terminate = () => {
		if (child.exitCode !== null) return Promise.resolve(child.exitCode);
		const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
		child.kill('SIGTERM');
		return exited;
	};
	return {
		url,
		key: DEMO_KEY,
		eastKentKey,
		databaseUrl: env.DATABASE_URL,
		ownerUrl: env.DATABASE_OWNER_URL,
		pid: child.pid!,
		cookies,
		ids,
		log: () => output,
		terminate,
		async stop() {
			await terminate();
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
