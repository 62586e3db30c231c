// One return row checked field by field, whichever way it came in (the scheme page's form, a CSV file, the API):
// the same problems in the same words, keyed by field, so a person or a system can correct exactly what is wrong.
import { parsePeriod, type Period } from '../reports/periods.ts';

/** Spend against a scheme's funding lines, in £ thousands, returned like a KPI. */
export const SPEND = 'SPEND';

export interface ReturnInput {
	kpi: string;
	org: string;
	/** the scheme a spend return is for; '' for a KPI's figure */
	scheme: string;
	period: string;
	value: number | null;
	numerator: number | null;
	denominator: number | null;
	reason: string | null;
}

export interface ReturnContext {
	/** KPI id → its unit, for the KPIs that can be returned */
	kpis: Map<string, string | null>;
	orgs: Set<string>;
	/** scheme id → its organisation, for spend returns */
	schemes: Map<string, string | null>;
	now: Date;
}

export type Problems = Partial<Record<keyof ReturnInput | 'row', string>>;

const MAX_FIGURE = 1e12;
const MAX_REASON = 1000;

/** A period label as a Period: YYYY-MM or YYYY-Qn. */
export function returnPeriod(label: string): Period | null {
	return /^\d{4}-Q[1-4]$/.test(label) ? parsePeriod('quarter', label) : parsePeriod('month', label);
}

function figure(raw: unknown): number | null | 'bad' {
	if (raw === null || raw === undefined || raw === '') return null;
	if (typeof raw === 'number') return Number.isFinite(raw) && Math.abs(raw) <= MAX_FIGURE ? raw : 'bad';
	if (typeof raw !== 'string') return 'bad';
	const text = raw.trim().replace(/,/g, '');
	if (!/^-?\d+(\.\d+)?$/.test(text)) return 'bad';
	const n = Number(text);
	return Math.abs(n) <= MAX_FIGURE ? n : 'bad';
}

const text = (raw: unknown) => (typeof raw === 'string' ? raw.trim() : raw == null ? '' : String(raw).trim());

/** Reads one row (a form, a CSV row or a JSON object) into a return, or says what is wrong with each field. */
export function validateReturn(
	raw: Record<string, unknown>,
	context: ReturnContext
): { input: ReturnInput } | { problems: Problems } {
	const problems: Problems = {};
	const kpi = text(raw.kpi).toUpperCase();
	const org = text(raw.org);
	const scheme = text(raw.scheme);
	const periodLabel = text(raw.period).toUpperCase();
	const reason = text(raw.reason) || null;

	if (!kpi) problems.kpi = 'kpi is required (a KPI id such as CP-05, or SPEND)';
	else if (kpi !== SPEND && !context.kpis.has(kpi))
		problems.kpi = `${kpi} is not a KPI fed by returns (computed KPIs come from events)`;

	if (kpi === SPEND) {
		if (!scheme) problems.scheme = 'a spend return names its scheme';
		else if (!context.schemes.has(scheme)) problems.scheme = `there is no scheme ${scheme}`;
	} else if (scheme) problems.scheme = 'only a spend return names a scheme; leave it empty';

	if (!org) problems.org = 'org is required (an organisation code)';
	else if (!context.orgs.has(org)) problems.org = `there is no organisation ${org}`;
	else if (kpi === SPEND && context.schemes.has(scheme) && context.schemes.get(scheme) !== org)
		problems.org = `scheme ${scheme}'s spend is returned for ${context.schemes.get(scheme)}`;

	const period = returnPeriod(periodLabel);
	if (!periodLabel) problems.period = 'period is required: a month (2026-10) or a quarter (2026-Q3)';
	else if (!period) problems.period = `${periodLabel} is not a month (2026-10) or a quarter (2026-Q3)`;
	else if (period.end > context.now)
		problems.period = `${periodLabel} has not ended: returns are for a whole month or quarter (it ends after ${period.last})`;

	const value = figure(raw.value);
	const numerator = figure(raw.numerator);
	const denominator = figure(raw.denominator);
	const unit = context.kpis.get(kpi) ?? '';
	if (value === 'bad') problems.value = 'value must be a number';
	if (numerator === 'bad') problems.numerator = 'numerator must be a number';
	if (denominator === 'bad') problems.denominator = 'denominator must be a number';
	if (value !== 'bad' && numerator !== 'bad' && denominator !== 'bad') {
		if (value === null && numerator === null && denominator === null)
			problems.value = 'give a value, or a numerator and a denominator';
		else if (value !== null && (numerator !== null || denominator !== null))
			problems.value = 'give a value or a numerator and denominator, not both';
		else if (value === null && (numerator === null || denominator === null))
			problems[numerator === null ? 'numerator' : 'denominator'] =
				'a numerator needs a denominator, and a denominator a numerator';
		else if (denominator !== null && denominator <= 0) problems.denominator = 'denominator must be above 0';
		else if (numerator !== null && numerator < 0) problems.numerator = 'numerator must not be negative';
		else if (numerator !== null && denominator !== null && numerator > denominator && unit.includes('%'))
			problems.numerator = 'for a percentage the numerator cannot exceed the denominator';
		else if (value !== null && unit.includes('%') && (value < 0 || value > 100) && !unit.includes('change'))
			problems.value = 'a percentage is between 0 and 100';
		else if (value !== null && value < 0 && kpi === SPEND) problems.value = 'spend must not be negative';
	}
	if (reason && reason.length > MAX_REASON)
		problems.reason = `the reason is at most ${MAX_REASON} characters`;

	if (Object.keys(problems).length) return { problems };
	return {
		input: {
			kpi,
			org,
			scheme: kpi === SPEND ? scheme : '',
			period: periodLabel,
			value: value as number | null,
			numerator: numerator as number | null,
			denominator: denominator as number | null,
			reason
		}
	};
}

/** A return's figure: its value, or its numerator as a percentage of its denominator. */
export function figureOf(r: { value: unknown; numerator: unknown; denominator: unknown }): number {
	if (r.value !== null && r.value !== undefined) return Number(r.value);
	return Math.round((1000 * Number(r.numerator)) / Number(r.denominator)) / 10;
}
