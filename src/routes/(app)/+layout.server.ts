// Who is signed in, for the header, and how long their session has left, so the page can sign out by itself when
// the server would refuse it anyway. Authorisation itself happens in hooks.server.ts for every request.
import { may, ROLE_NAMES } from '$lib/server/auth/policy';
import { ABSOLUTE_MS, IDLE_MS } from '$lib/server/auth/session';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const p = locals.principal;
	const session = locals.session;
	if (p.kind !== 'user' || !session) return { user: null };
	const roles = [...new Set(p.grants.map((g) => ROLE_NAMES[g.role]))];
	return {
		user: {
			name: session.user.displayName,
			roles,
			administrator: p.grants.some((g) => g.role === 'administrator'),
			// the organisation does not matter here: reports at all, or none
			reports: may(p, { to: 'see-reports', org: null }, () => true),
			returns: may(p, { to: 'enter-return', org: null }, () => true)
		},
		session: {
			idleMs: IDLE_MS,
			// time left before the 12-hour limit, measured on the server (the browser's clock may be off)
			absoluteLeftMs: Math.max(0, session.createdAt.getTime() + ABSOLUTE_MS - Date.now())
		}
	};
};
