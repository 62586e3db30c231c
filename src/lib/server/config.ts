// The environment, read once into a typed config. Every setting the server takes is here, with its default; a
// value that is not what it should be stops the start with a message naming the variable.
import { FANOUT_WINDOW_MS } from '../live/protocol.ts';

export interface DatabaseTimeouts {
	/** opening a connection (a server that accepts but never answers) */
	connectMs: number;
	/** one statement on the server (PostgreSQL's statement_timeout) */
	statementMs: number;
	/** waiting for a lock inside the database, advisory locks included (lock_timeout) */
	lockMs: number;
	/** a transaction left open with nothing running (idle_in_transaction_session_timeout) */
	idleInTransactionMs: number;
	/** the client's own limit on one query: it also ends a wait on a server that has stopped answering */
	queryMs: number;
	/** TCP keepalive probes start after this long without traffic */
	keepAliveMs: number;
}

export interface Config {
	databaseUrl: string | undefined;
	/** the role migrations run as, which owns the tables; the app's role then holds only grants (db/roles.ts) */
	ownerDatabaseUrl: string | undefined;
	dataDir: string;
	demoKey: string | undefined;
	poolSize: number;
	timeouts: DatabaseTimeouts;
	/** how often the bus connection checks the database answers (and how soon an outage is noticed) */
	healthCheckMs: number;
	/** how often the durability settings are read again */
	durabilityCheckMs: number;
	/** how often the ticker re-derives figures that move with the clock alone */
	tickMs: number;
	socketRecheckMs: number;
	/** each live room gets at most one `metrics` message in this long (live/hub.ts) */
	fanoutMs: number;
	origins: string[];
	/** believe a TLS-terminating proxy's X-Forwarded-Proto (scripts/serve.js reads the same variable) */
	trustProxy: boolean;
	ingestRate: number;
	ingestBurst: number;
	/** ingests waiting their turn in this process before more are answered 503 */
	ingestQueue: number;
	/** how long an ingest may wait for its turn before it is answered 503 */
	ingestWaitMs: number;
	/** on SIGTERM, how long in-flight ingests may take to finish */
	drainMs: number;
	alarms: AlarmConfig;
}

export type WebhookFormat = 'json' | 'teams' | 'slack';

export interface AlarmConfig {
	/** how often feeds, SPC, escalations and notifications are checked (limits are checked as figures change) */
	checkMs: number;
	/** a site's feed silent this long, in an hour it usually sends, greys its figures and raises an alarm */
	feedSilenceMinutes: number;
	/** outgoing webhooks by name: escalation policies name them; their addresses (secrets) stay here */
	webhooks: Record<string, { url: string; format: WebhookFormat }>;
	/** SMTP server for escalation emails (smtp[s]://user:password@host:port); none: no email is sent */
	smtpUrl: string | undefined;
	mailFrom: string;
	/** the address people open FlowDeck at, for links in notifications */
	publicUrl: string | undefined;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function whole(env: Env, name: string, fallback: number, min = 0): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min)
		throw new ConfigError(`${name} must be a whole number of at least ${min}; it is "${raw}"`);
	return n;
}

