// PostgreSQL's connection lifecycle for one app node: the pool the queries use, and one dedicated connection that
// carries the bus (LISTEN), watches that the server answers, and reads its durability settings. Every wait is bounded
// (config.ts), every socket has an error listener, and the dedicated connection comes back by itself after an outage
// and says so, so the live hub can resync its screens.
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DatabaseTimeouts } from '../config.ts';
import { DURABILITY_SETTINGS, durabilityProblems } from './durability.ts';

export interface Health {
	up: boolean;
	/** when it last changed */
	since: Date;
	/** why it is down */
	error?: string;
}

const log = (message: string) => console.error(`[db] ${message}`);
const NOT_YET = 'not connected yet';

export function connectionOptions(connectionString: string, t: DatabaseTimeouts): pg.ClientConfig {
	return {
		connectionString,
		application_name: 'flowdeck',
		connectionTimeoutMillis: t.connectMs,
		keepAlive: true,
		keepAliveInitialDelayMillis: t.keepAliveMs,
		statement_timeout: t.statementMs,
		lock_timeout: t.lockMs,
		idle_in_transaction_session_timeout: t.idleInTransactionMs,
		query_timeout: t.queryMs
	};
}

/** A client that errs this way is no longer trusted with another query: the pool closes it instead of reusing it. */
const BROKEN = /Query read timeout|Connection terminated|not queryable|ECONNRESET|EPIPE|ETIMEDOUT/i;

/**
 * The pool Kysely queries through. A checked-out client that loses its server emits `error`; without a listener that
 * would end the process, so every client gets one. A client whose query timed out on our side may still be busy on
 * the server: it is destroyed on release rather than handed to the next request.
 */
export function openPool(connectionString: string, max: number, t: DatabaseTimeouts): PostgresPool {
	const pool = new pg.Pool({ ...connectionOptions(connectionString, t), max });
	// the pool hears an idle client's error too; the client's own listener below has already logged it
	pool.on('error', () => {});
	pool.on('connect', (client) => client.on('error', (err) => log(`pooled connection: ${err.message}`)));
	return {
		Client: pg.Client,
		options: pool.options,
		async connect() {
			const client = await pool.connect();
			let broken: Error | undefined;
			const guarded = {
				get processID() {
					return (client as unknown as { processID?: number }).processID;
				},
				query(text: string, values: readonly unknown[]) {
					if (broken) return Promise.reject(broken);
					return client.query(text, values as unknown[]).catch((e: Error) => {
						if (BROKEN.test(e.message) || BROKEN.test((e as { code?: string }).code ?? '')) broken = e;
						throw e;
					});
				},
				release: (destroy?: boolean) => client.release(broken ?? destroy)
			};
			return guarded as unknown as PostgresPoolClient;
		},
		end: () => pool.end()
	};
}

/**
 * The node's one dedicated connection: LISTEN for the bus, a ping every `checkMs` that tells whether the database
 * answers, and the durability settings read on every connect and every `durabilityMs`. It reconnects with backoff and
 * LISTENs again; `onHealth` hears each change, so whoever missed notifications while it was down can resync.
 */
export class BusConnection {
	#url: string;
	#timeouts: DatabaseTimeouts;
	#checkMs: number;
	#durabilityMs: number;
	#handlers = new Map<string, Set<(payload: string) => void>>();
	#watchers = new Set<(health: Health) => void>();
	#client: pg.Client | null = null;
	#health: Health = { up: false, since: new Date(), error: NOT_YET };
	#durability: string[] = [];
	#checkedAt = 0;
	#failures = 0;
	#timer: NodeJS.Timeout | null = null;
	#closed = false;
	/** one query at a time on the connection: pings, LISTENs and settings reads take turns */
	#turn: Promise<unknown> = Promise.resolve();

	constructor(url: string, options: { timeouts: DatabaseTimeouts; checkMs: number; durabilityMs: number }) {
		this.#url = url;
		this.#timeouts = options.timeouts;
		this.#checkMs = options.checkMs;
		this.#durabilityMs = options.durabilityMs;
	}

	/** Connects (or keeps trying in the background) and resolves once the first attempt has ended either way. */
	async start() {
		await this.#step();
	}

