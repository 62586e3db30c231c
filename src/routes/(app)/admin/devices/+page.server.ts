import { fail } from '@sveltejs/kit';
import { listDevices, registerDevice, renewPairing, revokeDevice } from '$lib/server/auth/devices';
import { adminScope, auditEvent, outsideScope } from '$lib/server/auth/http';
import type { Scope } from '$lib/server/auth/scope';
import { closeSocketsOf } from '$lib/server/live';
import { listPlaylists } from '$lib/server/live/playlists';
import { listOrgs } from '$lib/server/metrics/read';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

type Board = { org: string } | { playlist: number };

/** A screen is an administrator's when every organisation it shows is theirs. */
async function shows(board: Board, scope: Scope): Promise<boolean> {
	if ('org' in board) return scope.has(board.org);
	const playlist = (await listPlaylists(getStore().db)).find((p) => p.id === board.playlist);
	return !!playlist && scope.hasAll(playlist.items.map((i) => i.org));
}

export const load: PageServerLoad = async (event) => {
	const db = getStore().db;
	const [devices, orgs, playlists, scope] = await Promise.all([
		listDevices(db),
		listOrgs(db),
		listPlaylists(db),
		adminScope(event)
	]);
	const mine = playlists.filter((p) => scope.hasAll(p.items.map((i) => i.org)));
	return {
		devices: devices.filter((d) =>
			'org' in d.board
				? scope.has(d.board.org)
				: mine.some((p) => p.id === (d.board as { playlist: number }).playlist)
		),
		orgs: orgs.filter((o) => scope.has(o.code)).map((o) => ({ code: o.code, name: o.name, kind: o.kind })),
		playlists: mine.map((p) => ({ id: p.id, name: p.name }))
	};
};

/** The device a form names, if this administrator may change it. */
async function ownDevice(event: Parameters<Actions[string]>[0], id: number) {
	const device = (await listDevices(getStore().db)).find((d) => d.id === id);
	if (!device) return null;
	return (await shows(device.board as Board, await adminScope(event))) ? device : 'outside';
}

export const actions: Actions = {
	register: async (event) => {
		const form = await event.request.formData();
		const choice = String(form.get('board') ?? '');
		const board = choice.startsWith('playlist:')
			? { playlist: Number(choice.slice(9)) }
			: { org: choice.replace(/^org:/, '') };
		const name = String(form.get('name') ?? '');
		if (!(await shows(board, await adminScope(event))))
			return outsideScope(event, 'register device', choice, 'org' in board ? (board.org ?? null) : null);
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
		const own = await ownDevice(event, id);
		if (own === 'outside') return outsideScope(event, 'new pairing code', `device:${id}`, null);
		const code = await renewPairing(getStore().db, id);
		if (!code) return fail(404, { message: 'That device is revoked or does not exist' });
		closeSocketsOf('device', id);
		await auditEvent(event, { action: 'new pairing code', target: `device:${id}` });
		return { pairing: { id, name: `device ${id}`, code } };
	},
	revoke: async (event) => {
		const id = Number((await event.request.formData()).get('id'));
		const own = await ownDevice(event, id);
		if (own === 'outside') return outsideScope(event, 'revoke device', `device:${id}`, null);
		if (!(await revokeDevice(getStore().db, id)))
			return fail(404, { message: 'That device is already revoked' });
		closeSocketsOf('device', id);
		await auditEvent(event, { action: 'revoke device', target: `device:${id}` });
		return { done: `Revoked device ${id}: its screen has been disconnected.` };
	}
};
