import { describe, expect, it } from 'vitest';
import { safeNext } from './http.ts';

describe('where to go after signing in', () => {
	it('keeps a path on this site', () => {
		expect(safeNext('/org/medway-maritime?los=21#msl')).toBe('/org/medway-maritime?los=21#msl');
		expect(safeNext('/')).toBe('/');
	});
	it('never leaves the site, however the path is disguised (issue 11, finding 9)', () => {
		for (const next of [
			'//evil.example',
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r//evil.example',
			'https://evil.example',
			'evil',
			'',
			null,
			undefined,
			'/%09/evil.example'
		])
			expect(new URL(safeNext(next), 'https://flowdeck.nhs.uk').host, String(next)).toBe('flowdeck.nhs.uk');
	});
});
