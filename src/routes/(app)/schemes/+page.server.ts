import { listSchemes } from '$lib/server/schemes/register';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const schemes = await listSchemes(getStore().db);
	const area = url.searchParams.get('area');
	return {
		area,
		areas: [...new Set(schemes.map((s) => s.area ?? ''))].filter(Boolean).sort(),
		schemes: area ? schemes.filter((s) => s.area === area) : schemes
	};
};
