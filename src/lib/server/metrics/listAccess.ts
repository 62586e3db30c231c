// Loading a patient-level list: the organisation must be a site or a ward, and the viewer allowed to see it.
import { error } from '@sveltejs/kit';
import { mayViewPatientLists, type Viewer } from '../auth/authorize.ts';
import { getStore } from '../runtime.ts';
import { medicallyStableList, sortList, SORTS, type Sort } from './medicallyStable.ts';

export async function loadListFor(code: string, url: URL, viewer: Viewer) {
	const db = getStore().db;
	const org = await db
		.selectFrom('organisation')
		.select(['code', 'name', 'kind'])
		.where('code', '=', code)
		.executeTakeFirst();
	if (!org) error(404, `No organisation has the code ${code}`);
	if (org.kind !== 'site' && org.kind !== 'ward')
		error(400, 'The medically stable list is kept for a site or a ward; choose one of those');
	if (!mayViewPatientLists(viewer, org.code))
		error(403, 'Your role does not include patient-level lists for this organisation');
	const sort = (url.searchParams.get('sort') ?? 'daysMedicallyStable') as Sort;
	if (!SORTS.includes(sort)) error(400, `sort must be one of ${SORTS.join(', ')}`);
	const descending = url.searchParams.get('order') !== 'asc';
	return { org, sort, descending, list: sortList(await medicallyStableList(db, org), sort, descending) };
}
