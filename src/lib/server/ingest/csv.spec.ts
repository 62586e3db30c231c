import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, recordsToEvents } from './csv.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = 'id,type,occurredAt,site,spell,pathway,dementia';

describe('parseCsv', () => {
	it('reads quoted cells, doubled quotes, CRLF, LF and CR, and a BOM', () => {
		const p = parseCsv(
			bytes(
				`\uFEFF${HEADER}\r\na,discharge_plan,2026-11-20T10:00:00Z,s,"x,""y""",2,\nb,admission,2026-11-20T10:00:00Z,s,"multi\nline",,TRUE\rc,delay_ended,t,s,z,,`
			)
		);
		expect(p.ok).toBe(true);
		if (!p.ok) return;
		expect(p.records.map((r) => r.row)).toEqual([2, 3, 5]);
		const events = recordsToEvents(p.header, p.records);
		expect(events[0]).toEqual({
			id: 'a',
			type: 'discharge_plan',
			occurredAt: '2026-11-20T10:00:00Z',
			site: 's',
			spell: 'x,"y"',
			pathway: 2
		});
		expect(events[1].spell).toBe('multi\nline');
		expect(events[1].dementia).toBe(true);
	});

	it('types contract v3’s whole numbers, so a community CSV passes the same checks as JSON', () => {
		const p = parseCsv(
			bytes(
				'id,type,occurredAt,site,patient,score,beds,listSize,careHome\n' +
					'a,outcome_score,2026-11-20T10:00:00Z,rutland-omp,pt-a,52,,,\n' +
					'b,ic_beds,2026-11-20T10:00:00Z,rutland-ics,,,8,,\n' +
					'c,practice_list,2026-11-20T10:00:00Z,rutland-omp,,,,11200,\n' +
					'd,care_home_entered,2026-11-20T10:00:00Z,rutland-omp,pt-d,,30,,ch-a\n'
			)
		);
		expect(p.ok).toBe(true);
		if (!p.ok) return;
		const events = recordsToEvents(p.header, p.records);
		expect(events.map((e) => [e.score, e.beds, e.listSize])).toEqual([
			[52, undefined, undefined],
			[undefined, 8, undefined],
			[undefined, undefined, 11200],
			[undefined, 30, undefined]
		]);
	});

	it.each([
		['an unclosed quote', `${HEADER}\na,b,"c,d,e,f,g\n`, 2, 5, 'never closed'],
		['a ragged row', `${HEADER}\na,b,c\n`, 2, 4, 'has 3 cells'],
		['semicolons', 'id;type;occurredAt;site\n', 1, 1, 'separated by commas'],
		['a NUL byte', `${HEADER}\na,b,c\u0000,d,e,f,g\n`, 2, 6, 'NUL'],
		['a quote mid-cell', `${HEADER}\na,b"c,d,e,f,g,h\n`, 2, 4, 'quote inside'],
		['an empty file', '', 1, 1, 'empty']
	])('refuses %s with its row and column (B1)', (_name, text, row, column, message) => {
		const p = parseCsv(bytes(text));
		expect(p).toMatchObject({ ok: false, row, column });
		if (!p.ok) expect(p.message).toContain(message);
	});

	it('refuses invalid UTF-8 and UTF-16 (B1)', () => {
		const invalid = new Uint8Array([...bytes(`${HEADER}\na,`), 0xc3, 0x28, ...bytes(',c,d,e,f,g\n')]);
		expect(parseCsv(invalid)).toMatchObject({ ok: false, row: 2, message: 'the file is not valid UTF-8' });
		expect(parseCsv(new Uint8Array([0xff, 0xfe, 0x69, 0x00]))).toMatchObject({
			ok: false,
			message: expect.stringContaining('UTF-16')
		});
	});

	const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '=', 'é') });
	it('reads back what a writer wrote (property)', () => {
		const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
		fc.assert(
			fc.property(
				fc.array(fc.tuple(cell, cell, cell, cell), { minLength: 1, maxLength: 20 }),
				fc.constantFrom('\n', '\r\n'),
				(rows, eol) => {
					const text =
						['id,type,occurredAt,site', ...rows.map((r) => r.map(quote).join(','))].join(eol) + eol;
					const p = parseCsv(bytes(text));
					expect(p.ok).toBe(true);
					if (p.ok) expect(p.records.map((r) => r.cells)).toEqual(rows);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('never throws on arbitrary bytes (fuzz, B1)', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 200 }), (raw, text) => {
				parseCsv(raw);
				parseCsv(bytes(`${HEADER}\n${text}`));
			}),
			{ numRuns: 3000 }
		);
	});
});
