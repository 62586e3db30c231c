import { error } from '@sveltejs/kit';
import { auditEvent } from '$lib/server/auth/http';
import { orgCovers } from '$lib/server/auth/orgTree';
import { may } from '$lib/server/auth/policy';
import { acuteSinceJoining } from '$lib/server/metrics/hospitalUse';
import { practicesUnder, registeredPeople } from '$lib/server/metrics/register';
import { orgOr404 } from '$lib/server/orgPeriod';
import { getStore } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

/** overdue first, then due, each the longest on the register first */
const urgency = (m: Record<number, string>) =>
	Object.values(m).includes('overdue') ? 0 : Object.values(m).includes('due') ? 1 : 2;

export const load: PageServerLoad = async (event) => {
	const { params, locals, url } = event;
	event.setHeaders({ 'cache-control': 'no-store' });
	const db = getStore().db;
	const org = await orgOr404(db, params.code);
	// the same permission and audit as the medically stable list: a patient-level list
	if (!may(locals.principal, { to: 'list-patients', org: org.code }, await orgCovers(db)))
		error(403, 'Your role does not include patient-level lists for this organisation');
	const practices = await practicesUnder(db, org.code);
	const names = new Map(practices.map((p) => [p.code, p.name]));
	const now = new Date();
	const people = (
		await registeredPeople(
			db,
			practices.map((p) => p.code),
			now
		)
	).sort((a, b) => urgency(a.milestones) - urgency(b.milestones) || a.joined.getTime() - b.joined.getTime());
	// the same pseudonym links them to the hospitals: in hospital now, and their admissions and A&E visits since joining
	const acute = await acuteSinceJoining(db, people, now);
	await auditEvent(event, {
		org: org.code,
		action: 'view case-management caseload',
		target: url.pathname,
		outcome: 'allowed',
		detail: `${people.length} people: ${people.map((p) => p.patient).join(' ')}`
	});
	return {
		org,
		practices: practices.length,
		people: people.map((p) => ({
			...p,
			practiceName: names.get(p.practice) ?? p.practice,
			joined: p.joined.toISOString(),
			planAgreed: p.planAgreed?.toISOString() ?? null,
			lastReview: p.lastReview?.toISOString() ?? null,
			lastContact: p.lastContact?.toISOString() ?? null,
			acute: acute.get(p.patient)!
		})),
		loadedAt: new Date().toISOString()
	};
};
