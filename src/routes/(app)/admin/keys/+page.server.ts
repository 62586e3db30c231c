import { fail } from '@sveltejs/kit';
import { auditEvent } from '$lib/server/auth/http';
import { createKey, listKeys, revokeKey } from '$lib/server/ingest/keys';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = getStore().db;
	const [keys, orgs] = await Promise.all([listKeys(db), listOrgs(db)]);
	return {
		keys: keys.map((k) => ({
			...k,
			created_at: k.created_at.toISOString(),
			revoked_at: k.revoked_at?.toISOString() ?? null
		})),
		orgs: orgs.filter((o) => o.kind !== 'ward').map((o) => ({ code: o.code, name: o.name }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const source = String(form.get('source') ?? '').trim();
		const orgs = form.getAll('orgs').map(String).filter(Boolean);
		try {
			const { key, record } = await createKey(getStore().db, source, orgs.length ? orgs : null);
			await auditEvent(event, {
				action: 'create source key',
				target: `${record.id} (${record.source})`,
				detail: `organisations: ${record.orgs?.join(', ') ?? 'all'}`
			});
			return { created: { key, id: record.id, source: record.source } };
		} catch (e) {
			return fail(400, { message: e instanceof Error ? e.message : String(e), source });
		}
	},
	revoke: async (event) => {
		const id = String((await event.request.formData()).get('id') ?? '');
		if (!(await revokeKey(getStore().db, id)))
			return fail(404, { message: `No active key has the id ${id}` });
		await auditEvent(event, { action: 'revoke source key', target: id });
		return { done: `Revoked key ${id}: feeds using it now get 403.` };
	}
};
