// The end-to-end tests' server: prepares its embedded database with the demo users (a known password and
// authenticator key) and one all-round test user, then runs the production server on it.
import { spawn } from 'node:child_process';
import { ensureDemoUsers } from '../../src/lib/server/auth/demo.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { openReadyStore } from '../../src/lib/server/db/index.ts';
import { ALL_ROUND, E2E_PASSWORD, E2E_TOTP_KEY } from './people.ts';

const dataDir = process.env.FLOWDECK_DATA_DIR!;
const store = await openReadyStore({ dataDir });
await ensureDemoUsers(store.db, E2E_PASSWORD, E2E_TOTP_KEY);
const made = await createUser(store.db, { ...ALL_ROUND, password: E2E_PASSWORD, totpKey: E2E_TOTP_KEY });
if ('problems' in made && !made.problems.username?.startsWith('There is already'))
	throw new Error(JSON.stringify(made.problems));
await store.close();

const server = spawn(process.execPath, ['scripts/serve.js'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
