// The alarm worker of one app node, beside the live path rather than on it: it hears which organisations' figures
// changed (the same bus the hub hears), evaluates their limits a moment later in one go, and every few seconds checks
// feeds, SPC, escalations and notifications. Every node runs one; the store makes each step happen once (store.ts,
// escalation.ts, deliveries.ts). What changed is announced on the bus for the hubs to pass to the screens.
import type { Kysely } from 'kysely';
import { BUS, decodeAnnouncements } from '../../live/protocol.ts';
import type { AlarmLimit } from '../../limits.ts';
import type { AlarmConfig } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Store } from '../db/index.ts';
import { orgsWithData } from '../metrics/read.ts';
import { escalateDue } from './escalation.ts';
import { feedHealth } from './feeds.ts';
import { deliverDue } from './notify/deliveries.ts';
import type { Senders } from './notify/senders.ts';
import { limitConditions, spcCondition, spcKey } from './rules.ts';
import { announce, raise, resolveCleared, type Condition } from './store.ts';

/** figures that change in a burst are evaluated together, this long after the first change */
const SETTLE_MS = 200;
const SPC_EVERY_MS = 10 * 60_000;

const clock = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Europe/London'
});
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'Europe/London' });
const since = (at: Date, now: Date) =>
	day.format(at) === day.format(now) ? clock.format(at) : `${day.format(at)} ${clock.format(at)}`;

export class AlarmWorker {
	#db: Kysely<Database>;
	#config: AlarmConfig;
	#send: Senders;
	#now: () => Date;
	#pending = new Set<string>();
	#settle: NodeJS.Timeout | null = null;
	#timer: NodeJS.Timeout | null = null;
	#unlisten: (() => unknown) | null = null;
	#lastSpc = 0;
	#withData: { at: number; orgs: Set<string> } | null = null;
	#queue: Promise<unknown> = Promise.resolve();

	constructor(db: Kysely<Database>, config: AlarmConfig, send: Senders, now: () => Date = () => new Date()) {
		this.#db = db;
		this.#config = config;
		this.#send = send;
		this.#now = now;
	}

