// Call mode: the same pack, one agenda item at a time, for the shared screen on the call.
import { error } from '@sveltejs/kit';
import { parsePeriod, weekOf } from '$lib/server/reports/periods';
import { buildWeeklyPack } from '$lib/server/reports/weekly';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const org = url.searchParams.get('org');
	if (!org) error(400, 'Choose the system, area or trust the pack is for (?org=CODE)');
	const label = url.searchParams.get('week') ?? weekOf(new Date()).label;
	const week = parsePeriod('week', label);
	if (!week) error(400, `${label} is not an ISO week; write it like 2026-W48`);
	const pack = await buildWeeklyPack(getStore().db, org, week);
	if (!pack) error(404, `No organisation has the code ${org}`);
	return { pack };
};
