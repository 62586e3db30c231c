// An organisation's page over a period (/org/CODE/delays, /org/CODE/care-homes): the organisation and `?days=`,
// one of the periods offered, each refused with an error that says what was wrong; and the organisation alone.
import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

export const PERIODS = [7, 30, 90, 365];

export async function orgOverPeriod(db: Kysely<Database>, code: string, url: URL) {
	const days = Number(url.searchParams.get('days') ?? 30);
	if (!PERIODS.includes(days)) error(400, `days must be one of ${PERIODS.join(', ')}`);
	return { org: await orgOr404(db, code), days, periods: PERIODS };
}

/** The organisation a page is about, or a 404 that names the code. */
export async function orgOr404(db: Kysely<Database>, code: string) {
	const org = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind'])
		.where('code', '=', code)
		.executeTakeFirst();
	if (!org) error(404, `No organisation has the code ${code}`);
	return org;
}
