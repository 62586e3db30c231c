// Loading a patient-level list: the organisation must be a site or a ward, and the principal allowed to see it.
// Every list shown or exported is written to the access audit with the pseudonymous spells it held.
import { error, type RequestEvent } from '@sveltejs/kit';
import { auditEvent } from '../auth/http.ts';
import { orgCovers } from '../auth/orgTree.ts';
import { may } from '../auth/policy.ts';
import { orgOr404 } from '../orgPeriod.ts';
import { getStore } from '../runtime.ts';
import { medicallyStableList, sortList, SORTS, type Sort } from './medicallyStable.ts';

export async function loadListFor(event: RequestEvent, how: 'view' | 'export') {
	const { params, url, locals } = event;
	const code = params.code ?? '';
	const db = getStore().db;
	const org = await orgOr404(db, code);
	if (org.kind !== 'site' && org.kind !== 'ward')
		error(400, 'The medically stable list is kept for a site or a ward; choose one of those');
	if (!may(locals.principal, { to: 'list-patients', org: org.code }, await orgCovers(db)))
		error(403, 'Your role does not include patient-level lists for this organisation');
	const sort = (url.searchParams.get('sort') ?? 'daysMedicallyStable') as Sort;
	if (!SORTS.includes(sort)) error(400, `sort must be one of ${SORTS.join(', ')}`);
	const descending = url.searchParams.get('order') !== 'asc';
	const list = sortList(await medicallyStableList(db, org), sort, descending);
	await auditEvent(event, {
		org: org.code,
		action: `${how} medically stable list`,
		target: url.pathname,
		outcome: 'allowed',
		detail: `${list.length} spells: ${list.map((s) => s.spell).join(' ')}`
	});
	return { org, sort, descending, list };
}
