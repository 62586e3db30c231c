// Who may see patient-level lists. Every such view and export goes through here; the sign-in issue replaces the
// anonymous viewer with signed-in users whose roles are scoped to organisations (flow managers, not viewers).
export type Viewer = { kind: 'anonymous' };

export function mayViewPatientLists(viewer: Viewer, _org: string): boolean {
	return viewer.kind === 'anonymous';
}
