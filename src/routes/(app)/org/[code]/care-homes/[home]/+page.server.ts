import { error } from '@sveltejs/kit';
import { homeBeds, homeEvents } from '$lib/server/metrics/careHomes';
import { orgOr404 } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import { bucketStarts, nextBucket } from '$lib/server/time';
import type { PageServerLoad } from './$types';

const WEEKS = 26;
const DAY = 86_400_000;

export const load: PageServerLoad = async ({ params }) => {
	const db = getStore().db;
	const org = await orgOr404(db, params.code);
	const home = params.home;
	if (!home || home.length > 64)
		error(400, 'A care home is named by its pseudonymous code, at most 64 characters');
	const now = new Date();
	const starts = bucketStarts('week', new Date(now.getTime() - WEEKS * 7 * DAY), now);
	const [events, beds] = await Promise.all([
		homeEvents(db, org.code, home, starts[0], now),
		homeBeds(db, [home])
	]);
	if (!events.length && !beds.has(home))
		error(404, `No event names the care home ${home} at or below ${org.name}`);
	const weeks = starts.map((start) => {
		const end = nextBucket('week', start);
		const within = events.filter((e) => e.at >= start && e.at < end);
		return {
			start: start.toISOString(),
			partial: end > now,
			admissions: within.filter((e) => e.type === 'admission').length,
			attendances: within.filter((e) => e.type === 'attendance').length
		};
	});
	return { org, home, beds: beds.get(home) ?? null, weeks };
};
