// A PostgreSQL cluster of the fault suite's own, on a spare port in a temporary folder, so it can be killed, paused
// and reconfigured without touching the machine's server. As root, initdb and the server run as `postgres`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function binDir(): string {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root))
		throw new Error('PostgreSQL server binaries are not installed (/usr/lib/postgresql)');
	const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
	return join(root, version, 'bin');
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

export class Cluster {
	readonly dir = mkdtempSync(join(tmpdir(), 'flowdeck-faults-pg-'));
	readonly data = join(this.dir, 'data');
	readonly port: number;
	#bin = binDir();
	#asPostgres = process.getuid?.() === 0;

	constructor(port: number) {
		this.port = port;
	}

	/** the application's role, which owns nothing (README, "Database roles") */
	get url() {
		return `postgres://flowdeck_app@127.0.0.1:${this.port}/flowdeck`;
	}

	/** the role that owns the database and runs the migrations */
	get ownerUrl() {
		return `postgres://flowdeck_owner@127.0.0.1:${this.port}/flowdeck`;
	}

	#run(tool: string, args: string[]) {
		const command = join(this.#bin, tool);
		const [file, argv] = this.#asPostgres
			? ['runuser', ['-u', 'postgres', '--', command, ...args]]
			: [command, args];
		const r = spawnSync(file, argv, { encoding: 'utf8' });
		if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
		return r.stdout;
	}

	async init() {
		if (this.#asPostgres) chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
		this.#run('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
		this.start();
		await this.admin(async (c) => {
			await c.query('CREATE ROLE flowdeck_owner LOGIN');
			await c.query('CREATE ROLE flowdeck_app LOGIN');
			await c.query('CREATE DATABASE flowdeck OWNER flowdeck_owner');
		}, 'postgres');
	}

	start() {
		const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
		this.#run('pg_ctl', [
			'start',
			'-w',
			'-t',
			'60',
			'-D',
			this.data,
			'-l',
			join(this.dir, 'log'),
			'-o',
			options
		]);
	}

	/** Kills the server at once, as a crash or a power cut would (the next start recovers from the WAL). */
	crash() {
		this.#run('pg_ctl', ['stop', '-m', 'immediate', '-D', this.data]);
	}

	restart() {
		this.#run('pg_ctl', ['restart', '-m', 'fast', '-w', '-D', this.data, '-l', join(this.dir, 'log')]);
	}

	/** SIGSTOP (or SIGCONT) to the postmaster and every backend: a server that has stopped answering. */
	pause(on: boolean) {
		const pid = Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
		const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
			.stdout.split('\n')
			.filter(Boolean)
			.map(Number);
		for (const p of [pid, ...children]) process.kill(p, on ? 'SIGSTOP' : 'SIGCONT');
	}

	async admin<T>(work: (client: pg.Client) => Promise<T>, database = 'flowdeck'): Promise<T> {
		const client = new pg.Client({
			connectionString: `postgres://postgres@127.0.0.1:${this.port}/${database}`
		});
		await client.connect();
		try {
			return await work(client);
		} finally {
			await client.end();
		}
	}

	async setSynchronousCommit(value: 'on' | 'off') {
		await this.admin(async (c) => {
			await c.query(
				value === 'on'
					? 'ALTER SYSTEM SET synchronous_commit = on'
					: 'ALTER SYSTEM SET synchronous_commit = off'
			);
			await c.query('SELECT pg_reload_conf()');
		});
	}

	destroy() {
		try {
			this.pause(false);
		} catch {
			// not running
		}
		spawnSync('runuser', [
			'-u',
			'postgres',
			'--',
			join(this.#bin, 'pg_ctl'),
			'stop',
			'-m',
			'immediate',
			'-D',
			this.data
		]);
		if (!this.#asPostgres) spawnSync(join(this.#bin, 'pg_ctl'), ['stop', '-m', 'immediate', '-D', this.data]);
		rmSync(this.dir, { recursive: true, force: true });
	}
}
