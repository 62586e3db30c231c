// The production build as the fault suite runs it: `node scripts/serve.js` on a fixed port under a small supervisor
// that starts it again a second after any exit, as the systemd unit in scripts/deploy does. Every exit is recorded,
// with whether the suite caused it, and everything the process printed is kept.
import { spawn, type ChildProcess } from 'node:child_process';

export class App {
	readonly url: string;
	readonly exits: { code: number | null; signal: string | null; expected: boolean }[] = [];
	#env: Record<string, string>;
	#child: ChildProcess | null = null;
	#killing = false;
	#stopping = false;
	#log = '';

	constructor(port: number, env: Record<string, string>) {
		this.url = `http://127.0.0.1:${port}`;
		this.#env = { ...(process.env as Record<string, string>), PORT: String(port), HOST: '127.0.0.1', ...env };
	}

	get log() {
		return this.#log;
	}

	/** Deaths nobody asked for */
	get crashes() {
		return this.exits.filter((e) => !e.expected);
	}

	async start() {
		this.#spawn();
		await this.ready();
	}

	#spawn() {
		const child = spawn(process.execPath, ['scripts/serve.js'], {
			env: this.#env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		child.stdout!.on('data', (c) => (this.#log += c));
		child.stderr!.on('data', (c) => (this.#log += c));
		child.once('exit', (code, signal) => {
			this.exits.push({ code, signal, expected: this.#killing || this.#stopping });
			this.#killing = false;
			if (this.#child === child) this.#child = null;
			if (!this.#stopping) setTimeout(() => this.#stopping || this.#spawn(), 1_000);
		});
	}

	/** Resolves once the app answers its health check (it may be restarting). */
	async ready(ms = 90_000) {
		const started = Date.now();
		while (Date.now() - started < ms) {
			try {
				if ((await fetch(`${this.url}/api/health`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error(`the app did not become ready in ${ms / 1000} s:\n${this.#log.slice(-3000)}`);
	}

	/** kill -9: no drain, no goodbye; the supervisor starts it again */
	kill() {
		this.#killing = true;
		this.#child?.kill('SIGKILL');
	}

	async stop() {
		this.#stopping = true;
		const child = this.#child;
		if (!child) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	}
}
