import { paperPyramid } from '$lib/server/community/pyramid';
import { PAPER_AVERAGE_PER_1000, type OpportunityInput } from '$lib/opportunity';
import type { PageServerLoad } from './$types';

/** A field left out takes the paper's value; one given is read as it is, so a mistyped one is named, not replaced. */
function numberParam(url: URL, name: string, fallback: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw.trim() === '') return fallback;
	return Number(raw.replace(/,/g, ''));
}

export const load: PageServerLoad = async ({ url }) => {
	const pyramid = paperPyramid();
	const input: OpportunityInput = {
		population: numberParam(url, 'population', 100_000),
		ratePer1000: numberParam(url, 'rate', PAPER_AVERAGE_PER_1000),
		targetPct: numberParam(url, 'target', 10),
		tiers: pyramid.tiers.map((t, i) => ({
			...t,
			populationPct: numberParam(url, `pop${i}`, t.populationPct),
			admissionsPct: numberParam(url, `adm${i}`, t.admissionsPct)
		})),
		planPct: pyramid.tiers.map((_, i) => numberParam(url, `plan${i}`, 0))
	};
	return { pyramid, input };
};
