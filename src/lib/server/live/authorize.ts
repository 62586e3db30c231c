// Who may watch which organisation's live figures. Every room join goes through here; the sign-in issue replaces
// the anonymous viewer with users and paired wallboard devices, each limited to their organisations.
export type Viewer = { kind: 'anonymous' };

export function mayWatch(viewer: Viewer, org: string, known: Set<string>): boolean {
	if (!known.has(org)) return false;
	return viewer.kind === 'anonymous';
}
