// `npm start`: the command centre on the embedded database with the live simulator. Starts the production server
// with a fresh demo key, backfills 90 days of simulated history through the ingest API, then keeps it live.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { runSimulator } from '../src/lib/server/simulator/run.ts';

const port = Number(process.env.PORT ?? 3000);
const url = `http://localhost:${port}`;
const dataDir = process.env.FLOWDECK_DATA_DIR ?? 'data/pglite';
const days = Number(process.env.FLOWDECK_BACKFILL_DAYS ?? 90);
const key = `fdk_${randomBytes(12).toString('hex').slice(0, 12)}_${randomBytes(32).toString('base64url')}`;

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
server.on('exit', (code) => {
	stop.abort();
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

if (await ready()) {
	console.log(
		`\n  FlowDeck is running at ${url}\n  Demo ingest key (source "demo", every organisation):\n  ${key}\n`
	);
	await runSimulator({
		url,
		key,
		stateFile: `${dataDir}/../simulator.json`,
		backfillDays: days,
		live: true,
		signal: stop.signal
	}).catch((e) => {
		if (!stop.signal.aborted) console.error(`[simulator] stopped: ${e.message}`);
	});
} else if (!stop.signal.aborted) {
	console.error('[flowdeck] the server did not become ready');
	server.kill('SIGTERM');
	process.exitCode = 1;
}
