// Notifications are kept before they are sent: a delivery row per recipient, claimed by one node at a time
// (FOR UPDATE SKIP LOCKED), sent, and on failure retried later with a growing wait, then marked failed. Every
// attempt's outcome stays in the row: the delivery log administrators read. At least once, never silently dropped
// (notes/reliability-security.md §1.2): a node that dies mid-send leaves its claim to lapse and another sends again.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { getAlarm } from '../store.ts';
import type { Notice } from './message.ts';
import type { Senders } from './senders.ts';

/** wait after each failed attempt; after the last, the delivery is failed */
export const RETRY_AFTER_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000];
/** a claim lapses after this long, should its node die mid-send */
const CLAIM_MS = 60_000;

export interface Target {
	channel: 'webhook' | 'email';
	target: string;
}

export async function enqueue(
	db: Kysely<Database>,
	alarmId: string,
	step: string,
	targets: Target[],
	at: Date
) {
	if (!targets.length) return;
	await db
		.insertInto('alarm_delivery')
		.values(targets.map((t) => ({ alarm_id: alarmId, step, ...t, next_at: at, created_at: at })))
		.execute();
}

/** Sends what is due; returns how many were sent and how many failed this round. */
export async function deliverDue(
	db: Kysely<Database>,
	now: Date,
	send: Senders,
	publicUrl: string | undefined
): Promise<{ sent: number; failed: number }> {
	const { rows } = await sql<{
		id: string;
		alarm_id: string;
		step: string;
		channel: 'webhook' | 'email';
		target: string;
		attempts: number;
	}>`
		UPDATE alarm_delivery SET attempts = attempts + 1, next_at = ${new Date(now.getTime() + CLAIM_MS)}
		WHERE id IN (
			SELECT id FROM alarm_delivery WHERE status = 'pending' AND next_at <= ${now}
			ORDER BY next_at LIMIT 20 FOR UPDATE SKIP LOCKED
		)
		RETURNING id, alarm_id, step, channel, target, attempts
	`.execute(db);
	let sent = 0;
	let failed = 0;
	for (const d of rows) {
		const alarm = await getAlarm(db, Number(d.alarm_id));
		try {
			if (!alarm) throw new Error('the alarm is gone');
			const notice: Notice = {
				alarm,
				step: d.step,
				url: publicUrl ? `${publicUrl}/alarms/${alarm.id}` : null
			};
			await (d.channel === 'webhook' ? send.webhook(d.target, notice) : send.email(d.target, notice));
			await db
				.updateTable('alarm_delivery')
				.set({ status: 'sent', sent_at: now, last_error: null })
				.where('id', '=', d.id)
				.execute();
			sent++;
		} catch (e) {
			const wait = RETRY_AFTER_MS[d.attempts - 1];
			await db
				.updateTable('alarm_delivery')
				.set({
					status: wait === undefined ? 'failed' : 'pending',
					next_at: new Date(now.getTime() + (wait ?? 0)),
					last_error: (e instanceof Error ? e.message : String(e)).slice(0, 500)
				})
				.where('id', '=', d.id)
				.execute();
			failed++;
		}
	}
	return { sent, failed };
}

export async function deliveryLog(
	db: Kysely<Database>,
	filter: { alarm?: number; visible?: Set<string> | null }
) {
	let q = db
		.selectFrom('alarm_delivery as d')
		.innerJoin('alarm as a', 'a.id', 'd.alarm_id')
		.select([
			'd.id',
			'd.alarm_id',
			'a.org',
			'd.step',
			'd.channel',
			'd.target',
			'd.status',
			'd.attempts',
			'd.next_at',
			'd.last_error',
			'd.sent_at',
			'd.created_at'
		]);
	if (filter.alarm !== undefined) q = q.where('d.alarm_id', '=', String(filter.alarm));
	if (filter.visible) q = q.where('a.org', 'in', filter.visible.size ? [...filter.visible] : ['']);
	return q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(200).execute();
}
