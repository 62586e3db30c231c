import { fail } from '@sveltejs/kit';
import { listDevices, registerDevice, renewPairing, revokeDevice } from '$lib/server/auth/devices';
import { auditEvent } from '$lib/server/auth/http';
import { closeSocketsOf } from '$lib/server/live';
import { listPlaylists } from '$lib/server/live/playlists';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = getStore().db;
	const [devices, orgs, playlists] = await Promise.all([listDevices(db), listOrgs(db), listPlaylists(db)]);
	return {
		devices,
		orgs: orgs.map((o) => ({ code: o.code, name: o.name, kind: o.kind })),
		playlists: playlists.map((p) => ({ id: p.id, name: p.name }))
	};
};

export const actions: Actions = {
	register: async (event) => {
		const form = await event.request.formData();
		const choice = String(form.get('board') ?? '');
		const board = choice.startsWith('playlist:')
			? { playlist: Number(choice.slice(9)) }
			: { org: choice.replace(/^org:/, '') };
		const name = String(form.get('name') ?? '');
		const result = await registerDevice(getStore().db, {
			name,
			board,
			by: event.locals.principal.kind === 'user' ? event.locals.principal.username : 'unknown'
		});
		if ('problems' in result) return fail(400, { problems: result.problems, name });
		await auditEvent(event, {
			action: 'register device',
			target: `device:${result.id}`,
			detail: `${name.trim()} → ${choice}`
		});
		return { pairing: { id: result.id, name: name.trim(), code: result.code } };
	},
	renew: async (event) => {
		const id = Number((await event.request.formData()).get('id'));
		const code = await renewPairing(getStore().db, id);
		if (!code) return fail(404, { message: 'That device is revoked or does not exist' });
		closeSocketsOf('device', id);
		await auditEvent(event, { action: 'new pairing code', target: `device:${id}` });
		return { pairing: { id, name: `device ${id}`, code } };
	},
	revoke: async (event) => {
		const id = Number((await event.request.formData()).get('id'));
		if (!(await revokeDevice(getStore().db, id)))
			return fail(404, { message: 'That device is already revoked' });
		closeSocketsOf('device', id);
		await auditEvent(event, { action: 'revoke device', target: `device:${id}` });
		return { done: `Revoked device ${id}: its screen has been disconnected.` };
	}
};
