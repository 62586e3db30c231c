// The route inventory: every route in src/routes has a rule (a route without one is refused, so this catches a
// forgotten entry before a user does), no rule names a route that is gone, and only the ingest endpoints accept
// writes outside form actions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionName, ROUTE_RULES } from './routes.ts';

const ROOT = 'src/routes';

function routeFiles(dir = ROOT): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? routeFiles(join(dir, e.name))
			: /^\+(page|server)(\.server)?\.(ts|svelte)$/.test(e.name)
				? [join(dir, e.name)]
				: []
	);
}

const routeId = (file: string) =>
	`/${relative(ROOT, file).split('/').slice(0, -1).join('/')}`.replace(/\/$/, '') || '/';

describe('route inventory', () => {
	const files = routeFiles();
	const ids = new Set(files.map(routeId));

	it('has a rule for every route and no rule for a route that does not exist', () => {
		const listed = new Set(Object.keys(ROUTE_RULES));
		expect([...ids].filter((id) => !listed.has(id))).toEqual([]);
		expect([...listed].filter((id) => !ids.has(id))).toEqual([]);
	});

	it('changes state only through form actions (POST) and the ingest endpoints (events, returns)', () => {
		const writers = files
			.filter((f) => f.endsWith('+server.ts'))
			.filter((f) => /export const (POST|PUT|PATCH|DELETE)\b/.test(readFileSync(f, 'utf8')))
			.map(routeId);
		expect(writers).toEqual(['/api/v1/events', '/api/v1/returns']);
	});
});

describe('the form action a POST runs (issue 11, finding 3)', () => {
	const name = (query: string) => actionName(new URL(`http://x/reports/weekly${query}`));
	it('is found as SvelteKit finds it, wherever it stands in the query', () => {
		expect(name('?/issue&org=kent-medway')).toBe('issue');
		expect(name('?org=kent-medway&/issue')).toBe('issue');
		expect(name('?org=kent-medway&%2Fissue')).toBe('issue');
		expect(name('?org=kent-medway')).toBe('default');
	});
	it('refuses a query that names two actions', () => {
		expect(() => name('?/action&/issue')).toThrow();
		expect(() => name('?/action&org=x&/issue=1')).toThrow();
	});
});
