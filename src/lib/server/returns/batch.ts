// A batch of returns, from the API's JSON or a CSV file: each row checked on its own, the good ones stored, and an
// answer that lists every row not stored with its field and reason — the ingest API's error model, row by row.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { openCsv, CsvError } from '../ingest/csv.ts';
import { returnContext, ReturnRefused, saveReturn, type Sender } from './returns.ts';
import { validateReturn } from './validate.ts';

export const RETURN_FIELDS = [
	'kpi',
	'org',
	'scheme',
	'period',
	'value',
	'numerator',
	'denominator',
	'reason'
];
export const MAX_RETURNS = 500;

export interface RowError {
	/** 1-based: the CSV row (the header is row 1), or the position in the JSON array */
	row: number;
	field: string;
	message: string;
}

export interface BatchResult {
	accepted: number;
	rejected: number;
	/** template rows left without a figure, skipped rather than refused */
	blank: number;
	stored: { row: number; kpi: string; period: string; version: number; state: string }[];
	errors: RowError[];
}

/** Rows of a CSV file as objects; a malformed file is refused whole, at its first problem. */
export function csvRows(
	bytes: Uint8Array
): { rows: { row: number; fields: Record<string, string> }[] } | { error: RowError } {
	const file = openCsv(bytes, ['kpi', 'org', 'period']);
	if (!file.ok) return { error: { row: file.row, field: `column ${file.column}`, message: file.message } };
	const unknown = file.header.filter((h) => !RETURN_FIELDS.includes(h) && h !== 'kpi_name');
	if (unknown.length)
		return {
			error: {
				row: 1,
				field: unknown[0],
				message: `the header names ${unknown.join(', ')}, which a return does not have`
			}
		};
	try {
		return {
			rows: [...file.records()].map((r) => ({
				row: r.row,
				fields: Object.fromEntries(file.header.map((h, i) => [h, r.cells[i]]))
			}))
		};
	} catch (e) {
		if (e instanceof CsvError)
			return { error: { row: e.row, field: `column ${e.column}`, message: e.message } };
		throw e;
	}
}

const blankRow = (f: Record<string, unknown>) =>
	['value', 'numerator', 'denominator'].every(
		(k) => f[k] === undefined || f[k] === null || String(f[k]).trim() === ''
	);

/**
 * Stores each row that checks out. `mayEnter` answers whether the sender may return figures for an organisation;
 * a row for another is refused with the reason. Rows without any figure are skipped when `skipBlank` (a template
 * filled in part).
 */
export async function storeBatch(
	db: Kysely<Database>,
	rows: { row: number; fields: Record<string, unknown> }[],
	sender: Sender,
	options: { submit: boolean; skipBlank: boolean; mayEnter: (org: string) => boolean; now?: Date }
): Promise<BatchResult> {
	const context = await returnContext(db, options.now);
	const result: BatchResult = { accepted: 0, rejected: 0, blank: 0, stored: [], errors: [] };
	const fail = (row: number, field: string, message: string) => {
		result.rejected++;
		result.errors.push({ row, field, message });
	};
	for (const { row, fields } of rows) {
		if (options.skipBlank && blankRow(fields)) {
			result.blank++;
			continue;
		}
		const checked = validateReturn(fields, context);
		if ('problems' in checked) {
			const [field] = Object.keys(checked.problems);
			fail(
				row,
				field,
				Object.entries(checked.problems)
					.map(([f, m]) => (f === field ? m : `${f}: ${m}`))
					.join('; ')
			);
			continue;
		}
		if (!options.mayEnter(checked.input.org)) {
			fail(row, 'org', `you may not return figures for ${checked.input.org}`);
			continue;
		}
		try {
			const saved = await saveReturn(db, checked.input, sender, options.submit);
			result.accepted++;
			result.stored.push({ row, kpi: checked.input.kpi, period: checked.input.period, ...saved });
		} catch (e) {
			if (!(e instanceof ReturnRefused)) throw e;
			fail(row, 'reason', e.message);
		}
	}
	return result;
}

const cell = (v: unknown) => {
	const s = v === null || v === undefined ? '' : String(v);
	// a leading = + - @ would be a formula in a spreadsheet: quote it as text
	const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** A scheme's return template: a row per KPI fed by returns and one for its spend, for the period given. */
export function returnTemplate(
	scheme: string,
	org: string,
	period: string,
	kpis: { id: string; name: string }[]
): string {
	const header = [
		'kpi',
		'kpi_name',
		'org',
		'scheme',
		'period',
		'value',
		'numerator',
		'denominator',
		'reason'
	];
	const rows = [
		...kpis.map((k) => [k.id, k.name, org, '', period, '', '', '', '']),
		['SPEND', `Spend on ${scheme} in the period, £ thousands`, org, scheme, period, '', '', '', '']
	];
	return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
