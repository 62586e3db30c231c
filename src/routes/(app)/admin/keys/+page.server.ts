import { fail } from '@sveltejs/kit';
import { adminScope, auditEvent, outsideScope } from '$lib/server/auth/http';
import { createKey, listKeys, revokeKey } from '$lib/server/ingest/keys';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

/** An administrator sees and makes keys only for their organisations; a key for every organisation is a global one's. */
export const load: PageServerLoad = async (event) => {
	const db = getStore().db;
	const [keys, orgs, scope] = await Promise.all([listKeys(db), listOrgs(db), adminScope(event)]);
	return {
		global: scope.global,
		keys: keys
			.filter((k) => scope.hasAll(k.orgs))
			.map((k) => ({
				...k,
				created_at: k.created_at.toISOString(),
				revoked_at: k.revoked_at?.toISOString() ?? null
			})),
		orgs: orgs
			.filter((o) => o.kind !== 'ward' && scope.has(o.code))
			.map((o) => ({ code: o.code, name: o.name }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const source = String(form.get('source') ?? '').trim();
		const orgs = form.getAll('orgs').map(String).filter(Boolean);
		if (!(await adminScope(event)).hasAll(orgs.length ? orgs : null))
			return outsideScope(
				event,
				'create source key',
				orgs.join(', ') || 'a key for every organisation',
				orgs[0] ?? null
			);
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
		const key = (await listKeys(getStore().db)).find((k) => k.id === id);
		if (key && !(await adminScope(event)).hasAll(key.orgs))
			return outsideScope(event, 'revoke source key', `key ${id}`, key.orgs?.[0] ?? null);
		if (!(await revokeKey(getStore().db, id)))
			return fail(404, { message: `No active key has the id ${id}` });
		await auditEvent(event, { action: 'revoke source key', target: id });
		return { done: `Revoked key ${id}: feeds using it now get 403.` };
	}
};
