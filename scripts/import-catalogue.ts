// Copies the facts FlowDeck needs from the shared source catalogue into db/reference/catalogue.json,
// so the product never reads ../shared at run time. Run again when the shared catalogue changes.
import { readFileSync, writeFileSync } from 'node:fs';

const from = process.argv[2] ?? '../shared/reference/bcf-catalogue.json';
const source = JSON.parse(readFileSync(from, 'utf8'));

const pick = <T extends Record<string, unknown>>(o: T, keys: string[]) =>
	Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

const catalogue = {
	about: `Extracted from ${source.meta.title}. Every item keeps its source line reference.`,
	sources: source.meta.sources,
	schemes: source.schemes.map((s: Record<string, unknown>) =>
		pick(s, [
			'id',
			'ref',
			'name',
			'scheme_type',
			'area',
			'hwb',
			'ccg',
			'parent_scheme',
			'objective',
			'cohort',
			'commissioners',
			'providers',
			'funding',
			'expenditure_lines',
			'kpis',
			'milestones',
			'risks',
			'reporting',
			'source',
			'notes'
		])
	),
	kpis: source.kpis.map((k: Record<string, unknown>) =>
		pick(k, [
			'id',
			'theme',
			'name',
			'kind',
			'unit',
			'direction',
			'baseline',
			'target',
			'target_date',
			'schemes',
			'source',
			'notes'
		])
	),
	reporting: source.reporting,
	// the ICS paper's risk pyramid, which the opportunity calculator starts from (src/lib/opportunity.ts)
	tables: source.tables.filter((t: { id: string }) => t.id === 'TAB-RISK-PYRAMID')
};
writeFileSync('db/reference/catalogue.json', JSON.stringify(catalogue, null, 1) + '\n');
console.log(
	`db/reference/catalogue.json: ${catalogue.schemes.length} schemes, ${catalogue.kpis.length} KPIs`
);
