import { feedHealth } from '$lib/server/alarms/feeds';
import { config } from '$lib/server/config';
import { listNodes } from '$lib/server/live/nodes';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const store = getStore();
	const now = new Date();
	const silenceMinutes = config().alarms.feedSilenceMinutes;
	const [feeds, nodes] = await Promise.all([
		feedHealth(store.db, now, silenceMinutes * 60_000),
		listNodes(store.db, now)
	]);
	const health = store.health();
	const row = (f: (typeof feeds.feeds)[number]) => ({
		...f,
		lastReceived: f.lastReceived?.toISOString() ?? null
	});
	return {
		now: now.toISOString(),
		silenceMinutes,
		hour: feeds.hour.toISOString(),
		feeds: feeds.feeds.map(row),
		sites: feeds.sites.map(row),
		nodes,
		store: {
			backend: store.backend,
			up: health.up,
			since: health.since.toISOString(),
			durability: store.durabilityProblems()
		}
	};
};
