// Drives the model against a running FlowDeck through the public ingest API only: backfills history quickly, then
// posts each event as its time comes. Remembers how far it got, so a restart resumes rather than repeats.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Simulation, type SimEvent } from './model.ts';
import { progressBar } from './progress.ts';

export interface SimulatorOptions {
	url: string;
	key: string;
	/** where the seed, epoch and progress are kept; omit to start afresh every time */
	stateFile?: string;
	backfillDays: number;
	live: boolean;
	batchSize?: number;
	tickMs?: number;
	signal?: AbortSignal;
	log?: (line: string) => void;
	/** called once the backfill is in, as live posting begins */
	onLive?: () => void;
}

interface State {
	seed: number;
	epoch: string;
	postedUntil: string;
}

const DAY = 86_400_000;
/** the model starts with empty wards; four weeks before the history asked for fill them to their usual state */
export const WARM_UP_DAYS = 28;
const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
	});

function loadState(file: string | undefined, backfillDays: number): State {
	if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as State;
	const epoch = new Date(Date.now() - (backfillDays + WARM_UP_DAYS) * DAY).toISOString();
	return { seed: Math.floor(Math.random() * 2 ** 31), epoch, postedUntil: epoch };
}

function saveState(file: string | undefined, state: State) {
	if (!file) return;
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(`${file}.tmp`, JSON.stringify(state));
	renameSync(`${file}.tmp`, file);
}

/** POST one batch, retrying what the contract says to retry (network errors, 429, 503) with backoff. */
export async function postEvents(
	url: string,
	key: string,
	events: SimEvent[],
	signal?: AbortSignal
): Promise<{ accepted: number; duplicate: number; rejected: number }> {
	for (let attempt = 0; ; attempt++) {
		let response: Response;
		try {
			response = await fetch(new URL('/api/v1/events', url), {
				method: 'POST',
				headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
				body: JSON.stringify({ events }),
				signal
			});
		} catch (e) {
			if (signal?.aborted || attempt >= 8) throw e;
			await sleep(Math.min(30_000, 500 * 2 ** attempt * Math.random()), signal);
			continue;
		}
		if (response.status === 429 || response.status === 503) {
			await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000, signal);
			continue;
		}
		const body = await response.json();
		if (response.status === 200 || response.status === 422) return body;
		throw new Error(`ingest refused the batch: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
	}
}

export async function runSimulator(options: SimulatorOptions): Promise<void> {
	const log = options.log ?? ((line: string) => console.log(line));
	const batchSize = options.batchSize ?? 500;
	const state = loadState(options.stateFile, options.backfillDays);
	const sim = new Simulation(state.seed, new Date(state.epoch));
	const replayed = sim.advance(new Date(state.postedUntil)); // replay what was already sent
	let rejected = 0;

	const post = async (events: SimEvent[]) => {
		for (let i = 0; i < events.length; i += batchSize) {
			const result = await postEvents(
				options.url,
				options.key,
				events.slice(i, i + batchSize),
				options.signal
			);
			rejected += result.rejected;
		}
	};

	// a fresh run has sent nothing: what the model holds before its epoch (the register's past) goes first
	if (state.postedUntil === state.epoch && replayed.length) {
		log(
			`[simulator] the community's past: ${replayed.length.toLocaleString('en-GB')} events before the epoch`
		);
		await post(replayed);
	}

	const from = Date.parse(state.postedUntil);
	const backfillEnd = Date.now();
	if (backfillEnd - from > 60_000) {
		// whole days: the last one runs to now, so a backfill asked for N days counts N (plus the warm-up), not N + 1
		const days = Math.max(1, Math.round((backfillEnd - from) / DAY));
		const fresh = from === Date.parse(state.epoch);
		const bar = progressBar(
			fresh
				? `[simulator] ${WARM_UP_DAYS} days' warm-up + ${options.backfillDays} days' history`
				: '[simulator] catching up',
			days
		);
		const started = Date.now();
		let sent = 0;
		for (let day = 1; day <= days && !options.signal?.aborted; day++) {
			const until = new Date(day === days ? backfillEnd : from + day * DAY);
			const events = sim.advance(until);
			await post(events);
			sent += events.length;
			state.postedUntil = until.toISOString();
			saveState(options.stateFile, state);
			const rate = Math.round(sent / Math.max(0.001, (Date.now() - started) / 1000));
			bar(
				day,
				`${day}/${days} days, ${sent.toLocaleString('en-GB')} events, ${rate.toLocaleString('en-GB')}/s`
			);
		}
		if (rejected) log(`[simulator] ${rejected} events were rejected; see /data-quality`);
	}
	if (!options.live) return;

	log('[simulator] running live: events are posted as their time comes');
	options.onLive?.();
	while (!options.signal?.aborted) {
		const until = new Date();
		const events = sim.advance(until);
		if (events.length) await post(events);
		state.postedUntil = until.toISOString();
		saveState(options.stateFile, state);
		await sleep(options.tickMs ?? 2_000, options.signal);
	}
}
