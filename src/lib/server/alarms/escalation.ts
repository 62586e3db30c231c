// Escalation: an alarm nobody has acknowledged goes, step by step, to more senior people, as the policy an
// administrator set for its organisation says (or the nearest organisation above it with a policy): "after 15 minutes
// to the site's executives, after 60 to the trust's". Each step is taken once, however many nodes look (the step
// count moves only from the value read), recorded, audited, and sent by email and webhook (deliveries.ts).
import type { Kysely } from 'kysely';
import { ROLES, ROLE_NAMES, type Role } from '../auth/policy.ts';
import type { Database } from '../db/schema.ts';
import { ORG_KINDS, ORG_KIND_LABEL, type OrgKind } from '../../types.ts';
import { enqueue, type Target } from './notify/deliveries.ts';
import { recordStep } from './store.ts';

/** whom a step goes to: the holders of a role at the alarm's own organisation or at the one of a kind above it */
export type Level = 'self' | OrgKind;
export const LEVELS: Level[] = ['self', ...ORG_KINDS.filter((k) => k !== 'ward' && k !== 'practice')];
export const LEVEL_LABEL = (l: Level) =>
	l === 'self' ? "the alarm's own organisation" : `its ${ORG_KIND_LABEL[l]}`;

export interface EscalationStep {
	afterMinutes: number;
	role: Role;
	level: Level;
	/** a webhook named in FLOWDECK_WEBHOOKS, or none */
	webhook: string | null;
}

export const MAX_STEPS = 5;

/** The steps set at an organisation itself (not inherited). */
export async function policyAt(db: Kysely<Database>, org: string): Promise<EscalationStep[]> {
	const rows = await db
		.selectFrom('escalation_step')
		.selectAll()
		.where('org', '=', org)
		.orderBy('position')
		.execute();
	return rows.map((r) => ({
		afterMinutes: r.after_minutes,
		role: r.role as Role,
		level: r.level as Level,
		webhook: r.webhook
	}));
}

/** The policy that governs an organisation's alarms: its own, or the nearest above it; with where it was set. */
export async function policyFor(db: Kysely<Database>, org: string) {
	const row = await db
		.selectFrom('org_closure as c')
		.innerJoin('escalation_step as s', 's.org', 'c.ancestor')
		.select(['c.ancestor', 'c.depth'])
		.where('c.descendant', '=', org)
		.orderBy('c.depth')
		.limit(1)
		.executeTakeFirst();
	return row ? { org: row.ancestor, steps: await policyAt(db, row.ancestor) } : { org: null, steps: [] };
}

/** Checks a policy from a form; the problems by step (1-based), or none. */
export function checkPolicy(steps: EscalationStep[], webhooks: string[]): string[] {
	const problems: string[] = [];
	if (steps.length > MAX_STEPS) problems.push(`At most ${MAX_STEPS} steps`);
	steps.forEach((s, i) => {
		const n = `Step ${i + 1}`;
		if (!Number.isInteger(s.afterMinutes) || s.afterMinutes < 0 || s.afterMinutes > 10080)
			problems.push(`${n}: minutes must be a whole number from 0 to 10080 (a week)`);
		else if (i > 0 && s.afterMinutes <= steps[i - 1].afterMinutes)
			problems.push(`${n}: must come later than step ${i}`);
		if (!ROLES.includes(s.role)) problems.push(`${n}: choose a role`);
		if (!LEVELS.includes(s.level)) problems.push(`${n}: choose whose`);
		if (s.webhook !== null && !webhooks.includes(s.webhook))
			problems.push(`${n}: no webhook "${s.webhook}" is configured`);
	});
	return problems;
}

export async function savePolicy(db: Kysely<Database>, org: string, steps: EscalationStep[], by: string) {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('escalation_step').where('org', '=', org).execute();
		if (steps.length)
			await trx
				.insertInto('escalation_step')
				.values(
					steps.map((s, i) => ({
						org,
						position: i + 1,
						after_minutes: s.afterMinutes,
						role: s.role,
						level: s.level,
						webhook: s.webhook,
						updated_by: by
					}))
				)
				.execute();
	});
}

/** The organisation a step goes to: the alarm's own, or the one of the step's kind above it (none: skipped). */
async function stepOrg(db: Kysely<Database>, org: string, level: Level) {
	const row = await db
		.selectFrom('org_closure as c')
		.innerJoin('organisation as o', 'o.code', 'c.ancestor')
		.select(['o.code', 'o.name'])
		.where('c.descendant', '=', org)
		.$if(level === 'self', (q) => q.where('c.depth', '=', 0))
		.$if(level !== 'self', (q) => q.where('o.kind', '=', level))
		.orderBy('c.depth')
		.limit(1)
		.executeTakeFirst();
	return row ?? null;
}

/** People holding the role at exactly that organisation, with an address to write to. */
async function recipients(db: Kysely<Database>, org: string, role: Role) {
	const rows = await db
		.selectFrom('user_role as r')
		.innerJoin('app_user as u', 'u.id', 'r.user_id')
		.select(['u.email'])
		.where('r.org', '=', org)
		.where('r.role', '=', role)
		.where('u.disabled_at', 'is', null)
		.where('u.email', 'is not', null)
		.execute();
	return [...new Set(rows.map((r) => r.email!))];
}

/** Takes every escalation step that has come due; returns the organisations whose alarms changed. */
export async function escalateDue(db: Kysely<Database>, now: Date): Promise<string[]> {
	const raised = await db
		.selectFrom('alarm')
		.select(['id', 'org', 'key', 'raised_at', 'escalated_steps'])
		.where('state', '=', 'raised')
		.execute();
	const changed: string[] = [];
	const policies = new Map<string, EscalationStep[]>();
	for (const a of raised) {
		if (!policies.has(a.org)) policies.set(a.org, (await policyFor(db, a.org)).steps);
		const steps = policies.get(a.org)!;
		// every step that is due, in order: a node that was down for an hour catches up rather than skipping
		for (let n = a.escalated_steps; n < steps.length; n++) {
			const step = steps[n];
			if (now.getTime() - a.raised_at.getTime() < step.afterMinutes * 60_000) break;
			const taken = await db
				.updateTable('alarm')
				.set({ escalated_steps: n + 1 })
				.where('id', '=', a.id)
				.where('escalated_steps', '=', n)
				.where('state', '=', 'raised')
				.executeTakeFirst();
			if (Number(taken.numUpdatedRows) !== 1) break;
			const to = await stepOrg(db, a.org, step.level);
			const people = to ? await recipients(db, to.code, step.role) : [];
			const targets: Target[] = [
				...people.map((email) => ({ channel: 'email' as const, target: email })),
				...(step.webhook ? [{ channel: 'webhook' as const, target: step.webhook }] : [])
			];
			const whom = to ? `${ROLE_NAMES[step.role]}s of ${to.name}` : `no ${LEVEL_LABEL(step.level)} above it`;
			const detail = `step ${n + 1} after ${step.afterMinutes} min: to the ${whom} (${people.length} by email${step.webhook ? `, webhook ${step.webhook}` : ''})`;
			await recordStep(db, a, 'escalated', null, now, detail);
			await enqueue(db, a.id, `escalated: ${detail}`, targets, now);
			changed.push(a.org);
		}
	}
	return changed;
}
