// The authorisation functions: every patient-level list and every scheme edit goes through one of these. Until the
// sign-in issue lands the viewer is anonymous; it then becomes a signed-in user whose roles are scoped to
// organisations (flow managers see patient-level lists; scheme leads edit their schemes).
export type Viewer = { kind: 'anonymous' };

export function mayViewPatientLists(viewer: Viewer, _org: string): boolean {
	return viewer.kind === 'anonymous';
}

export function mayEditScheme(viewer: Viewer, _scheme: string): boolean {
	return viewer.kind === 'anonymous';
}
