// Feed health worked by hand at William Harvey in January 2026 (London on GMT): a source that sends four events an
// hour from 08:00 to 19:59 for three days. Silence counts only in the hours it usually sends, past the threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, testStore, type TestStore } from '../../../../tests/stores.ts';
import { readConfig } from '../config.ts';
import { ingest } from '../ingest/ingest.ts';
import { feedHealth } from './feeds.ts';
import { openAlarmsUnder } from './store.ts';
import { AlarmWorker } from './worker.ts';

const SITE = 'william-harvey';
const KEY = { id: 'test', source: 'pas-feed', orgs: null };
const MINUTE = 60_000;
const at = (day: number, h: number, m = 0) => new Date(Date.UTC(2026, 0, day, h, m));
const THIRTY = 30 * MINUTE;

/** four attendances in the hour, the last at :45, each received as it happened */
async function sendHour(db: TestStore['db'], day: number, h: number) {
	for (const m of [0, 15, 30, 45])
		await ingest(
			db,
			KEY,
			[
				{
					id: `a${day}h${h}m${m}`,
					type: 'ae_attendance',
					occurredAt: at(day, h, m).toISOString(),
					site: SITE,
					attendance: `att${day}h${h}m${m}`
				}
			],
			{ now: at(day, h, m) }
		);
}

for (const backend of await backends()) {
	describe(`feed health on ${backend}`, () => {
		let store: TestStore;
		beforeAll(async () => {
			store = await testStore(backend);
			for (const day of [5, 6, 7]) for (let h = 8; h < 20; h++) await sendHour(store.db, day, h);
			// the fourth day: 08:00 and 09:00, then nothing
			await sendHour(store.db, 8, 8);
			await sendHour(store.db, 8, 9);
		}, 120_000);
		afterAll(() => store?.drop());

		it('is sending with the last hour against the usual for that hour of the day', async () => {
			const health = await feedHealth(store.db, at(8, 10, 10), THIRTY);
			const feed = health.feeds.find((f) => f.site === SITE)!;
			expect(feed).toMatchObject({
				source: 'pas-feed',
				siteName: 'William Harvey Hospital, Ashford',
				lastHour: 4,
				usual: 4,
				status: 'sending'
			});
			expect(feed.lastReceived).toEqual(at(8, 9, 45));
			expect(health.hour).toEqual(at(8, 9));
		});

		it('is silent past the threshold in an hour it usually sends, once three events were due, and not before', async () => {
			expect((await feedHealth(store.db, at(8, 10, 15), THIRTY)).sites[0].status).toBe('sending');
			// 31 minutes at four an hour: two events were due, which a quiet half hour explains
			expect((await feedHealth(store.db, at(8, 10, 16), THIRTY)).sites[0].status).toBe('quiet');
			expect((await feedHealth(store.db, at(8, 10, 29), THIRTY)).sites[0].status).toBe('quiet');
			const silent = (await feedHealth(store.db, at(8, 10, 30), THIRTY)).sites[0];
			expect(silent).toMatchObject({ site: SITE, status: 'silent' });
			// a shorter threshold makes no difference to that: three events are due only after 45 minutes
			expect((await feedHealth(store.db, at(8, 10, 20), 10 * 60_000)).sites[0].status).toBe('quiet');
		});

		it('is idle, not silent, in the hours it does not usually send', async () => {
			const night = (await feedHealth(store.db, at(9, 2, 0), THIRTY)).sites[0];
			expect(night.usualNow).toBe(0);
			expect(night.status).toBe('idle');
		});

		it('raises a feed alarm naming the site and the time, and resolves it when the feed sends again', async () => {
			let clock = at(8, 10, 40);
			const worker = new AlarmWorker(
				store.db,
				readConfig({}).alarms,
				{ webhook: async () => {}, email: async () => {} },
				() => clock
			);
			expect(await worker.checkFeeds()).toEqual([SITE]);
			expect(await worker.checkFeeds()).toEqual([]);
			const [alarm] = await openAlarmsUnder(store.db, 'kent-medway');
			expect(alarm).toMatchObject({
				kind: 'feed',
				org: SITE,
				message: 'no data from William Harvey Hospital, Ashford since 09:45'
			});
			await ingest(
				store.db,
				KEY,
				[
					{
						id: 'back',
						type: 'ae_attendance',
						occurredAt: at(8, 10, 41).toISOString(),
						site: SITE,
						attendance: 'att-back'
					}
				],
				{ now: at(8, 10, 41) }
			);
			clock = at(8, 10, 42);
			expect(await worker.checkFeeds()).toEqual([SITE]);
			expect(await openAlarmsUnder(store.db, SITE)).toHaveLength(0);
		});

		it('takes the threshold from FLOWDECK_FEED_SILENCE_MINUTES', () => {
			expect(readConfig({}).alarms.feedSilenceMinutes).toBe(30);
			expect(readConfig({ FLOWDECK_FEED_SILENCE_MINUTES: '10' }).alarms.feedSilenceMinutes).toBe(10);
			expect(() => readConfig({ FLOWDECK_FEED_SILENCE_MINUTES: '0' })).toThrow(
				/FLOWDECK_FEED_SILENCE_MINUTES/
			);
		});
	});
}
