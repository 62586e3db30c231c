import { describe, expect, it } from 'vitest';
import type { Org } from '../../types.ts';
import { foldChains } from './overview.ts';

const org = (code: string, kind: Org['kind'], parent: string | null): Org => ({
	code,
	name: code,
	kind,
	parent
});

describe('the overview folds chains', () => {
	const orgs = [
		org('kent-medway', 'system', null),
		org('hwb-medway', 'hwb_area', 'kent-medway'),
		org('ccg-medway', 'ccg', 'hwb-medway'),
		org('mft', 'trust', 'ccg-medway'),
		org('medway-maritime', 'site', 'mft'),
		org('medway-maritime.amu', 'ward', 'medway-maritime'),
		org('medway-maritime.coe-a', 'ward', 'medway-maritime'),
		org('hwb-kent', 'hwb_area', 'kent-medway'),
		org('ekhuft', 'trust', 'hwb-kent'),
		org('william-harvey', 'site', 'ekhuft'),
		org('qeqm', 'site', 'ekhuft')
	];

	it('of one child each into one row showing the deepest, and leaves organisations with several apart', () => {
		const groups = foldChains(orgs);
		expect(groups.map((g) => [g.code, g.members.map((m) => m.code)])).toEqual([
			['kent-medway', ['kent-medway']],
			['medway-maritime', ['hwb-medway', 'ccg-medway', 'mft', 'medway-maritime']],
			['medway-maritime.amu', ['medway-maritime.amu']],
			['medway-maritime.coe-a', ['medway-maritime.coe-a']],
			// an area with one trust of two sites: the area and the trust are one, the sites apart
			['ekhuft', ['hwb-kent', 'ekhuft']],
			['william-harvey', ['william-harvey']],
			['qeqm', ['qeqm']]
		]);
	});

	it('folds only what the viewer sees: a site alone is its own row', () => {
		expect(foldChains(orgs.filter((o) => o.code === 'medway-maritime')).map((g) => g.code)).toEqual([
			'medway-maritime'
		]);
	});
});
