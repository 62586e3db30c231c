// A&E events stand alone, each a point at its site for every figure it counts: an attendance (contract v2), and
// whether it came from a care home; an assessment, whether it avoided an admission, and whether the IDT (ADM-11,
// ADM-12) or the IDT's GP (ADM-13) saw the patient.
export function attendancePoints(type: string, body: Record<string, unknown>): string[] {
	if (type === 'ae_attendance')
		return ['ae_attendances', ...(body.arrivedFrom === 'care_home' ? ['ae_attendances_care_home'] : [])];
	const avoided = body.outcome === 'avoided';
	const points = avoided ? ['admissions_avoided'] : [];
	if (body.seenBy === 'idt') points.push('idt_reviews', ...(avoided ? ['idt_reviews_home'] : []));
	if (body.seenBy === 'idt_gp') points.push('idt_gp_reviews');
	return points;
}

const WEEK_MS = 7 * 86_400_000;

/** The attendances that follow another of the same patient's by at most 7 × 24 hours (READ-01). */
export function reattendances<T extends { patient: string; at: Date }>(attendances: T[]): T[] {
	const byPatient = new Map<string, T[]>();
	for (const a of attendances) byPatient.set(a.patient, [...(byPatient.get(a.patient) ?? []), a]);
	return [...byPatient.values()].flatMap((list) => {
		const times = list.map((a) => a.at.getTime());
		return list.filter((a) => times.some((t) => t < a.at.getTime() && a.at.getTime() - t <= WEEK_MS));
	});
}
