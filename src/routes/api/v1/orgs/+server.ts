// Read API v1: the organisation register, as far as the caller may see it.
import { json } from '@sveltejs/kit';
import { requireReader, visibleOrgs } from '$lib/server/api';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const reader = requireReader(locals);
	if (reader instanceof Response) return reader;
	const db = getStore().db;
	return json({ orgs: await listOrgs(db, await visibleOrgs(db, reader)) });
};
