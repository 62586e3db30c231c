// Read API v1: an organisation's figures now, with their as-of time and sequence number.
import { json } from '@sveltejs/kit';
import { problem, requireKey } from '$lib/server/api';
import { currentMetrics } from '$lib/server/metrics/read';
import { readableOrg } from '$lib/server/readParams';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const denied = requireKey(locals);
	if (denied) return denied;
	const db = getStore().db;
	const org = await readableOrg(db, url, locals.sourceKey!);
	if (org instanceof Response) return org;
	const snapshot = await currentMetrics(db, org);
	if (!snapshot) return problem(503, 'figures are being computed; retry shortly', {}, { 'Retry-After': '5' });
	return json(snapshot, { headers: { 'Cache-Control': 'no-store' } });
};
