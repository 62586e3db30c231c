// The one authorisation function. Every page, API call and live-room join asks `may(principal, permission)`; the
// route table in routes.ts says which permission each route needs. A role granted at an organisation covers it and
// everything below it (a system, its sites, their wards).
export const ROLES = ['viewer', 'flow_manager', 'scheme_lead', 'executive', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
	viewer: 'Viewer',
	flow_manager: 'Flow manager',
	scheme_lead: 'Scheme lead',
	executive: 'Executive',
	administrator: 'Administrator'
};

export interface Grant {
	role: Role;
	org: string;
}

export type Principal =
	| { kind: 'anonymous' }
	| { kind: 'user'; id: number; username: string; grants: Grant[] }
	/** a paired wallboard: its board's organisations only, aggregates only */
	| { kind: 'device'; id: number; name: string; orgs: string[]; playlist: number | null };

export type Permission =
	/** pages every signed-in user has: the overview, the scheme register, their own account */
	| { to: 'use-app' }
	/** an organisation's aggregate figures in the app and the read API */
	| { to: 'see'; org: string }
	/** an organisation's wallboard and its live room: users who may see it, and the screens paired to it */
	| { to: 'watch'; org: string }
	| { to: 'list-patients'; org: string }
	/** edit a scheme's plans, milestones, risks; `org` is the organisation the scheme is charted for */
	| { to: 'edit-scheme'; org: string | null }
	| { to: 'play-playlist'; id: number }
	| { to: 'edit-playlists' }
	| { to: 'see-data-quality' }
	| { to: 'administer' }
	/** meeting packs and reports about an organisation (null: the whole programme) */
	| { to: 'see-reports'; org: string | null }
	/** issue (freeze) a pack or report about an organisation (null: the whole programme) */
	| { to: 'issue-report'; org: string | null; scheme?: boolean }
	/** record or close an action agreed on the call about an organisation */
	| { to: 'record-action'; org: string | null }
	/** enter, correct and submit KPI returns and spend for an organisation */
	| { to: 'enter-return'; org: string | null }
	/** approve or reject the returns submitted for an organisation */
	| { to: 'approve-return'; org: string | null }
	/** acknowledge or resolve by hand an alarm about an organisation: the flow managers' */
	| { to: 'acknowledge-alarm'; org: string };

/** Answers "is `org` at or below `scope`?" from the organisation tree. */
export type Covers = (scope: string, org: string) => boolean;

export function may(principal: Principal, permission: Permission, covers: Covers): boolean {
	if (principal.kind === 'anonymous') return false;
	if (principal.kind === 'device') {
		if (permission.to === 'watch') return principal.orgs.includes(permission.org);
		if (permission.to === 'play-playlist') return principal.playlist === permission.id;
		return false;
	}
	const holds = (roles: Role[], org?: string | null) =>
		principal.grants.some(
			(g) => roles.includes(g.role) && (org === undefined || (!!org && covers(g.org, org)))
		);
	switch (permission.to) {
		case 'use-app':
		case 'play-playlist':
			return principal.grants.length > 0;
		case 'see':
		case 'watch':
			return holds([...ROLES], permission.org);
		case 'list-patients':
		case 'acknowledge-alarm':
			return holds(['flow_manager'], permission.org);
		case 'edit-scheme':
			return holds(['scheme_lead'], permission.org);
		case 'edit-playlists':
		case 'see-data-quality':
			return holds(['flow_manager', 'administrator']);
		case 'administer':
			return holds(['administrator']);
		case 'see-reports':
			return holds(
				['executive', 'administrator', 'flow_manager', 'scheme_lead'],
				permission.org ?? undefined
			);
		case 'issue-report':
			// a scheme's highlight report is its lead's to submit; packs and programme reports are the executives'
			return holds(
				permission.scheme ? ['executive', 'scheme_lead'] : ['executive'],
				permission.org ?? undefined
			);
		case 'enter-return':
			return holds(['scheme_lead', 'executive'], permission.org ?? undefined);
		case 'approve-return':
			return holds(['executive'], permission.org ?? undefined);
		case 'record-action':
			return holds(
				['executive', 'flow_manager', 'scheme_lead', 'administrator'],
				permission.org ?? undefined
			);
	}
}

/** The organisations a principal's grants start at (each covers everything below it); null for none. */
export function grantedOrgs(principal: Principal): string[] {
	if (principal.kind === 'user') return [...new Set(principal.grants.map((g) => g.org))];
	if (principal.kind === 'device') return principal.orgs;
	return [];
}

/** The role an audit row records for a principal: its roles, or `device`. */
export function roleLabel(principal: Principal): string | null {
	if (principal.kind === 'user') return [...new Set(principal.grants.map((g) => g.role))].join(',') || null;
	return principal.kind === 'device' ? 'device' : null;
}

export function actorLabel(principal: Principal): string {
	if (principal.kind === 'user') return principal.username;
	if (principal.kind === 'device') return `device:${principal.id}`;
	return 'anonymous';
}
