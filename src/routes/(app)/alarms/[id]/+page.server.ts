import { error, fail } from '@sveltejs/kit';
import { orgCovers } from '$lib/server/auth/orgTree';
import { may } from '$lib/server/auth/policy';
import { deliveryLog } from '$lib/server/alarms/notify/deliveries';
import { acknowledge, alarmSteps, announce, getAlarm, resolve, type Outcome } from '$lib/server/alarms/store';
import { listActions } from '$lib/server/reports/actions';
import { getStore } from '$lib/server/runtime';
import { londonDate } from '$lib/server/time';
import type { Actions, PageServerLoad } from './$types';

const idOf = (raw: string) => (/^\d{1,15}$/.test(raw) ? Number(raw) : 0);

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getStore().db;
	const alarm = await getAlarm(db, idOf(params.id));
	if (!alarm) error(404, `There is no alarm ${params.id}`);
	const covers = await orgCovers(db);
	const handles = may(locals.principal, { to: 'acknowledge-alarm', org: alarm.org }, covers);
	const above = await db
		.selectFrom('org_closure')
		.select('ancestor')
		.where('descendant', '=', alarm.org)
		.execute();
	const today = londonDate(new Date());
	const [steps, deliveries, actions] = await Promise.all([
		alarmSteps(db, alarm.id),
		// who was written to is for those who handle the alarm
		handles || may(locals.principal, { to: 'administer' }, covers)
			? deliveryLog(db, { alarm: alarm.id })
			: [],
		// what the call agreed about the same figure here or above: the alarm may already have an owner
		alarm.metric
			? listActions(
					db,
					{ orgs: above.map((a) => a.ancestor), metric: alarm.metric, closedSince: today },
					today
				)
			: []
	]);
	return {
		alarm,
		handles,
		steps: steps.map((s) => ({ ...s, at: s.at.toISOString() })),
		deliveries: deliveries.map((d) => ({
			id: d.id,
			step: d.step,
			channel: d.channel,
			target: d.target,
			status: d.status,
			attempts: d.attempts,
			lastError: d.last_error,
			sentAt: d.sent_at?.toISOString() ?? null,
			nextAt: d.next_at.toISOString()
		})),
		actions
	};
};

const WHY: Record<Exclude<Outcome, 'done'>, string> = {
	'not-found': 'There is no such alarm',
	'not-open': 'This alarm is no longer waiting for that: it has moved on since the page loaded',
	already: 'Someone has done that already'
};

async function handle(
	params: { id: string },
	request: Request,
	username: string,
	field: 'comment' | 'reason',
	act: (db: ReturnType<typeof getStore>['db'], id: number, text: string) => Promise<Outcome>
) {
	const db = getStore().db;
	const text = String((await request.formData()).get(field) ?? '').trim();
	if (!text || text.length > 500)
		return fail(400, { field, problem: `Give a ${field} of 1–500 characters`, text });
	const id = idOf(params.id);
	const outcome = await act(db, id, text);
	if (outcome !== 'done') return fail(409, { field, problem: WHY[outcome], text });
	const alarm = await getAlarm(db, id);
	if (alarm) await announce(db, [alarm.org]);
	return { done: field === 'comment' ? `Acknowledged by ${username}` : `Resolved by ${username}` };
}

export const actions: Actions = {
	acknowledge: ({ params, request, locals }) => {
		const user = locals.principal.kind === 'user' ? locals.principal.username : '';
		return handle(params, request, user, 'comment', (db, id, text) =>
			acknowledge(db, id, user, text, new Date())
		);
	},
	resolve: ({ params, request, locals }) => {
		const user = locals.principal.kind === 'user' ? locals.principal.username : '';
		return handle(params, request, user, 'reason', (db, id, text) => resolve(db, id, user, text, new Date()));
	}
};
