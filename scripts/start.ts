// `npm start`: the command centre on the embedded database with the live simulator. Starts the production server
// with a fresh demo key, stores two years of simulated monthly returns, backfills 90 days of simulated history
// through the ingest API (after 28 days' warm-up), then keeps it live. The build is quiet and the sign-in details come last, so a newcomer finds them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { seedDemoAlarmRules } from '../src/lib/server/alarms/demo.ts';
import { DEMO_USERS, ensureDemoUsers } from '../src/lib/server/auth/demo.ts';
import { totpCode } from '../src/lib/server/auth/totp.ts';
import { config } from '../src/lib/server/config.ts';
import { configuredStore, openReadyStore } from '../src/lib/server/db/index.ts';
import { seedSimulatedReturns } from '../src/lib/server/simulator/returns.ts';
import { runSimulator } from '../src/lib/server/simulator/run.ts';

const port = Number(process.env.PORT ?? 3000);
const url = `http://localhost:${port}`;
const { databaseUrl, dataDir } = config();
const days = Number(process.env.FLOWDECK_BACKFILL_DAYS ?? 90);
const stateFile = `${dataDir}/../simulator.json`;
const key = `fdk_${randomBytes(12).toString('hex').slice(0, 12)}_${randomBytes(32).toString('base64url')}`;

// the demo users are made before the server starts: the embedded database admits one process at a time
if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
const store = await openReadyStore(configuredStore());
const demo = await ensureDemoUsers(store.db);
// two years of monthly KPI returns and spend, marked simulated, for the schemes events cannot measure
const returned = await seedSimulatedReturns(store.db);
if (returned)
	console.log(`  Added ${returned.toLocaleString('en-GB')} simulated monthly returns (KPIs and spend).`);
if (await seedDemoAlarmRules(store.db))
	console.log(
		"  Set example alarm limits (Medway Maritime's medically stable list above 30, with SPC) and an escalation policy."
	);
await store.close();

const server = spawn(process.execPath, ['scripts/serve.js'], {
	stdio: 'inherit',
	env: {
		...process.env,
		PORT: String(port),
		HOST: process.env.HOST ?? '127.0.0.1',
		FLOWDECK_DATA_DIR: dataDir,
		FLOWDECK_DEMO_KEY: key
	}
});
const stop = new AbortController();
let prompt: ReturnType<typeof createInterface> | null = null;
server.on('exit', (code) => {
	stop.abort();
	prompt?.close();
	process.exitCode = code ?? 0;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		stop.abort();
		server.kill(signal);
	});
}

async function ready() {
	for (let i = 0; i < 120 && !stop.signal.aborted; i++) {
		try {
			if ((await fetch(`${url}/api/health`)).ok) return true;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return false;
}

function printCodes() {
	console.log(`  Authenticator code now: ${totpCode(demo.totpKey)} (press Enter for a fresh one)`);
}

function printCredentials() {
	const width = Math.max(...DEMO_USERS.map((u) => u.username.length));
	console.log(
		[
			'',
			`  FlowDeck is running at ${url}, with the simulator posting live events.`,
			'',
			`  Demo users, all with the password ${demo.password}`,
			...DEMO_USERS.map((u) => `    ${u.username.padEnd(width)}  ${u.about}`),
			'  Second factor: add this key to an authenticator app (one key for every demo user),',
			`    ${demo.totpKey}`,
			'  or press Enter here to print the current 6-digit code.',
			'',
			'  Demo ingest key (source "demo", every organisation):',
			`    ${key}`,
			''
		].join('\n')
	);
	printCodes();
	if (process.stdin.isTTY) prompt = createInterface({ input: process.stdin }).on('line', printCodes);
}

if (await ready()) {
	console.log(
		!existsSync(stateFile)
			? `\n  FlowDeck is up at ${url}. Loading ${days} days of simulated history first; sign-in details follow.\n`
			: `\n  FlowDeck is up at ${url}. Catching the simulator up; sign-in details follow.\n`
	);
	await runSimulator({
		url,
		key,
		stateFile,
		backfillDays: days,
		live: true,
		signal: stop.signal,
		// the sign-in details are the last thing printed, once the history is in
		onLive: printCredentials
	}).catch((e) => {
		if (!stop.signal.aborted) console.error(`[simulator] stopped: ${e.message}`);
	});
} else if (!stop.signal.aborted) {
	console.error('[flowdeck] the server did not become ready');
	server.kill('SIGTERM');
	process.exitCode = 1;
}
