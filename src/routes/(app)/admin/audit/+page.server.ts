import { error } from '@sveltejs/kit';
import { auditActions, listAudit } from '$lib/server/auth/audit';
import { auditFilter } from '$lib/server/auth/auditQuery';
import { adminScope } from '$lib/server/auth/http';
import { auditRisksNow, getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const PAGE = 200;

export const load: PageServerLoad = async (event) => {
	const { url } = event;
	const filter = auditFilter(url);
	if ('problem' in filter) error(400, filter.problem);
	const before = Number(url.searchParams.get('before')) || undefined;
	const db = getStore().db;
	const scope = await adminScope(event);
	const [rows, actions] = await Promise.all([
		listAudit(db, { ...filter, before, limit: PAGE, within: scope.global ? null : scope.orgs }),
		auditActions(db)
	]);
	return {
		rows,
		actions,
		risks: auditRisksNow(),
		more: rows.length === PAGE ? rows[rows.length - 1].id : null
	};
};
