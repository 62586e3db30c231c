// A CSV upload in bounded memory. The whole file is checked first (its shape, its row count, and that every row's
// site is one the key may send) without keeping any row; only then is it ingested, CHUNK rows per transaction, each
// taking its turn in the ingest line so single events from other sources are answered between chunks. A file cut
// short by an outage can be sent again whole: the rows already stored come back as duplicates. The answer counts
// every outcome but lists only the first LISTED rows not accepted, with a count of rejections by reason.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CsvError, openCsv, recordsToEvents } from './csv.ts';
import { ingest, outsideKey, publishFor, ScopeError, type Outcome } from './ingest.ts';
import type { SourceKey } from './keys.ts';
import type { IngestLine } from './line.ts';
import { loadRegister } from './register.ts';

export const MAX_CSV_ROWS = 200_000;
/** rows per transaction: small enough that a single event waits at most one chunk */
export const CHUNK = 1_000;
/** rows not accepted that the answer lists one by one */
export const LISTED = 1_000;
/**
 * Figures are published every PUBLISH_EVERY chunks and at the end rather than after each: a census over every open
 * spell of a site is the costly part of a publish, and a large upload is mostly one site.
 */
const PUBLISH_EVERY = 25;
/** distinct rejection reasons counted; the rest are counted together */
const REASONS = 100;

export interface CsvSummary {
	accepted: number;
	duplicate: number;
	rejected: number;
	/** the first LISTED rows not accepted */
	results: Outcome[];
	/** rows not accepted beyond those listed */
	unlisted: number;
	/** every rejection counted by field and reason */
	rejections: { field: string; reason: string; count: number }[];
}

export type CsvRefusal = { status: 400 | 403 | 413; message: string; row?: number; column?: number };

/** Thrown when a chunk could not be stored: the rows before `storedThrough` were. */
export class UploadInterrupted extends Error {
	readonly storedThrough: number;
	constructor(storedThrough: number, cause: unknown) {
		super(`stopped after row ${storedThrough}`, { cause });
		this.storedThrough = storedThrough;
	}
}

const breathe = () => new Promise((r) => setImmediate(r));

/** Checks every row without keeping any: the file's shape, its size, and the key's scope. */
async function check(
	file: Extract<ReturnType<typeof openCsv>, { ok: true }>,
	key: SourceKey,
	db: Kysely<Database>
): Promise<CsvRefusal | null> {
	const outside = outsideKey(key, await loadRegister(db));
	const site = file.header.indexOf('site');
	let rows = 0;
	try {
		for (const r of file.records()) {
			if (++rows > MAX_CSV_ROWS) return { status: 413, message: `at most ${MAX_CSV_ROWS} rows per file` };
			if (outside(r.cells[site]))
				return {
					status: 403,
					message: `row ${r.row}: this key may not send events for site ${r.cells[site]}; nothing was stored`,
					row: r.row
				};
			if (rows % 5_000 === 0) await breathe();
		}
	} catch (e) {
		if (!(e instanceof CsvError)) throw e;
		return {
			status: 400,
			message: `CSV row ${e.row}, column ${e.column}: ${e.message}`,
			row: e.row,
			column: e.column
		};
	}
	if (!rows) return { status: 400, message: 'the CSV file has a header but no rows', row: 2, column: 1 };
	return null;
}

export async function ingestCsv(
	db: Kysely<Database>,
	key: SourceKey,
	bytes: Uint8Array,
	line: Pick<IngestLine, 'run' | 'begin'>
): Promise<CsvSummary | CsvRefusal> {
	const file = openCsv(bytes);
	if (!file.ok)
		return {
			status: 400,
			message: `CSV row ${file.row}, column ${file.column}: ${file.message}`,
			row: file.row,
			column: file.column
		};
	// a node that starts draining lets an upload under way finish, as it would a single request
	const release = line.begin();
	try {
		const refusal = await check(file, key, db);
		if (refusal) return refusal;
		return await store(file, key, db, line);
	} finally {
		release();
	}
}

async function store(
	file: Extract<ReturnType<typeof openCsv>, { ok: true }>,
	key: SourceKey,
	db: Kysely<Database>,
	line: Pick<IngestLine, 'run'>
): Promise<CsvSummary> {
	const summary: CsvSummary = {
		accepted: 0,
		duplicate: 0,
		rejected: 0,
		results: [],
		unlisted: 0,
		rejections: []
	};
	const reasons = new Map<string, { field: string; reason: string; count: number }>();
	let offset = 0;
	let storedThrough = 1;
	let chunks = 0;
	const touched = new Set<string>();
	const publish = async () => {
		if (touched.size) await publishFor(db, [...touched]);
		touched.clear();
	};
	const storeChunk = async (chunk: { row: number; cells: string[] }[]) => {
		const events = recordsToEvents(file.header, chunk);
		const rows = chunk.map((r) => r.row);
		let result;
		try {
			// the upload was let into the line as a whole (begin, below): each chunk keeps its place
			result = await line.run(() => ingest(db, key, events, { rows, publish: false }), { continues: true });
			for (const org of result.touched) touched.add(org);
			if (++chunks % PUBLISH_EVERY === 0) await publish();
		} catch (e) {
			// every row was checked against the key's scope before the first chunk
			if (e instanceof ScopeError) throw e;
			await publish().catch(() => {});
			throw new UploadInterrupted(storedThrough, e);
		}
		summary.accepted += result.accepted;
		summary.duplicate += result.duplicate;
		summary.rejected += result.rejected;
		for (const outcome of result.results) {
			if (outcome.status === 'accepted') continue;
			if (summary.results.length < LISTED)
				summary.results.push({ ...outcome, index: outcome.index + offset });
			else summary.unlisted++;
			for (const error of outcome.status === 'rejected' ? outcome.errors!.slice(0, 1) : []) {
				const counted = reasons.has(`${error.field}\n${error.reason}`) || reasons.size < REASONS;
				const field = counted ? error.field : '(other)';
				const reason = counted ? error.reason : 'other reasons';
				const k = `${field}\n${reason}`;
				const entry = reasons.get(k) ?? { field, reason, count: 0 };
				entry.count++;
				reasons.set(k, entry);
			}
		}
		offset += chunk.length;
		storedThrough = chunk[chunk.length - 1].row;
	};

	let chunk: { row: number; cells: string[] }[] = [];
	for (const record of file.records()) {
		chunk.push(record);
		if (chunk.length === CHUNK) {
			await storeChunk(chunk);
			chunk = [];
		}
	}
	if (chunk.length) await storeChunk(chunk);
	await publish();
	summary.rejections = [...reasons.values()].sort((a, b) => b.count - a.count);
	return summary;
}
