// The fault suite's clients. A source posts its stream in batches and retries only what the contract says may be
// retried (429, 503, a network error), so every event it counts as acknowledged was answered 200/422 after commit.
// A reader asks for figures all the while. Both count every answer by status.
import type { RawEvent } from '../oracle.ts';

export class Tally {
	readonly statuses = new Map<string, number>();
	count(status: number | 'network') {
		const k = String(status);
		this.statuses.set(k, (this.statuses.get(k) ?? 0) + 1);
	}
	get(status: number | 'network') {
		return this.statuses.get(String(status)) ?? 0;
	}
	reset() {
		this.statuses.clear();
	}
	/** 5xx other than 503, and any answer outside the contract */
	unexpected(allowed: number[]) {
		return [...this.statuses].filter(([s]) => s !== 'network' && !allowed.includes(Number(s)));
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Source {
	readonly url: () => string;
	readonly key: string;
	readonly name: string;
	readonly tally = new Tally();
	/** event id → 'accepted' | 'duplicate' as the API answered */
	readonly acknowledged = new Map<string, string>();
	readonly rejected: string[] = [];
	/** the longest one request took to be answered */
	slowestMs = 0;

	constructor(name: string, url: () => string, key: string) {
		this.name = name;
		this.url = url;
		this.key = key;
	}

	/**
	 * Posts `events` in batches of `size`, retrying each until it is answered for good; `lanes` requests in flight at
	 * once (a source system with several feeds), one lane's batches one after another.
	 */
	async send(events: RawEvent[], size: number, lanes = 1) {
		const lane = async (n: number) => {
			for (let i = n * size; i < events.length; i += size * lanes) await this.post(events.slice(i, i + size));
		};
		await Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
	}

	async post(batch: RawEvent[], body = JSON.stringify({ events: batch }), type = 'application/json') {
		for (let attempt = 0; ; attempt++) {
			const started = Date.now();
			let response: Response;
			try {
				response = await fetch(`${this.url()}/api/v1/events`, {
					method: 'POST',
					headers: { authorization: `Bearer ${this.key}`, 'content-type': type },
					body,
					signal: AbortSignal.timeout(120_000)
				});
			} catch {
				this.tally.count('network');
				await sleep(Math.min(2_000, 200 * 2 ** attempt));
				continue;
			}
			this.slowestMs = Math.max(this.slowestMs, Date.now() - started);
			this.tally.count(response.status);
			if (response.status === 429 || response.status === 503) {
				await response.body?.cancel();
				await sleep(Math.min(5_000, 1_000 * Number(response.headers.get('retry-after') ?? 1)));
				continue;
			}
			if (response.status !== 200 && response.status !== 422) {
				// a 500 is a failure of the check; the batch is sent again so that nothing is lost meanwhile
				await response.body?.cancel();
				await sleep(1_000);
				continue;
			}
			const answer = (await response.json()) as { results: { id: string; status: string }[] };
			const byId = new Map(answer.results.map((r) => [r.id, r.status]));
			for (const e of batch) {
				const status = byId.get(e.id) ?? 'accepted'; // a CSV answer lists only the rows not accepted
				if (status === 'rejected') this.rejected.push(e.id);
				else this.acknowledged.set(e.id, this.acknowledged.has(e.id) ? 'duplicate' : status);
			}
			return;
		}
	}
}

/** Asks for an organisation's figures over and over until stopped, timing each answer. */
export class Reader {
	readonly tally = new Tally();
	slowestMs = 0;
	#url: () => string;
	#key: string;

	constructor(url: () => string, key: string) {
		this.#url = url;
		this.#key = key;
	}

	async run(org: string, stop: AbortSignal, everyMs = 200) {
		while (!stop.aborted) {
			const started = Date.now();
			try {
				const r = await fetch(`${this.#url()}/api/v1/metrics?org=${org}`, {
					headers: { authorization: `Bearer ${this.#key}` },
					signal: AbortSignal.timeout(60_000)
				});
				await r.body?.cancel();
				this.tally.count(r.status);
				this.slowestMs = Math.max(this.slowestMs, Date.now() - started);
			} catch {
				this.tally.count('network');
			}
			await sleep(everyMs);
		}
	}
}