export function readConfig(env: Env): Config {
	const statementMs = whole(env, 'FLOWDECK_DB_STATEMENT_TIMEOUT_MS', 30_000, 1);
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		ownerDatabaseUrl: env.DATABASE_OWNER_URL || undefined,
		dataDir: env.FLOWDECK_DATA_DIR || 'data/pglite',
		demoKey: env.FLOWDECK_DEMO_KEY || undefined,
		poolSize: whole(env, 'FLOWDECK_DB_POOL', 10, 2),
		timeouts: {
			connectMs: whole(env, 'FLOWDECK_DB_CONNECT_TIMEOUT_MS', 5_000, 1),
			statementMs,
			lockMs: whole(env, 'FLOWDECK_DB_LOCK_TIMEOUT_MS', 20_000, 1),
			idleInTransactionMs: whole(env, 'FLOWDECK_DB_IDLE_IN_TRANSACTION_MS', 60_000, 1),
			queryMs: whole(env, 'FLOWDECK_DB_QUERY_TIMEOUT_MS', statementMs + 5_000, 1),
			keepAliveMs: whole(env, 'FLOWDECK_DB_KEEPALIVE_MS', 10_000, 1_000)
		},
		healthCheckMs: whole(env, 'FLOWDECK_DB_HEALTH_MS', 2_000, 100),
		durabilityCheckMs: whole(env, 'FLOWDECK_DURABILITY_CHECK_MS', 10_000, 100),
		tickMs: whole(env, 'FLOWDECK_TICK_MS', 60_000, 100),
		socketRecheckMs: whole(env, 'FLOWDECK_SOCKET_RECHECK_MS', 20_000, 100),
		fanoutMs: whole(env, 'FLOWDECK_FANOUT_MS', FANOUT_WINDOW_MS, 0),
		trustProxy: env.FLOWDECK_TRUST_PROXY === '1',
		origins: (env.FLOWDECK_ORIGINS ?? '')
			.split(',')
			.map((o) => o.trim())
			.filter(Boolean),
		ingestRate: whole(env, 'FLOWDECK_INGEST_RATE', 200, 1),
		ingestBurst: whole(env, 'FLOWDECK_INGEST_BURST', 400, 1),
		ingestQueue: whole(env, 'FLOWDECK_INGEST_QUEUE', 64, 1),
		ingestWaitMs: whole(env, 'FLOWDECK_INGEST_WAIT_MS', 20_000, 1),
		drainMs: whole(env, 'FLOWDECK_DRAIN_MS', 30_000, 0),
		alarms: {
			checkMs: whole(env, 'FLOWDECK_ALARM_CHECK_MS', 15_000, 100),
			feedSilenceMinutes: whole(env, 'FLOWDECK_FEED_SILENCE_MINUTES', 30, 1),
			webhooks: webhooks(env.FLOWDECK_WEBHOOKS),
			smtpUrl: url(env, 'FLOWDECK_SMTP_URL', ['smtp:', 'smtps:']),
			mailFrom: env.FLOWDECK_MAIL_FROM || 'FlowDeck <flowdeck@localhost>',
			publicUrl: url(env, 'FLOWDECK_PUBLIC_URL', ['http:', 'https:'])?.replace(/\/$/, '')
		}
	};
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
	const raw = env[name];
	if (!raw) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		throw new ConfigError(`${name} must be a URL`);
	}
	if (!schemes.includes(parsed.protocol))
		throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
	return raw;
}

const FORMATS: WebhookFormat[] = ['json', 'teams', 'slack'];

/** `{"kent-flow": {"url": "https://…", "format": "teams"}}`: the message never names the address, a secret */
function webhooks(raw: string | undefined): AlarmConfig['webhooks'] {
	if (!raw) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new ConfigError(
			'FLOWDECK_WEBHOOKS must be JSON: {"name": {"url": "https://…", "format": "teams"}}'
		);
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new ConfigError('FLOWDECK_WEBHOOKS must be an object of webhooks by name');
	const out: AlarmConfig['webhooks'] = {};
	for (const [name, hook] of Object.entries(parsed as Record<string, { url?: unknown; format?: unknown }>)) {
		if (!/^[a-z0-9][a-z0-9_-]{0,39}$/i.test(name))
			throw new ConfigError(
				`FLOWDECK_WEBHOOKS: "${name.slice(0, 40)}" is not a name (letters, digits, - and _)`
			);
		const format = (hook?.format ?? 'json') as WebhookFormat;
		if (!FORMATS.includes(format))
			throw new ConfigError(`FLOWDECK_WEBHOOKS: ${name}'s format must be one of ${FORMATS.join(', ')}`);
		let address: URL | null = null;
		try {
			address = new URL(String(hook?.url));
		} catch {
			/* reported below */
		}
		if (!address || !['http:', 'https:'].includes(address.protocol))
			throw new ConfigError(`FLOWDECK_WEBHOOKS: ${name}'s url must be an http(s) address`);
		out[name] = { url: address.toString(), format };
	}
	return out;
}

let current: Config | null = null;

/** The server's config, read from the environment the first time it is asked for. */
export function config(): Config {
	current ??= readConfig(process.env);
	return current;
}