	health(): Health {
		return this.#health;
	}

	/** What makes the database unsafe for acknowledged writes now; empty when it is safe. */
	durabilityProblems(): string[] {
		return this.#health.up ? this.#durability : ['the database is not reachable'];
	}

	onHealth(watch: (health: Health) => void): () => void {
		this.#watchers.add(watch);
		return () => this.#watchers.delete(watch);
	}

	async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
		const handlers = this.#handlers.get(channel) ?? new Set();
		const first = handlers.size === 0;
		handlers.add(onMessage);
		this.#handlers.set(channel, handlers);
		const client = this.#client;
		if (first && client && this.#health.up)
			await this.#serial(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)).catch((e) =>
				this.#lost(e, client)
			);
		return async () => {
			handlers.delete(onMessage);
		};
	}

	async close() {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		const client = this.#client;
		this.#client = null;
		await client?.end().catch(() => {});
	}

	#serial<T>(query: () => Promise<T>): Promise<T> {
		const result = this.#turn.then(query, query);
		this.#turn = result.catch(() => {});
		return result;
	}

	#schedule(ms: number) {
		if (this.#closed) return;
		this.#timer = setTimeout(() => void this.#step(), ms);
		this.#timer.unref();
	}

	async #step() {
		try {
			const client = this.#client;
			if (!client) await this.#serial(() => this.#connect());
			else
				await this.#serial(async () => {
					await client.query('SELECT 1');
					if (Date.now() - this.#checkedAt >= this.#durabilityMs) await this.#readDurability(client);
				});
			this.#failures = 0;
			this.#set({ up: true, since: new Date() });
			this.#schedule(this.#checkMs);
		} catch (e) {
			this.#lost(e);
			// back off from the check interval to at most 5 s between attempts
			this.#schedule(Math.min(5_000, this.#checkMs * 2 ** Math.min(this.#failures++, 4)));
		}
	}

	async #connect() {
		const client = new pg.Client({
			...connectionOptions(this.#url, this.#timeouts),
			application_name: 'flowdeck-bus',
			// the ping must notice a server that has stopped answering long before a statement would time out
			query_timeout: Math.max(1_000, this.#checkMs)
		});
		client.on('error', (err) => this.#lost(err, client));
		client.on('end', () => this.#lost(new Error('the connection ended'), client));
		client.on('notification', (n) => {
			for (const handler of this.#handlers.get(n.channel) ?? []) {
				try {
					handler(n.payload ?? '');
				} catch (e) {
					log(`${n.channel}: ${e instanceof Error ? e.message : e}`);
				}
			}
		});
		this.#client = client;
		await client.connect();
		for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
		await this.#readDurability(client);
	}

	async #readDurability(client: pg.Client) {
		const { rows } = await client.query<{ name: string; setting: string }>(
			'SELECT name, setting FROM pg_settings WHERE name = ANY($1)',
			[DURABILITY_SETTINGS]
		);
		const problems = durabilityProblems(Object.fromEntries(rows.map((r) => [r.name, r.setting])));
		if (problems.join() !== this.#durability.join())
			log(
				problems.length
					? `unsafe for acknowledged writes: ${problems.join('; ')}`
					: 'durability settings safe'
			);
		this.#durability = problems;
		this.#checkedAt = Date.now();
	}

	/** Drops the connection (a fresh one is made at the next step) and reports the database down. */
	#lost(e: unknown, which: pg.Client | null = this.#client) {
		if (!which || which !== this.#client) return;
		this.#client = null;
		which.removeAllListeners('notification');
		which.on('error', () => {});
		void which.end().catch(() => {});
		this.#set({ up: false, since: new Date(), error: e instanceof Error ? e.message : String(e) });
	}

	#set(health: Health) {
		if (health.up === this.#health.up) return;
		if (this.#closed) return;
		const first = this.#health.error === NOT_YET;
		this.#health = health;
		if (!first) log(health.up ? 'database reachable again' : `database unreachable: ${health.error}`);
		for (const watch of this.#watchers) {
			try {
				watch(health);
			} catch (e) {
				log(`health watcher: ${e instanceof Error ? e.message : e}`);
			}
		}
	}
}
