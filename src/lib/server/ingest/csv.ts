// CSV upload of ingest events: RFC 4180 (comma, double quotes, CRLF, LF or CR), UTF-8 with or without a BOM,
// one header row with the contract's field names. A malformed file is refused whole with the row and column of
// its first problem; well-formed rows become events that go through the same validation as JSON.

export type CsvParse =
	| { ok: true; header: string[]; records: { row: number; cells: string[] }[] }
	| { ok: false; row: number; column: number; message: string };

const REQUIRED = ['id', 'type', 'occurredAt', 'site'];

function decode(bytes: Uint8Array): { text: string } | { row: number; column: number; message: string } {
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		return { row: 1, column: 1, message: 'the file is UTF-16; save it as UTF-8' };
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
	} catch {
		const lossy = new TextDecoder('utf-8').decode(bytes);
		const at = lossy.indexOf('\uFFFD');
		const before = lossy.slice(0, at).split(/\r\n|\n|\r/);
		return {
			row: before.length,
			column: before[before.length - 1].length + 1,
			message: 'the file is not valid UTF-8'
		};
	}
}

export class CsvError extends Error {
	readonly row: number;
	readonly column: number;
	constructor(row: number, column: number, message: string) {
		super(message);
		this.row = row;
		this.column = column;
	}
}

type CsvRecord = { row: number; cells: string[] };

/** The records of a CSV text one at a time, so a large file is never held as cells all at once. */
function* scan(text: string): Generator<CsvRecord> {
	let row = 1;
	let column = 0;
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let afterQuote = false;
	let recordRow = 1;
	let quoteRow = 0;
	let quoteColumn = 0;

	const take = (): CsvRecord | null => {
		cells.push(cell);
		const record = cells.length === 1 && cells[0] === '' ? null : { row: recordRow, cells };
		cells = [];
		cell = '';
		afterQuote = false;
		return record;
	};

	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		column++;
		if (ch === '\u0000') throw new CsvError(row, column, 'the file contains a NUL character');
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
					column++;
				} else {
					quoted = false;
					afterQuote = true;
				}
			} else {
				if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
					row++;
					column = 0;
				}
				cell += ch;
			}
			continue;
		}
		if (ch === ',') {
			cells.push(cell);
			cell = '';
			afterQuote = false;
		} else if (ch === '\r' || ch === '\n') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			const record = take();
			if (record) yield record;
			row++;
			column = 0;
			recordRow = row;
		} else if (afterQuote) {
			throw new CsvError(row, column, 'a closing quote must be followed by a comma or the end of the line');
		} else if (ch === '"') {
			if (cell !== '')
				throw new CsvError(
					row,
					column,
					'a quote inside an unquoted cell (quote the whole cell and double the quote)'
				);
			quoted = true;
			quoteRow = row;
			quoteColumn = column;
		} else {
			cell += ch;
		}
	}
	if (quoted) throw new CsvError(quoteRow, quoteColumn, 'this quote is never closed');
	if (cell !== '' || cells.length) {
		const record = take();
		if (record) yield record;
	}
}

function checkHeader(head: CsvRecord | undefined, required: string[]): string[] {
	if (!head) throw new CsvError(1, 1, 'the file is empty; it needs a header row');
	const header = head.cells.map((h) => h.trim());
	const missing = required.filter((f) => !header.includes(f));
	if (missing.length) {
		const hint = /[;\t|]/.test(head.cells.join(',')) ? ' (is the file separated by commas?)' : '';
		throw new CsvError(1, 1, `the header lacks ${missing.join(', ')}${hint}`);
	}
	const duplicate = header.find((h, i) => header.indexOf(h) !== i);
	if (duplicate)
		throw new CsvError(
			1,
			header.indexOf(duplicate, header.indexOf(duplicate) + 1) + 1,
			`the header names ${duplicate} twice`
		);
	return header;
}

export type CsvFile =
	| { ok: true; header: string[]; records: () => Generator<CsvRecord> }
	| { ok: false; row: number; column: number; message: string };

/**
 * A decoded CSV file with a good header (holding the `required` fields: the ingest contract's by default). `records()`
 * reads its rows afresh each time it is called and throws CsvError at the first malformed one, so a caller can check
 * the whole file before acting on any of it.
 */
export function openCsv(bytes: Uint8Array, required = REQUIRED): CsvFile {
	const decoded = decode(bytes);
	if (!('text' in decoded)) return { ok: false, ...decoded };
	const { text } = decoded;
	try {
		const header = checkHeader(scan(text).next().value, required);
		function* records() {
			const all = scan(text);
			all.next();
			for (const r of all) {
				if (r.cells.length !== header.length)
					throw new CsvError(
						r.row,
						Math.min(r.cells.length, header.length) + 1,
						`this row has ${r.cells.length} cells; the header has ${header.length}`
					);
				yield r;
			}
		}
		return { ok: true, header, records };
	} catch (e) {
		if (e instanceof CsvError) return { ok: false, row: e.row, column: e.column, message: e.message };
		throw e;
	}
}

/** The whole file at once: for small files and the specs. */
export function parseCsv(bytes: Uint8Array, required = REQUIRED): CsvParse {
	const file = openCsv(bytes, required);
	if (!file.ok) return file;
	try {
		return { ok: true, header: file.header, records: [...file.records()] };
	} catch (e) {
		if (e instanceof CsvError) return { ok: false, row: e.row, column: e.column, message: e.message };
		throw e;
	}
}

const BOOLEAN_FIELDS = new Set(['dementia']);
const INTEGER_FIELDS = new Set(['pathway', 'score', 'beds', 'listSize']);

/** Rows as event objects: empty cells are absent, and the contract's boolean and integer fields are typed. */
export function recordsToEvents(header: string[], records: { row: number; cells: string[] }[]) {
	return records.map(({ cells }) => {
		const event: Record<string, unknown> = Object.create(null);
		header.forEach((field, i) => {
			const value = cells[i];
			if (value === '') return;
			if (BOOLEAN_FIELDS.has(field) && /^(true|false)$/i.test(value))
				event[field] = value.toLowerCase() === 'true';
			else if (INTEGER_FIELDS.has(field) && /^-?\d+$/.test(value)) event[field] = Number(value);
			else event[field] = value;
		});
		return { ...event };
	});
}
