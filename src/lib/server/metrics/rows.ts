// Writing a spell's derived rows: only what changed is rewritten. A new event usually moves one or two of a spell's
// intervals; rewriting them all would fill the tables with dead rows that slow every census query.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface IntervalRow {
	site: string;
	spell: string;
	org: string;
	metric: string;
	start_at: Date;
	end_at: Date | null;
}

export interface PointRow {
	site: string;
	ref: string;
	org: string;
	metric: string;
	at: Date;
}

export const chunks = <T>(rows: T[], size = 1000) =>
	Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

export async function insertPoints(trx: Transaction<Database>, points: PointRow[]) {
	for (const rows of chunks(points, 5000)) {
		await sql`
			INSERT INTO flow_event (site, ref, org, metric, at)
			SELECT * FROM unnest(
				${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.ref)}::text[], ${rows.map((r) => r.org)}::text[],
				${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.at)}::timestamptz[]
			)
		`.execute(trx);
	}
}

const intervalKey = (r: IntervalRow) =>
	`${r.site}|${r.spell}|${r.org}|${r.metric}|${r.start_at.getTime()}|${r.end_at?.getTime() ?? ''}`;
const pointKey = (r: PointRow) => `${r.site}|${r.ref}|${r.org}|${r.metric}|${r.at.getTime()}`;

/** Rows in `next` but not in `current`, and in `current` but not in `next`. */
function difference<T>(current: T[], next: T[], key: (row: T) => string) {
	const before = new Set(current.map(key));
	const after = new Set(next.map(key));
	return {
		added: next.filter((r) => !before.has(key(r))),
		removed: current.filter((r) => !after.has(key(r)))
	};
}

/** Replace `current` intervals by `next`; returns the organisations of the rows that changed. */
export async function replaceIntervals(
	trx: Transaction<Database>,
	current: IntervalRow[],
	next: IntervalRow[]
) {
	const { added, removed } = difference(current, next, intervalKey);
	for (const rows of chunks(removed)) {
		await sql`
			DELETE FROM census_interval i
			USING unnest(
				${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.spell)}::text[], ${rows.map((r) => r.org)}::text[],
				${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.start_at)}::timestamptz[],
				${rows.map((r) => r.end_at)}::timestamptz[]
			) AS d(site, spell, org, metric, start_at, end_at)
			WHERE i.site = d.site AND i.spell = d.spell AND i.org = d.org AND i.metric = d.metric
				AND i.start_at = d.start_at AND i.end_at IS NOT DISTINCT FROM d.end_at
		`.execute(trx);
	}
	// bulk inserts as arrays: six parameters instead of six per row, which PostgreSQL parses far faster
	for (const rows of chunks(added, 5000)) {
		await sql`
			INSERT INTO census_interval (site, spell, org, metric, start_at, end_at)
			SELECT * FROM unnest(
				${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.spell)}::text[], ${rows.map((r) => r.org)}::text[],
				${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.start_at)}::timestamptz[],
				${rows.map((r) => r.end_at)}::timestamptz[]
			)
		`.execute(trx);
	}
	return [...added, ...removed].map((r) => r.org);
}

/** Replace `current` points by `next`; returns the organisations of the rows that changed. */
export async function replacePoints(trx: Transaction<Database>, current: PointRow[], next: PointRow[]) {
	const { added, removed } = difference(current, next, pointKey);
	for (const rows of chunks(removed)) {
		await sql`
			DELETE FROM flow_event f
			USING unnest(
				${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.ref)}::text[], ${rows.map((r) => r.org)}::text[],
				${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.at)}::timestamptz[]
			) AS d(site, ref, org, metric, at)
			WHERE f.site = d.site AND f.ref = d.ref AND f.org = d.org AND f.metric = d.metric AND f.at = d.at
		`.execute(trx);
	}
	await insertPoints(trx, added);
	return [...added, ...removed].map((r) => r.org);
}
