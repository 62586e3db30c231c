// S19: raw SQL only through Kysely's `sql` template with bound values. Nothing may splice text into a query.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? files(join(dir, e.name))
			: /\.(ts|svelte|js)$/.test(e.name) && !e.name.endsWith('.spec.ts')
				? [join(dir, e.name)]
				: []
	);
}

describe('raw SQL', () => {
	it('is never built from strings: no sql.raw, sql.lit, sql.id, sql.ref, sql.table or sql.join anywhere', () => {
		const offenders = ['src', 'scripts', 'db']
			.flatMap(files)
			.filter((f) => /\bsql\.(raw|lit|id|ref|table|join)\s*\(/.test(readFileSync(f, 'utf8')));
		expect(offenders).toEqual([]);
	});
});
