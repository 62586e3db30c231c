// Read API v1: an organisation's figures now, with their as-of time and sequence number.
import { json } from '@sveltejs/kit';
import { problem, requireReader } from '$lib/server/api';
import { currentMetrics } from '$lib/server/metrics/read';
import { readableOrg } from '$lib/server/readParams';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const reader = requireReader(locals);
	if (reader instanceof Response) return reader;
	const db = getStore().db;
	const org = await readableOrg(db, url, reader);
	if (org instanceof Response) return org;
	const snapshot = await currentMetrics(db, org);
	if (!snapshot) return problem(503, 'figures are being computed; retry shortly', {}, { 'Retry-After': '5' });
	return json(snapshot, { headers: { 'Cache-Control': 'no-store' } });
};
