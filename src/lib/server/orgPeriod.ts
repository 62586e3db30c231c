// An organisation's page over a period (/org/CODE/delays, /org/CODE/care-homes): the organisation and `?days=`,
// one of the periods offered, each refused with an error that says what was wrong.
import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

export const PERIODS = [7, 30, 90, 365];

export async function orgOverPeriod(db: Kysely<Database>, code: string, url: URL) {
	const days = Number(url.searchParams.get('days') ?? 30);
	if (!PERIODS.includes(days)) error(400, `days must be one of ${PERIODS.join(', ')}`);
	const org = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind'])
		.where('code', '=', code)
		.executeTakeFirst();
	if (!org) error(404, `No organisation has the code ${code}`);
	return { org, days, periods: PERIODS };
}
