import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../ingest/csv.ts';
import { csvCell } from './medicallyStable.ts';

describe('csvCell', () => {
	it.each([
		['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
		['+1', "'+1"],
		['-2', "'-2"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\tx', "'\tx"],
		['plain', 'plain'],
		['a,b', '"a,b"'],
		[null, '']
	])('writes %j as %j', (value, cell) => expect(csvCell(value)).toBe(cell));

	it('never lets a cell start with a formula trigger, and reads back through our parser', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				const cell = csvCell(s);
				const parsed = parseCsv(new TextEncoder().encode(`id,type,occurredAt,site\n${cell},a,b,c\n`));
				expect(parsed.ok).toBe(true);
				if (!parsed.ok) return;
				const back = parsed.records[0].cells[0];
				expect(back).not.toMatch(/^[=+\-@\t\r]/);
				expect(back).toBe(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
			})
		);
	});
});
