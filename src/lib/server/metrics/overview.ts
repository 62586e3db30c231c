// The overview's rows: organisations that are one and the same for the figures (an area with one CCG with one trust
// with one site) fold into one row, and each row carries what judging it needs: its figures, its targets.
import type { Org } from '../../types.ts';

export interface OverviewGroup {
	/** the organisation whose figures the row shows and whose room it watches: the deepest of the chain */
	code: string;
	/** the chain from the top down; one organisation where nothing folds */
	members: Org[];
}

/**
 * Folds each organisation with exactly one child (wards aside) into that child: they hold the same spells, so the
 * same figures. The groups come in the order of `orgs` (tree order), each where its top member stood.
 */
export function foldChains(orgs: Org[]): OverviewGroup[] {
	const visible = new Set(orgs.map((o) => o.code));
	const children = new Map<string, Org[]>();
	for (const o of orgs)
		if (o.kind !== 'ward' && o.parent && visible.has(o.parent))
			children.set(o.parent, [...(children.get(o.parent) ?? []), o]);
	const onlyChild = (o: Org) => {
		const c = children.get(o.code);
		return c?.length === 1 ? c[0] : null;
	};
	const folded = new Set<string>();
	const groups: OverviewGroup[] = [];
	for (const o of orgs) {
		if (folded.has(o.code)) continue;
		const members = [o];
		if (o.kind !== 'ward')
			for (let next = onlyChild(o); next; next = onlyChild(next)) {
				members.push(next);
				folded.add(next.code);
			}
		groups.push({ code: members.at(-1)!.code, members });
	}
	return groups;
}
