// Actions agreed on the weekly call: what, who owns it, by when, and the figure (organisation or scheme, metric)
// it is meant to move. Open ones come back in every pack until closed; overdue ones are marked; each shows on the
// charts of its metric from the day it was agreed.
import type { Kysely } from 'kysely';
import type { ActionRow } from '../../reports.ts';
import { metricByKey } from '../../catalogue.ts';
import type { Database } from '../db/schema.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function recordAction(
	db: Kysely<Database>,
	form: FormData,
	by: string,
	today: string
): Promise<{ id: number } | { problems: Record<string, string> }> {
	const text = (k: string) => String(form.get(k) ?? '').trim();
	const problems: Record<string, string> = {};
	const what = text('what');
	if (!what || what.length > 500) problems.what = 'Say what was agreed (up to 500 characters)';
	const owner = text('owner');
	if (!owner) problems.owner = 'Choose who owns it';
	else if (
		!(await db
			.selectFrom('app_user')
			.select('id')
			.where('username', '=', owner)
			.where('disabled_at', 'is', null)
			.executeTakeFirst())
	)
		problems.owner = `There is no active user ${owner}`;
	const due = text('due');
	if (!DATE.test(due) || Number.isNaN(Date.parse(due))) problems.due = 'Give a due date';
	else if (due < today) problems.due = 'The due date is in the past';
	const metric = text('metric');
	if (!metricByKey.has(metric)) problems.metric = 'Choose the figure it should move';
	const org = text('org') || null;
	const scheme = text('scheme') || null;
	if (!org && !scheme) problems.org = 'Choose the organisation or the scheme it addresses';
	if (org && !(await db.selectFrom('organisation').select('code').where('code', '=', org).executeTakeFirst()))
		problems.org = `No organisation has the code ${org}`;
	if (scheme && !(await db.selectFrom('scheme').select('id').where('id', '=', scheme).executeTakeFirst()))
		problems.scheme = `There is no scheme ${scheme}`;
	if (Object.keys(problems).length) return { problems };
	const row = await db
		.insertInto('call_action')
		.values({ org, scheme, metric, what, owner, due, agreed_on: today, created_by: by })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id };
}

export async function closeAction(
	db: Kysely<Database>,
	id: number,
	status: 'done' | 'dropped',
	today: string
) {
	const r = await db
		.updateTable('call_action')
		.set({ status, closed_on: today })
		.where('id', '=', id)
		.where('status', '=', 'open')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

export interface ActionFilter {
	orgs?: string[];
	schemes?: string[];
	owner?: string;
	metric?: string;
	/** open ones, plus those closed on or after this date */
	closedSince?: string;
	openOnly?: boolean;
}

export async function listActions(
	db: Kysely<Database>,
	filter: ActionFilter,
	today: string
): Promise<ActionRow[]> {
	let q = db
		.selectFrom('call_action as a')
		.leftJoin('organisation as o', 'o.code', 'a.org')
		.innerJoin('app_user as u', 'u.username', 'a.owner')
		.select([
			'a.id',
			'a.org',
			'o.name as orgName',
			'a.scheme',
			'a.metric',
			'a.what',
			'a.owner',
			'u.display_name as ownerName',
			'a.due',
			'a.agreed_on',
			'a.status',
			'a.closed_on'
		])
		.orderBy('a.due')
		.orderBy('a.id');
	if (filter.orgs || filter.schemes)
		q = q.where((eb) =>
			eb.or([
				...(filter.orgs?.length ? [eb('a.org', 'in', filter.orgs)] : []),
				...(filter.schemes?.length ? [eb('a.scheme', 'in', filter.schemes)] : []),
				...(!filter.orgs?.length && !filter.schemes?.length ? [eb.val(false)] : [])
			])
		);
	if (filter.owner) q = q.where('a.owner', '=', filter.owner);
	if (filter.metric) q = q.where('a.metric', '=', filter.metric);
	if (filter.openOnly) q = q.where('a.status', '=', 'open');
	else if (filter.closedSince)
		q = q.where((eb) => eb.or([eb('a.status', '=', 'open'), eb('a.closed_on', '>=', filter.closedSince!)]));
	const rows = await q.execute();
	return rows.map((r) => ({
		id: r.id,
		org: r.org,
		orgName: r.orgName ?? null,
		scheme: r.scheme,
		metric: r.metric,
		metricName: metricByKey.get(r.metric)?.name ?? r.metric,
		what: r.what,
		owner: r.owner,
		ownerName: r.ownerName,
		due: String(r.due).slice(0, 10),
		agreedOn: String(r.agreed_on).slice(0, 10),
		status: r.status,
		closedOn: r.closed_on ? String(r.closed_on).slice(0, 10) : null,
		overdue: r.status === 'open' && String(r.due).slice(0, 10) < today
	}));
}

/** Chart annotations: the actions on one organisation's metric, agreed within a range of dates. */
export async function chartActions(
	db: Kysely<Database>,
	org: string,
	metric: string,
	from: string,
	to: string
) {
	const rows = await db
		.selectFrom('call_action')
		.select(['id', 'what', 'agreed_on', 'status', 'owner'])
		.where('org', '=', org)
		.where('metric', '=', metric)
		.where('agreed_on', '>=', from)
		.where('agreed_on', '<=', to)
		.orderBy('agreed_on')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		what: r.what,
		agreedOn: String(r.agreed_on).slice(0, 10),
		status: r.status,
		owner: r.owner
	}));
}

export type { ActionRow };
