// Sign-in and session validation against the production build on PostgreSQL.
// 1. Sign-ins at a steady 20 a second for 30 s, each a different user (an authenticator code works once per user
//    per 30 s), password (argon2id m=47104 t=1 p=1) then code, timed from the first request to the signed-in cookie.
// 2. What validating a session adds to a request: the same cheap request with and without a signed-in cookie,
//    interleaved.
// Usage: npm run build && node scripts/bench/signin.ts [--rate 20] [--seconds 30]
import { sql } from 'kysely';
import { openStore } from '../../src/lib/server/db/index.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { totpCode } from '../../src/lib/server/auth/totp.ts';
import { post, setCookie } from '../../tests/api/http.ts';
import { startServer, TEST_PASSWORD, TEST_TOTP_KEY } from '../../tests/api/server.ts';
import { summary } from './stats.ts';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RATE = arg('rate', 20);
const SECONDS = arg('seconds', 30);
const USERS = RATE * SECONDS;

const server = await startServer('postgres', undefined, {
	ADDRESS_HEADER: 'x-forwarded-for',
	FLOWDECK_TRUST_PROXY: '1'
});
const store = await openStore({ databaseUrl: server.databaseUrl! });
try {
	// one hash for every bench user: the server still verifies each sign-in in full
	const hash = await hashPassword(TEST_PASSWORD);
	await sql`
		INSERT INTO app_user (username, display_name, password_hash, totp_key)
		SELECT 'bench.' || n, 'Bench ' || n, ${hash}, ${TEST_TOTP_KEY} FROM generate_series(1, ${USERS}) AS n
	`.execute(store.db);
	await sql`
		INSERT INTO user_role (user_id, role, org) SELECT id, 'viewer', 'kent-medway' FROM app_user WHERE username LIKE 'bench.%'
	`.execute(store.db);

	console.log(
		`sign-in benchmark: ${RATE} sign-ins/s for ${SECONDS} s on PostgreSQL, one 2-core machine (load generator included)`
	);
	const password: number[] = [];
	const whole: number[] = [];
	let failed = 0;
	const signIn = async (n: number) => {
		// each sign-in from its own address, as staff at many desks; the throttle counts per account and address
		const o = { ip: `10.1.${Math.floor(n / 250)}.${n % 250}` };
		const t0 = performance.now();
		const first = await post(server, '/login', { username: `bench.${n}`, password: TEST_PASSWORD }, o);
		password.push(performance.now() - t0);
		const second = await post(
			server,
			'/login/second-factor',
			{ code: totpCode(TEST_TOTP_KEY) },
			{ ...o, cookie: setCookie(first)! }
		);
		if (second.status !== 303 || !setCookie(second)) failed++;
		whole.push(performance.now() - t0);
	};
	const started = performance.now();
	const running: Promise<void>[] = [];
	for (let n = 1; n <= USERS; n++) {
		const due = started + ((n - 1) * 1000) / RATE;
		await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
		running.push(signIn(n));
	}
	await Promise.all(running);
	summary('password step (argon2id)', password);
	const s = summary('whole sign-in (password + code)', whole);
	console.log(
		`  ${failed} of ${USERS} sign-ins failed; target p99 ≤ 500 ms: ${s.p99 <= 500 ? 'met' : 'NOT met'}`
	);

	const time = async (cookie?: string) => {
		const t = performance.now();
		const r = await fetch(`${server.url}/api/health`, { headers: cookie ? { cookie } : {} });
		await r.arrayBuffer();
		return performance.now() - t;
	};
	const without: number[] = [];
	const withSession: number[] = [];
	const cookie = server.cookies.viewer;
	for (let i = 0; i < 200; i++) await time(cookie); // warm up
	for (let i = 0; i < 3000; i++) {
		without.push(await time());
		withSession.push(await time(cookie));
	}
	const a = summary('request without a session', without);
	const b = summary('request with a session', withSession);
	console.log(
		`  session validation adds p50 ${(b.p50 - a.p50).toFixed(2)} ms, p99 ${(b.p99 - a.p99).toFixed(2)} ms (target ≤ 2 ms p99)`
	);
} finally {
	await store.close();
	await server.stop();
}
