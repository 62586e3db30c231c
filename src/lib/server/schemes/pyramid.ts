// The ICS components paper's risk pyramid as the opportunity calculator starts from it, read from the reference
// catalogue (db/reference/catalogue.json, table TAB-RISK-PYRAMID) so its figures are typed once, with their source.
import catalogue from '../../../../db/reference/catalogue.json' with { type: 'json' };
import type { RiskTier } from '../../opportunity.ts';

export interface Pyramid {
	tiers: RiskTier[];
	title: string;
	source: string;
}

export function paperPyramid(): Pyramid {
	const table = catalogue.tables.find((t) => t.id === 'TAB-RISK-PYRAMID');
	if (!table)
		throw new Error('db/reference/catalogue.json has no TAB-RISK-PYRAMID: run scripts/import-catalogue.ts');
	const col = (name: string) => table.columns.indexOf(name);
	return {
		title: table.title,
		source: table.source,
		tiers: table.rows.map((row) => ({
			level: String(row[col('level')]),
			populationPct: Number(row[col('population_share_pct')]),
			admissionsPct: Number(row[col('share_of_total_emergency_admissions_pct')]),
			intervention: String(row[col('intervention')]),
			per1000: Number(row[col('emergency_admissions_per_1000')])
		}))
	};
}
