// Ingests (and the ticker) take turns in this process before they take a database connection. In the database they
// also take an advisory lock (ingest.ts), which puts the nodes in one line; waiting here rather than there means a
// long upload holds one pooled connection, not one per queued request, so reads, sign-ins and sockets keep theirs.

/** Why a turn was not given: the caller answers 503 with Retry-After. */
export class LineRefused extends Error {
	readonly retryAfter: number;
	constructor(message: string, retryAfter: number) {
		super(message);
		this.retryAfter = retryAfter;
	}
}

export class IngestLine {
	#limit: number;
	#waitMs: number;
	#running: Promise<unknown> = Promise.resolve();
	#waiting = 0;
	#inFlight = 0;
	#closed = false;
	#idle: (() => void)[] = [];

	constructor(options: { limit: number; waitMs: number }) {
		this.#limit = options.limit;
		this.#waitMs = options.waitMs;
	}

	get waiting() {
		return this.#waiting;
	}

	/**
	 * Runs `work` when its turn comes. Refuses at once when the line is full or closed, or after `waitMs` in it;
	 * work that `continues` something already under way (the next chunk of an upload) is never refused for that.
	 */
	async run<T>(work: () => Promise<T>, options: { continues?: boolean } = {}): Promise<T> {
		if (this.#closed && !options.continues)
			throw new LineRefused('this node is shutting down; retry on another', 5);
		if (this.#waiting >= this.#limit && !options.continues)
			throw new LineRefused('the ingest queue is full; retry shortly', 2);
		this.#waiting++;
		this.#inFlight++;
		const before = this.#running;
		let done!: () => void;
		const mine = new Promise<void>((resolve) => (done = resolve));
		this.#running = before.then(() => mine);
		let timer: NodeJS.Timeout | undefined;
		const turn = await Promise.race([
			before.then(() => true),
			options.continues
				? new Promise<false>(() => {})
				: new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.#waitMs)))
		]);
		clearTimeout(timer);
		this.#waiting--;
		try {
			// one that gives up still holds its place until the work before it ends, so the order stays exact
			if (!turn) {
				void before.then(done);
				throw new LineRefused(`waited ${this.#waitMs / 1000} s for earlier ingests; retry`, 5);
			}
			try {
				return await work();
			} finally {
				done();
			}
		} finally {
			if (--this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
		}
	}

	/**
	 * Counts work that takes several turns (an upload's chunks) as under way from now until `release` is called, so
	 * closing the line waits for all of it rather than for the chunk that happens to be running. Its turns then run
	 * with `continues`. Refused, like `run`, when the line is closed or full.
	 */
	begin(): () => void {
		if (this.#closed) throw new LineRefused('this node is shutting down; retry on another', 5);
		if (this.#waiting >= this.#limit) throw new LineRefused('the ingest queue is full; retry shortly', 2);
		this.#inFlight++;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			if (--this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
		};
	}

	/** Refuses new work from now on; resolves once the work already in the line has ended. */
	close(): Promise<void> {
		this.#closed = true;
		if (this.#inFlight === 0) return Promise.resolve();
		return new Promise((resolve) => this.#idle.push(resolve));
	}
}
