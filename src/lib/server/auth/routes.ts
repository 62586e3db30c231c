// What each route needs, by SvelteKit route id. The `authorize` handle in hooks.server.ts looks every request up
// here and asks `may`; a route missing from this table is refused, and a test checks that every route is listed.
import { error, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Permission } from './policy.ts';
import { reportOrg } from '../reports/issue.ts';

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
/**
 * The form action a POST runs, found exactly as SvelteKit finds it (the first query key that starts with `/`,
 * wherever it stands), so the action checked is the action run. A query naming two is refused: nothing sends one.
 */
export function actionName(url: URL): string {
	const named = [...url.searchParams.keys()].filter((k) => k.startsWith('/'));
	if (named.length > 1) error(400, 'A form post names one action; this one names several');
	return named[0]?.slice(1) ?? 'default';
}
const action = (event: RequestEvent) => actionName(new URL(event.request.url));

const weeklyPack: Rule = (event) => {
	const org = event.url.searchParams.get('org') ?? '';
	if (!isWrite(event)) return { to: 'see-reports', org };
	return action(event) === 'issue' ? { to: 'issue-report', org } : { to: 'record-action', org };
};
const monthlyReport: Rule = async (event, db) => {
	const scope = event.url.searchParams.get('scheme') ?? 'programme';
	const org = await reportOrg(db, 'monthly', scope);
	if (!isWrite(event)) return { to: 'see-reports', org };
	if (action(event) === 'issue') return { to: 'issue-report', org, scheme: scope !== 'programme' };
	return { to: 'edit-scheme', org };
};
const issuedReport: Rule = async (event, db) => {
	const report = await db
		.selectFrom('report')
		.select(['kind', 'scope'])
		.where('id', '=', Number(event.params.id) || 0)
		.executeTakeFirst();
	return { to: 'see-reports', org: report ? await reportOrg(db, report.kind, report.scope) : null };
};

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
	'/api/v1/returns': () => ({ to: 'source-key' }),
	'/api/v1/orgs': readApi,
	'/api/v1/metrics': readApi,
	'/api/v1/series': readApi,
	'/(app)': app,
	'/(app)/account': app,
	'/(app)/data-quality': () => ({ to: 'see-data-quality' }),
	'/(app)/org/[code]': orgPage('see'),
	'/(app)/org/[code]/delays': orgPage('see'),
	'/(app)/org/[code]/care-homes': orgPage('see'),
	'/(app)/org/[code]/care-homes/[home]': orgPage('see'),
	'/(app)/org/[code]/msl': orgPage('list-patients'),
	'/(app)/org/[code]/register': orgPage('see'),
	'/(app)/org/[code]/intermediate-care': orgPage('see'),
	'/(app)/org/[code]/caseload': orgPage('list-patients'),
	'/(app)/org/[code]/msl.csv': orgPage('list-patients'),
	'/(app)/schemes': app,
	'/(app)/opportunity': app,
	'/(app)/schemes/[id]': async (event, db) => {
		if (!isWrite(event)) return { to: 'use-app' };
		const scheme = await db
			.selectFrom('scheme')
			.select('org')
			.where('id', '=', event.params.id ?? '')
			.executeTakeFirst();
		const org = scheme?.org ?? null;
		const act = action(event);
		if (act === 'decideReturn') return { to: 'approve-return', org };
		if (['saveReturn', 'submitReturn', 'uploadReturns'].includes(act)) return { to: 'enter-return', org };
		return { to: 'edit-scheme', org };
	},
	'/(app)/schemes/[id]/returns.csv': app,
	'/(app)/returns': () => ({ to: 'use-app' }),
	'/(app)/wallboard/playlists': playlists,
	'/(app)/wallboard/playlists/[id]': playlists,
	'/(app)/admin': admin,
	'/(app)/admin/users': admin,
	'/(app)/admin/keys': admin,
	'/(app)/admin/devices': admin,
	'/(app)/admin/limits': admin,
	'/(app)/admin/audit': admin,
	'/(app)/admin/escalation': admin,
	'/(app)/health': admin,
	// the list shows only what the viewer may see; an alarm is its organisation's to see, its flow managers' to handle
	'/(app)/alarms': app,
	'/(app)/alarms.csv': app,
	'/(app)/alarms/[id]': async (event, db) => {
		const alarm = await db
			.selectFrom('alarm')
			.select('org')
			.where('id', '=', /^\d{1,15}$/.test(event.params.id ?? '') ? event.params.id! : '0')
			.executeTakeFirst();
		const org = alarm?.org ?? '';
		return isWrite(event) ? { to: 'acknowledge-alarm', org } : { to: 'see', org };
	},
	'/(app)/admin/audit.csv': admin,
	'/(app)/reports': () => ({ to: 'see-reports', org: null }),
	'/(app)/reports/weekly': weeklyPack,
	'/(app)/reports/weekly/call': weeklyPack,
	'/(app)/reports/monthly': monthlyReport,
	'/(app)/reports/quarterly': (event) =>
		isWrite(event) ? { to: 'issue-report', org: null } : { to: 'see-reports', org: null },
	'/(app)/reports/draft/[format]': async (event, db) => {
		const kind = event.url.searchParams.get('kind');
		if (kind === 'weekly') return { to: 'see-reports', org: event.url.searchParams.get('org') ?? '' };
		if (kind === 'monthly')
			return {
				to: 'see-reports',
				org: await reportOrg(db, 'monthly', event.url.searchParams.get('scheme') ?? 'programme')
			};
		return { to: 'see-reports', org: null };
	},
	'/(app)/reports/[id]': issuedReport,
	'/(app)/reports/[id]/pdf': issuedReport,
	'/(app)/reports/[id]/csv': issuedReport,
	'/wallboard/[org]': (event) => ({ to: 'watch', org: event.params.org ?? '' }),
	'/wallboard/playlist/[id]': (event) => ({ to: 'play-playlist', id: Number(event.params.id) })
};
