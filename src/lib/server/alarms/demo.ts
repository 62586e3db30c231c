// The demo's alarm rules, set once on a store that has none, so `npm start` shows alarms being raised, escalated and
// acknowledged. The documents set no limits: these are examples, as an administrator would set them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { savePolicy } from './escalation.ts';

const LIMITS = [
	{ org: 'medway-maritime', metric: 'msl', low: null, high: 30, spc: true },
	{ org: 'kent-medway', metric: 'dtoc', low: null, high: 100, spc: false },
	{ org: 'kent-medway', metric: 'los_over_15', low: null, high: null, spc: true }
];

/** Sets the demo's limits and escalation policy unless an administrator has set any; whether it did. */
export async function seedDemoAlarmRules(db: Kysely<Database>): Promise<boolean> {
	const [limit, step] = await Promise.all([
		db.selectFrom('metric_limit').select('org').limit(1).executeTakeFirst(),
		db.selectFrom('escalation_step').select('org').limit(1).executeTakeFirst()
	]);
	if (limit || step) return false;
	await db
		.insertInto('metric_limit')
		.values(LIMITS.map((l) => ({ ...l, updated_by: 'demo' })))
		.execute();
	await savePolicy(
		db,
		'kent-medway',
		[
			{ afterMinutes: 15, role: 'executive', level: 'site', webhook: null },
			{ afterMinutes: 60, role: 'executive', level: 'trust', webhook: null }
		],
		'demo'
	);
	return true;
}
