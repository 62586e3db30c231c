import { fail, redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/auth/audit';
import { DEVICE, setCookie } from '$lib/server/auth/cookies';
import { pairDevice } from '$lib/server/auth/devices';
import { beginAttempt, clearFailures } from '$lib/server/auth/throttle';
import { getStore } from '$lib/server/runtime';
import type { Actions, PageServerLoad } from './$types';

// pairing attempts are throttled per address under this name, like sign-in failures
const PAIRING = '(pairing code)';

export const load: PageServerLoad = ({ locals }) => {
	const p = locals.principal;
	return {
		paired:
			p.kind === 'device'
				? { name: p.name, path: p.playlist ? `/wallboard/playlist/${p.playlist}` : `/wallboard/${p.orgs[0]}` }
				: null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = getStore().db;
		const ip = event.getClientAddress();
		const code = String((await event.request.formData()).get('code') ?? '');
		const entry = {
			role: 'device',
			org: null,
			action: 'pair device',
			ip,
			request_id: event.locals.requestId
		};
		// counted before the code is checked, atomically (see throttle.ts), and cleared if it pairs
		if (await beginAttempt(db, PAIRING, ip)) {
			await audit(db, { ...entry, actor: ip, target: null, outcome: 'denied', detail: 'throttled' });
			return fail(429, { message: 'Too many wrong codes from this screen. Wait 15 minutes and try again.' });
		}
		const paired = code.trim() ? await pairDevice(db, code) : null;
		if (!paired) {
			await audit(db, {
				...entry,
				actor: ip,
				target: null,
				outcome: 'failed',
				detail: 'wrong, used or expired code'
			});
			return fail(400, {
				message: 'That code is wrong, used or expired. Ask the administrator for a new one.'
			});
		}
		await clearFailures(db, PAIRING, ip);
		await audit(db, {
			...entry,
			actor: `device:${paired.device.id}`,
			target: paired.device.path,
			outcome: 'succeeded',
			detail: paired.device.name
		});
		setCookie(event.cookies, event.url, DEVICE, paired.token);
		redirect(303, paired.device.path);
	}
};
