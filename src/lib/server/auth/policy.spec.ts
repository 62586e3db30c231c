import { describe, expect, it } from 'vitest';
import { may, type Permission, type Principal } from './policy.ts';

// a small tree: a system with a site and its ward, and another system
const below: Record<string, string[]> = {
	sys: ['sys', 'site', 'site.ward'],
	site: ['site', 'site.ward'],
	other: ['other', 'other-site']
};
const covers = (scope: string, org: string) => below[scope]?.includes(org) ?? scope === org;

const user = (...grants: [string, string][]): Principal => ({
	kind: 'user',
	id: 1,
	username: 'u',
	grants: grants.map(([role, org]) => ({ role: role as never, org }))
});
const device: Principal = { kind: 'device', id: 9, name: 'TV', orgs: ['site'], playlist: null };

describe('may', () => {
	const cases: [string, Principal, Permission, boolean][] = [
		['anonymous sees nothing', { kind: 'anonymous' }, { to: 'see', org: 'site' }, false],
		['a viewer at a system sees its wards', user(['viewer', 'sys']), { to: 'see', org: 'site.ward' }, true],
		[
			'a viewer sees nothing in another system',
			user(['viewer', 'sys']),
			{ to: 'see', org: 'other-site' },
			false
		],
		['a viewer sees no patient list', user(['viewer', 'sys']), { to: 'list-patients', org: 'site' }, false],
		[
			'a flow manager sees their site list',
			user(['flow_manager', 'site']),
			{ to: 'list-patients', org: 'site.ward' },
			true
		],
		[
			'a flow manager sees no list elsewhere',
			user(['flow_manager', 'site']),
			{ to: 'list-patients', org: 'other-site' },
			false
		],
		[
			'an executive sees no patient list',
			user(['executive', 'sys']),
			{ to: 'list-patients', org: 'site' },
			false
		],
		[
			'a scheme lead edits a scheme of their site',
			user(['scheme_lead', 'site']),
			{ to: 'edit-scheme', org: 'site' },
			true
		],
		[
			'a scheme lead edits no scheme above their scope',
			user(['scheme_lead', 'site']),
			{ to: 'edit-scheme', org: 'sys' },
			false
		],
		[
			'nobody edits a scheme charted for no organisation',
			user(['scheme_lead', 'sys']),
			{ to: 'edit-scheme', org: null },
			false
		],
		['an administrator administers', user(['administrator', 'sys']), { to: 'administer' }, true],
		['an executive does not administer', user(['executive', 'sys']), { to: 'administer' }, false],
		['a user without roles cannot use the app', user(), { to: 'use-app' }, false],
		['flow managers edit playlists', user(['flow_manager', 'site']), { to: 'edit-playlists' }, true],
		['viewers do not edit playlists', user(['viewer', 'sys']), { to: 'edit-playlists' }, false],
		['a device watches its board', device, { to: 'watch', org: 'site' }, true],
		['a device watches not even its board’s wards', device, { to: 'watch', org: 'site.ward' }, false],
		['a device browses no drill-down page, not even its board’s', device, { to: 'see', org: 'site' }, false],
		[
			'a viewer watches boards within their scope',
			user(['viewer', 'sys']),
			{ to: 'watch', org: 'site' },
			true
		],
		['a device sees no patient list', device, { to: 'list-patients', org: 'site' }, false],
		['a device uses no app page', device, { to: 'use-app' }, false],
		['a device plays only its playlist', device, { to: 'play-playlist', id: 3 }, false],
		[
			'an executive sees the system’s packs',
			user(['executive', 'sys']),
			{ to: 'see-reports', org: 'site' },
			true
		],
		['a viewer sees no packs', user(['viewer', 'sys']), { to: 'see-reports', org: 'site' }, false],
		[
			'an executive issues the system’s pack',
			user(['executive', 'sys']),
			{ to: 'issue-report', org: 'sys' },
			true
		],
		[
			'a scheme lead issues their scheme’s report',
			user(['scheme_lead', 'site']),
			{ to: 'issue-report', org: 'site', scheme: true },
			true
		],
		[
			'a scheme lead issues no pack',
			user(['scheme_lead', 'site']),
			{ to: 'issue-report', org: 'site' },
			false
		],
		[
			'a flow manager records actions at their site',
			user(['flow_manager', 'site']),
			{ to: 'record-action', org: 'site' },
			true
		],
		['a viewer records no action', user(['viewer', 'sys']), { to: 'record-action', org: 'site' }, false],
		['a device sees no report', device, { to: 'see-reports', org: 'site' }, false]
	];
	it.each(cases)('%s', (_, principal, permission, expected) => {
		expect(may(principal, permission, covers)).toBe(expected);
	});
});
