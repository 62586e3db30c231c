// Issue 12, point 6: one source of truth per figure. A stream of simulated events goes in through the ingest API;
// then a weekly pack (the last complete week, and the week in progress) and a scheme's monthly highlight report are
// built from the same database, and every number in them is checked against what the read API's series gives for
// the same organisation, instants and windows. Buckets before the data starts are "no data", never 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/lib/server/db/index.ts';
import { buildHighlight } from '../../src/lib/server/reports/highlight.ts';
import {
	lastCompleteMonth,
	lastCompleteWeek,
	previousWeek,
	sameWeekLastYear,
	weekOf,
	type Period
} from '../../src/lib/server/reports/periods.ts';
import { buildWeeklyPack } from '../../src/lib/server/reports/weekly.ts';
import { Simulation } from '../../src/lib/server/simulator/model.ts';
import { SITE_PROFILES } from '../../src/lib/server/simulator/sites.ts';
import { backends } from '../stores.ts';
import { startServer, type RunningServer } from './server.ts';

const hasPostgres = (await backends()).includes('postgres');
const DAY = 86_400_000;

interface Point {
	t: string;
	value: number | null;
	partial?: true;
}

describe.runIf(hasPostgres)('packs and reports agree with the read API', () => {
	let server: RunningServer;
	let store: Store;
	const now = new Date();
	const seriesApi = async (org: string, metric: string, bucket: string, from: Date, to: Date) => {
		const q = new URLSearchParams({ org, metric, bucket, from: from.toISOString(), to: to.toISOString() });
		const r = await fetch(`${server.url}/api/v1/series?${q}`, {
			headers: { authorization: `Bearer ${server.key}` }
		});
		expect(r.status, `${org} ${metric}`).toBe(200);
		return (await r.json()) as { dataFrom: string | null; points: Point[] };
	};
	/** the read API's value for a whole week (census at its end, flow summed over it) */
	const weekValue = async (org: string, metric: string, week: Period) => {
		const { points } = await seriesApi(org, metric, 'week', week.start, new Date(week.end.getTime() - 1));
		expect(points).toHaveLength(1);
		return points[0].value;
	};

	beforeAll(async () => {
		server = await startServer('postgres');
		store = await openStore({ databaseUrl: server.databaseUrl!, poolSize: 2 });
		// five weeks or more of two sites, ending now, starting at least ten days before the last complete month so
		// that every metric has data in the month before it whatever today's date; other sites send nothing
		const start = Math.min(now.getTime() - 38 * DAY, lastCompleteMonth(now).start.getTime() - 10 * DAY);
		const sim = new Simulation(
			12,
			new Date(start),
			SITE_PROFILES.filter((p) => p.site === 'medway-maritime' || p.site === 'darent-valley')
		);
		const events = sim.advance(now);
		for (let i = 0; i < events.length; i += 500) {
			const r = await fetch(`${server.url}/api/v1/events`, {
				method: 'POST',
				headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
				body: JSON.stringify({ events: events.slice(i, i + 500) })
			});
			expect(r.status).toBe(200);
		}
	}, 300_000);
	afterAll(async () => {
		await store?.close();
		await server?.stop();
	});

	it('every figure, trend point, delay and signal of the last complete week is the API figure', async () => {
		const week = lastCompleteWeek(now);
		const pack = (await buildWeeklyPack(store.db, 'kent-medway', week, now))!;
		expect(pack.period).toMatchObject({ label: week.label, inProgress: false });
		let checked = 0;
		for (const site of pack.sites) {
			for (const f of site.figures) {
				expect(f.thisWeek, `${site.code} ${f.metric} this week`).toBe(
					await weekValue(site.code, f.metric, week)
				);
				expect(f.lastWeek, `${site.code} ${f.metric} last week`).toBe(
					await weekValue(site.code, f.metric, previousWeek(week))
				);
				// no data a year ago: "no data", never 0
				expect(await weekValue(site.code, f.metric, sameWeekLastYear(week))).toBeNull();
				expect(f.lastYear, `${site.code} ${f.metric} last year`).toBeNull();
				if (f.thisWeek === null) expect(f.status).toBe('no data');
				checked += 3;
			}
			for (const trend of site.trends) {
				const { points } = await seriesApi(
					site.code,
					trend.metric,
					'week',
					new Date(trend.weeks[0]),
					new Date(week.end.getTime() - 1)
				);
				// a week the data covers in part (the first) is drawn apart, not a point of the trend
				expect(points.map((p) => (p.partial ? null : p.value))).toEqual(trend.values);
				expect(points.map((p) => (p.partial ? p.value : null))).toEqual(trend.soFar);
				checked += points.length;
			}
			// delays by attribution and by reason at the week's end add up to the delayed transfers beside them
			const dtoc = site.figures.find((f) => f.metric === 'dtoc')!.thisWeek;
			if (dtoc === null) {
				expect(site.delays.attribution).toEqual([]);
				continue;
			}
			const [nhs, social, both] = await Promise.all(
				['nhs', 'social_care', 'both'].map((a) => weekValue(site.code, `dtoc.attribution.${a}`, week))
			);
			expect(site.delays.attribution.map((a) => a.value)).toEqual([nhs, social, both]);
			expect(nhs! + social! + both!).toBe(dtoc);
			expect(site.delays.reasons.reduce((s, r) => s + r.value, 0)).toBe(dtoc);
			for (const s of site.signals) {
				const day = new Date(`${s.date}T12:00:00Z`);
				const { points } = await seriesApi(site.code, s.metric, 'day', day, new Date(day.getTime() + 1));
				expect(s.value, `${s.site} ${s.metric} ${s.date}`).toBe(points[0].value);
				expect(points[0].partial).toBeUndefined();
			}
			checked += 4;
		}
		// the sites without a feed are named, with no page of figures
		expect(pack.sites.map((s) => s.code)).toEqual(['medway-maritime', 'darent-valley']);
		expect(pack.silent?.map((s) => s.code)).toEqual(
			expect.arrayContaining(['qeqm', 'william-harvey', 'kent-canterbury', 'westbrook-house'])
		);
		expect(checked).toBeGreaterThan(100);
	});

	it('compares a week in progress with the same hours of last week, and never makes its partial day a signal', async () => {
		const week = weekOf(now);
		const pack = (await buildWeeklyPack(store.db, 'kent-medway', week, now))!;
		expect(pack.period.inProgress).toBe(true);
		const site = pack.sites.find((s) => s.code === 'medway-maritime')!;
		const last = previousWeek(week);
		// the same whole hours of last week
		const hour = 3_600_000;
		const sameHours = new Date(
			last.start.getTime() + Math.floor((now.getTime() - week.start.getTime()) / hour) * hour
		);
		const discharges = site.figures.find((f) => f.metric === 'discharges_today')!;
		const hours = await seriesApi('medway-maritime', 'discharges_today', 'hour', last.start, sameHours);
		const sum = hours.points.filter((p) => new Date(p.t) < sameHours).reduce((s, p) => s + (p.value ?? 0), 0);
		expect(discharges.lastWeek).toBe(sum);
		expect(discharges.how).toBe('in the week so far');
		const msl = site.figures.find((f) => f.metric === 'msl')!;
		const { points } = await seriesApi(
			'medway-maritime',
			'msl',
			'hour',
			new Date(sameHours.getTime() - 1),
			sameHours
		);
		expect(msl.lastWeek).toBe(points[0].value);
		const today = pack.asOf.slice(0, 10);
		expect(pack.agenda.filter((s) => s.date === today && s.site === 'medway-maritime')).toEqual([]);
		const trend = site.trends[0];
		expect(trend.values.at(-1)).toBeNull();
		expect(trend.soFar.at(-1)).not.toBeNull();
	});

	it("a scheme's monthly KPIs are the API's month figures (flows as a day's average) and months without data are no data", async () => {
		const month = lastCompleteMonth(now);
		const report = (await buildHighlight(store.db, 'NK-3a', month, now))!;
		expect(report.scheme.org).toBe('medway-maritime');
		// the live lines; a KPI fed by returns has no series in the read API (returns.spec.ts checks those)
		const live = report.kpis.filter((k) => !k.kpi);
		expect(live.length).toBeGreaterThan(0);
		for (const k of live) {
			const { points, dataFrom } = await seriesApi(
				'medway-maritime',
				k.metric,
				'month',
				new Date(k.months[0]),
				new Date(month.end.getTime() - 1)
			);
			expect(dataFrom).not.toBeNull();
			// a day's average over the days the month holds data: all of them, or from the first event on
			const days = (p: Point, i: number) => {
				const end = i + 1 < points.length ? Date.parse(points[i + 1].t) : month.end.getTime();
				return p.partial ? (end - Date.parse(dataFrom!)) / DAY : Math.round((end - Date.parse(p.t)) / DAY);
			};
			const inUnit = points.map((p, i) =>
				p.value === null ? null : k.averaged ? Math.round((p.value / days(p, i)) * 10) / 10 : p.value
			);
			expect(k.lastMonthPartial, k.metric).toBe(true);
			// whole months are the chart's points; the month the data starts in is a figure apart
			const expected = inUnit.map((v, i) => (points[i].partial ? null : v));
			expect(k.values, k.metric).toEqual(expected);
			expect(k.soFar, k.metric).toEqual(inUnit.map((v, i) => (points[i].partial ? v : null)));
			// twelve months of history, of which only the last two hold data, the first of them in part
			expect(k.values.slice(0, -1).every((v) => v === null)).toBe(true);
			expect(points.at(-2)?.partial).toBe(true);
			expect(k.thisMonth).toBe(expected.at(-1));
		}
	});
});
