// Readiness: 200 when the store answers, 503 when it does not.
import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	try {
		const store = getStore();
		await sql`SELECT 1`.execute(store.db);
		return json({ status: 'ok', backend: store.backend });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'Retry-After': '5' } });
	}
};