	async start(store: Store) {
		this.#unlisten = await store.listen(BUS.metrics, (payload) => {
			for (const a of decodeAnnouncements(payload)) this.#pending.add(a.org);
			this.#settle ??= setTimeout(() => {
				this.#settle = null;
				const orgs = [...this.#pending];
				this.#pending.clear();
				this.#run(async () => this.#announce(await this.evaluateLimits(orgs)));
			}, SETTLE_MS);
		});
		this.#timer = setInterval(() => {
			if (store.health().up) this.#run(() => this.check());
		}, this.#config.checkMs);
		this.#timer.unref();
	}

	async stop() {
		if (this.#timer) clearInterval(this.#timer);
		if (this.#settle) clearTimeout(this.#settle);
		await this.#unlisten?.();
		await this.#queue;
	}

	/** one piece of work at a time, and none of them fatal: the next check tries again */
	#run(work: () => Promise<unknown>) {
		this.#queue = this.#queue
			.then(work)
			.catch((e) => console.error(`[alarms] ${e instanceof Error ? e.message : e}`));
	}

	/**
	 * The organisations some source has sent for, read again once a check interval or when one evaluated is not among
	 * them: limits are evaluated on every burst of figures, and an organisation that has data keeps it.
	 */
	async #orgsWithData(needed: string[]) {
		const now = Date.now();
		const known = this.#withData;
		// one not known to have data may have just begun: asked again, so its first breach is not held back
		if (known && now - known.at < this.#config.checkMs && needed.every((org) => known.orgs.has(org)))
			return known.orgs;
		this.#withData = { at: now, orgs: await orgsWithData(this.#db) };
		return this.#withData.orgs;
	}

	/** Everything but the limits of changed figures: limits of all, feeds, SPC now and then, escalations, sends. */
	async check() {
		const now = this.#now();
		const changed = [
			...(await this.evaluateLimits(null)),
			...(await this.checkFeeds()),
			...(now.getTime() - this.#lastSpc >= SPC_EVERY_MS ? await this.checkSpc() : []),
			...(await escalateDue(this.#db, now))
		];
		await this.#announce(changed);
		await deliverDue(this.#db, now, this.#send, this.#config.publicUrl);
	}

	/** Raises and resolves limit alarms for the given organisations (null: every one with a limit). */
	async evaluateLimits(orgs: string[] | null): Promise<string[]> {
		const now = this.#now();
		const rows = await this.#db
			.selectFrom('metric_limit')
			.select(['org', 'metric', 'low', 'high'])
			.where((eb) => eb.or([eb('low', 'is not', null), eb('high', 'is not', null)]))
			.$if(orgs !== null, (q) => q.where('org', 'in', orgs!.length ? orgs! : ['']))
			.execute();
		const limits = new Map<string, Record<string, AlarmLimit>>();
		for (const r of rows) {
			const l = limits.get(r.org) ?? {};
			l[r.metric] = {
				low: r.low === null ? null : Number(r.low),
				high: r.high === null ? null : Number(r.high)
			};
			limits.set(r.org, l);
		}
		const holding: Condition[] = [];
		if (limits.size) {
			// an organisation no source has sent for has zeros that are no data: past no limit
			const [withData, current] = await Promise.all([
				this.#orgsWithData([...limits.keys()]),
				this.#db
					.selectFrom('metric_current')
					.select(['org', 'metrics'])
					.where('org', 'in', [...limits.keys()])
					.execute()
			]);
			for (const c of current)
				if (withData.has(c.org)) holding.push(...limitConditions(c.org, c.metrics, limits.get(c.org)!));
		}
		return this.#apply('limit', orgs === null ? {} : { orgs }, holding, 'back within its limits', now);
	}

	/** Raises a feed alarm for each site silent past the threshold; resolves those that sent again. */
	async checkFeeds(): Promise<string[]> {
		const now = this.#now();
		const health = await feedHealth(this.#db, now, this.#config.feedSilenceMinutes * 60_000);
		const holding: Condition[] = health.sites
			.filter((s) => s.status === 'silent')
			.map((s) => ({
				key: `feed:${s.site}`,
				org: s.site,
				metric: null,
				kind: 'feed',
				message: `no data from ${s.siteName} since ${s.lastReceived ? since(s.lastReceived, now) : 'it started'}`,
				value: s.lastReceived?.getTime() ?? null
			}));
		return this.#apply('feed', {}, holding, 'the feed is sending again', now);
	}

	/** SPC special causes on completed days, for the metrics whose limits ask for them. */
	async checkSpc(): Promise<string[]> {
		const now = this.#now();
		this.#lastSpc = now.getTime();
		const rules = await this.#db
			.selectFrom('metric_limit as l')
			.leftJoin('metric_target as t', (j) =>
				j.onRef('t.org', '=', 'l.org').onRef('t.metric', '=', 'l.metric')
			)
			.select(['l.org', 'l.metric', 't.value as target'])
			.where('l.spc', '=', true)
			.execute();
		const holding: Condition[] = [];
		for (const r of rules) {
			const c = await spcCondition(
				this.#db,
				r.org,
				r.metric,
				r.target === null ? null : Number(r.target),
				now
			);
			if (c) holding.push(c);
		}
		const keys = rules.map((r) => spcKey(r.metric, r.org));
		return this.#apply('spc', { keys }, holding, 'no special cause on the last completed day', now);
	}

	async #apply(
		kind: Condition['kind'],
		evaluated: { keys?: string[]; orgs?: string[] },
		holding: Condition[],
		reason: string,
		now: Date
	): Promise<string[]> {
		const changed: string[] = [];
		for (const c of holding) if (await raise(this.#db, c, now)) changed.push(c.org);
		const keys = new Set(holding.map((c) => c.key));
		changed.push(...(await resolveCleared(this.#db, kind, evaluated, keys, reason, now)));
		return changed;
	}

	#announce(orgs: string[]) {
		return announce(this.#db, orgs);
	}
}
