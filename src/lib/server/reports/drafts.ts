// A pack or report built now from the live data, read from the query string its page uses: the pages show it, the
// draft download renders it, and issuing freezes it. Without a period in the query, the last complete one: a period
// still running can be chosen, and says so on every page.
import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { buildException, buildHighlight, buildProgramme } from './highlight.ts';
import { lastCompleteMonth, lastCompleteQuarter, lastCompleteWeek, parsePeriod } from './periods.ts';
import { buildWeeklyPack } from './weekly.ts';

function period(kind: 'week' | 'month' | 'quarter', label: string) {
	const p = parsePeriod(kind, label);
	const example = { week: '2026-W48', month: '2026-10', quarter: '2026-Q3' }[kind];
	if (!p) error(400, `${label} is not a ${kind}; write it like ${example}`);
	if (p.start > new Date()) error(400, `${label} has not started yet`);
	return p;
}

export async function weeklyDraft(db: Kysely<Database>, url: URL) {
	const org = url.searchParams.get('org');
	if (!org) error(400, 'Choose the system, area or trust the pack is for (?org=CODE)');
	const week = period('week', url.searchParams.get('week') ?? lastCompleteWeek(new Date()).label);
	const pack = await buildWeeklyPack(db, org, week);
	if (!pack) error(404, `No organisation has the code ${org}`);
	return pack;
}

export async function monthlyDraft(db: Kysely<Database>, url: URL) {
	const month = period('month', url.searchParams.get('month') ?? lastCompleteMonth(new Date()).label);
	const scheme = url.searchParams.get('scheme');
	if (!scheme) return buildProgramme(db, month);
	const report = await buildHighlight(db, scheme, month);
	if (!report) error(404, `There is no scheme ${scheme}`);
	return report;
}

export async function quarterlyDraft(db: Kysely<Database>, url: URL) {
	return buildException(
		db,
		period('quarter', url.searchParams.get('quarter') ?? lastCompleteQuarter(new Date()).label)
	);
}

/** The monthly report's period label from the query, for actions that work on one month. */
export const monthOfQuery = (url: URL) =>
	period('month', url.searchParams.get('month') ?? lastCompleteMonth(new Date()).label);
