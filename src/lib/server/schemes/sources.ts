// The plan a scheme was read from, named as people know it ("Kent BCF plan: …"), not by the file and line numbers
// the reference catalogue keeps for provenance.
import catalogue from '../../../../db/reference/catalogue.json' with { type: 'json' };

const TITLES: Record<string, string> = catalogue.sources;

/** "003_….txt L989" → "Kent BCF plan: HWB expenditure table + Annex 1 scheme descriptions …" */
export function planTitle(source: string | null): string | null {
	const file = source?.split(' ')[0];
	const title = file ? TITLES[file] : undefined;
	return title ? title.replace(/ \(\d+ lines\)$/, '') : null;
}

export const SCHEME_TYPE: Record<string, string> = {
	bcf_scheme: 'Better Care Fund scheme',
	hwb_expenditure_line: 'Health and Wellbeing Board expenditure line',
	hwb_expenditure_total: 'Health and Wellbeing Board expenditure total'
};
