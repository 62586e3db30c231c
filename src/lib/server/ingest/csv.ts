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

export function parseCsv(bytes: Uint8Array): CsvParse {
	const decoded = decode(bytes);
	if (!('text' in decoded)) return { ok: false, ...decoded };
	const text = decoded.text;
	const records: { row: number; cells: string[] }[] = [];
	let row = 1;
	let column = 0;
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let afterQuote = false;
	let recordRow = 1;
	let quoteRow = 0;
	let quoteColumn = 0;

	const endRecord = () => {
		cells.push(cell);
		if (!(cells.length === 1 && cells[0] === '')) records.push({ row: recordRow, cells });
		cells = [];
		cell = '';
		afterQuote = false;
	};

	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		column++;
		if (ch === '\u0000') return { ok: false, row, column, message: 'the file contains a NUL character' };
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
			endRecord();
			row++;
			column = 0;
			recordRow = row;
		} else if (afterQuote) {
			return {
				ok: false,
				row,
				column,
				message: 'a closing quote must be followed by a comma or the end of the line'
			};
		} else if (ch === '"') {
			if (cell !== '')
				return {
					ok: false,
					row,
					column,
					message: 'a quote inside an unquoted cell (quote the whole cell and double the quote)'
				};
			quoted = true;
			quoteRow = row;
			quoteColumn = column;
		} else {
			cell += ch;
		}
	}
	if (quoted) return { ok: false, row: quoteRow, column: quoteColumn, message: 'this quote is never closed' };
	if (cell !== '' || cells.length) endRecord();

	if (!records.length)
		return { ok: false, row: 1, column: 1, message: 'the file is empty; it needs a header row' };
	const [head, ...body] = records;
	const header = head.cells.map((h) => h.trim());
	const missing = REQUIRED.filter((f) => !header.includes(f));
	if (missing.length) {
		const hint = /[;\t|]/.test(head.cells.join(',')) ? ' (is the file separated by commas?)' : '';
		return { ok: false, row: 1, column: 1, message: `the header lacks ${missing.join(', ')}${hint}` };
	}
	const duplicate = header.find((h, i) => header.indexOf(h) !== i);
	if (duplicate)
		return {
			ok: false,
			row: 1,
			column: header.indexOf(duplicate, header.indexOf(duplicate) + 1) + 1,
			message: `the header names ${duplicate} twice`
		};
	for (const r of body) {
		if (r.cells.length !== header.length) {
			return {
				ok: false,
				row: r.row,
				column: Math.min(r.cells.length, header.length) + 1,
				message: `this row has ${r.cells.length} cells; the header has ${header.length}`
			};
		}
	}
	return { ok: true, header, records: body };
}

const BOOLEAN_FIELDS = new Set(['dementia']);
const INTEGER_FIELDS = new Set(['pathway']);

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
