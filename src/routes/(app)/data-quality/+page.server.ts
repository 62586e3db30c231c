import { error } from '@sveltejs/kit';
import { auditEvent } from '$lib/server/auth/http';
import { scopeOf } from '$lib/server/auth/scope';
import {
	eventsPerDay,
	PAGE_SIZE,
	rejectedEvents,
	rejectionSummary,
	sources
} from '$lib/server/ingest/quality';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const source = url.searchParams.get('source') ?? undefined;
	const beforeParam = url.searchParams.get('before');
	const before = beforeParam === null ? undefined : Number(beforeParam);
	if (before !== undefined && !(Number.isInteger(before) && before > 0))
		error(400, 'before must be a positive whole number');
	const db = getStore().db;
	const scope = await scopeOf(db, locals.principal, ['flow_manager', 'administrator']);
	const [rejected, summary, allSources, perDay] = await Promise.all([
		rejectedEvents(db, scope, { source, before }),
		rejectionSummary(db, scope),
		sources(db, scope),
		eventsPerDay(db, scope, 14),
		auditEvent(event, { action: 'see-data-quality', target: `GET ${url.pathname}${url.search}` })
	]);
	return {
		source: source ?? null,
		sources: allSources,
		summary,
		perDay: perDay.map((r) => ({ day: r.day.toISOString(), site: r.site, events: r.events })),
		rejected: rejected.map((r) => ({
			...r,
			id: Number(r.id),
			received_at: r.received_at.toISOString(),
			body: JSON.stringify(r.body)
		})),
		next: rejected.length === PAGE_SIZE ? Number(rejected[rejected.length - 1].id) : null
	};
};
