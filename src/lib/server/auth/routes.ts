// What each route needs, by SvelteKit route id. The `authorize` handle in hooks.server.ts looks every request up
// here and asks `may`; a route missing from this table is refused, and a test checks that every route is listed.
import type { RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Permission } from './policy.ts';

/**
 * `public`: anyone (the sign-in pages check their own half-finished session). `api`: the read API, which also
 * answers a source key. `source-key`: machine-to-machine; the endpoint checks the key itself.
 */
export type Need = Permission | { to: 'public' } | { to: 'source-key' } | { to: 'api'; then: Permission };
type Rule = (event: RequestEvent, db: Kysely<Database>) => Need | Promise<Need>;

const isWrite = (event: RequestEvent) => !['GET', 'HEAD', 'OPTIONS'].includes(event.request.method);

const open: Rule = () => ({ to: 'public' });
const app: Rule = () => ({ to: 'use-app' });
const admin: Rule = () => ({ to: 'administer' });
const orgPage =
	(to: 'see' | 'list-patients'): Rule =>
	(event) => ({ to, org: event.params.code ?? '' });
const playlists: Rule = (event) => (isWrite(event) ? { to: 'edit-playlists' } : { to: 'use-app' });
const readApi: Rule = (event) => {
	const org = event.url.searchParams.get('org');
	return { to: 'api', then: org ? { to: 'see', org } : { to: 'use-app' } };
};

export const ROUTE_RULES: Record<string, Rule> = {
	'/login': open,
	'/login/second-factor': open,
	'/login/enrol': open,
	'/logout': open,
	'/pair': open,
	'/api/health': open,
	'/api/v1/events': () => ({ to: 'source-key' }),
	'/api/v1/orgs': readApi,
	'/api/v1/metrics': readApi,
	'/api/v1/series': readApi,
	'/(app)': app,
	'/(app)/account': app,
	'/(app)/data-quality': () => ({ to: 'see-data-quality' }),
	'/(app)/org/[code]': orgPage('see'),
	'/(app)/org/[code]/delays': orgPage('see'),
	'/(app)/org/[code]/msl': orgPage('list-patients'),
	'/(app)/org/[code]/msl.csv': orgPage('list-patients'),
	'/(app)/schemes': app,
	'/(app)/schemes/[id]': async (event, db) => {
		if (!isWrite(event)) return { to: 'use-app' };
		const scheme = await db
			.selectFrom('scheme')
			.select('org')
			.where('id', '=', event.params.id ?? '')
			.executeTakeFirst();
		return { to: 'edit-scheme', org: scheme?.org ?? null };
	},
	'/(app)/wallboard/playlists': playlists,
	'/(app)/wallboard/playlists/[id]': playlists,
	'/(app)/admin': admin,
	'/(app)/admin/users': admin,
	'/(app)/admin/keys': admin,
	'/(app)/admin/devices': admin,
	'/(app)/admin/limits': admin,
	'/(app)/admin/audit': admin,
	'/(app)/admin/audit.csv': admin,
	'/wallboard/[org]': (event) => ({ to: 'watch', org: event.params.org ?? '' }),
	'/wallboard/playlist/[id]': (event) => ({ to: 'play-playlist', id: Number(event.params.id) })
};
