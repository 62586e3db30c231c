import { careHomeCounts, homeBeds, per10Beds } from '$lib/server/metrics/careHomes';
import { dataFrom } from '$lib/server/metrics/series';
import { orgOverPeriod } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const DAY = 86_400_000;
/** the community matrons' evening calls (CH-06): the ten homes with the most this week, per bed where known */
const CALLS = 10;

export const load: PageServerLoad = async ({ params, url }) => {
	const db = getStore().db;
	const view = await orgOverPeriod(db, params.code, url);
	const now = new Date();
	const [homes, week, first] = await Promise.all([
		careHomeCounts(db, view.org.code, new Date(now.getTime() - view.days * DAY), now),
		careHomeCounts(db, view.org.code, new Date(now.getTime() - 7 * DAY), now),
		dataFrom(db, view.org.code)
	]);
	const named = [...new Set([...homes, ...week].map((h) => h.home).filter((h): h is string => h !== null))];
	const beds = await homeBeds(db, named);
	const withBeds = <T extends { home: string | null; attendances: number; admissions: number }>(h: T) => ({
		...h,
		beds: h.home ? (beds.get(h.home) ?? null) : null,
		admissionsPer10Beds: h.home ? per10Beds(h.admissions, beds.get(h.home)) : null,
		attendancesPer10Beds: h.home ? per10Beds(h.attendances, beds.get(h.home)) : null
	});
	// most admissions and attendances this week per bed first; a home whose beds were never said by its count
	const pressure = (h: ReturnType<typeof withBeds>) =>
		h.beds ? (h.admissions + h.attendances) / h.beds : (h.admissions + h.attendances) / 1000;
	const calls = week
		.filter((h) => h.home !== null)
		.map(withBeds)
		.sort((a, b) => pressure(b) - pressure(a) || b.admissions - a.admissions)
		.slice(0, CALLS);
	return { ...view, homes: homes.map(withBeds), calls, hasData: first !== null };
};
