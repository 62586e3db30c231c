// Call mode: the same pack, one agenda item at a time, for the shared screen on the call.
import { weeklyDraft } from '$lib/server/reports/drafts';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({
	pack: await weeklyDraft(getStore().db, url),
	// the shared screen shows the call and nothing else: no menu (see the (app) layout)
	bare: true
});
