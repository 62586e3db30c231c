// The demo's history of KPI returns and spend: two years of monthly figures for every KPI fed by returns, at each
// organisation a scheme claims it for, and each funded scheme's spend, stored approved and marked simulated (every
// page and report that shows one says so). Made once per month: a later start adds only the months ended since.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { addMonths, lastCompleteMonth } from '../reports/periods.ts';
import { documentTarget } from '../reports/documentTarget.ts';
import { counted } from '../reports/spend.ts';
import { measuredBy } from '../returns/coverage.ts';
import { SPEND } from '../returns/validate.ts';
import { Random } from './random.ts';

const MONTHS = 24;
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

interface Series {
	kpi: string;
	org: string;
	scheme: string;
	/** the figure in month i of MONTHS, oldest first */
	value(i: number): number;
}

function kpiSeries(
	kpi: { id: string; unit: string | null; direction: string | null; target: string | null },
	org: string,
	random: Random
): Series {
	const unit = kpi.unit ?? '';
	const target = documentTarget(kpi.target, null).value;
	const better = kpi.direction === 'down' ? -1 : kpi.direction === 'up' ? 1 : 0;
	if (unit.includes('%') && unit.includes('change')) {
		const start = random.between(-2, 3);
		return {
			kpi: kpi.id,
			org,
			scheme: '',
			value: (i) => round(start + better * i * 0.3 + random.between(-1.5, 1.5), 1)
		};
	}
	if (unit.includes('%')) {
		// around 70–95% of a target the documents give (noise and drift in proportion), else somewhere mid-range
		const start =
			target !== null && target <= 100 ? target * random.between(0.7, 0.92) : random.between(45, 80);
		return {
			kpi: kpi.id,
			org,
			scheme: '',
			value: (i) =>
				round(Math.min(100, Math.max(0, start * (1 + better * i * 0.008 + random.between(-0.05, 0.05)))), 1)
		};
	}
	const base = target !== null ? target * random.between(0.75, 0.95) : Math.round(random.between(10, 150));
	const decimals = unit.includes('day') || unit.includes('time') || base < 10 ? 1 : 0;
	return {
		kpi: kpi.id,
		org,
		scheme: '',
		value: (i) => Math.max(0, round(base * (1 + better * i * 0.01) * random.between(0.9, 1.1), decimals))
	};
}

export async function seedSimulatedReturns(db: Kysely<Database>, now = new Date()): Promise<number> {
	const [claims, funding] = await Promise.all([
		db
			.selectFrom('kpi_scheme')
			.innerJoin('kpi', 'kpi.id', 'kpi_scheme.kpi')
			.innerJoin('scheme', 'scheme.id', 'kpi_scheme.scheme')
			.select(['kpi.id', 'kpi.unit', 'kpi.direction', 'kpi.target', 'scheme.org'])
			.execute(),
		db
			.selectFrom('scheme_funding')
			.innerJoin('scheme', 'scheme.id', 'scheme_funding.scheme')
			.select(['scheme.id as scheme', 'scheme.org', 'year', 'amount_gbp_thousands', 'source_text'])
			.execute()
	]);
	const series = new Map<string, Series>();
	for (const c of claims) {
		if (!c.org || measuredBy(c.id) !== 'returns' || series.has(`${c.id}|${c.org}`)) continue;
		// the same KPI at the same organisation replays the same figures, whichever scheme is read first
		series.set(`${c.id}|${c.org}`, kpiSeries(c, c.org, new Random(hash(`${c.id}|${c.org}`))));
	}
	// spend: the latest dated year's lines for each funded scheme, a twelfth a month, give or take
	const annual = new Map<string, { org: string; year: string; amount: number }>();
	for (const f of funding) {
		if (!f.org || !counted(f) || !/^\d{4}\/\d{2}$/.test(f.year ?? '')) continue;
		const seen = annual.get(f.scheme);
		if (seen && seen.year > f.year!) continue;
		const amount = Number(f.amount_gbp_thousands);
		annual.set(f.scheme, {
			org: f.org,
			year: f.year!,
			amount: seen?.year === f.year ? seen.amount + amount : amount
		});
	}
	for (const [scheme, a] of annual) {
		const random = new Random(hash(`spend|${scheme}`));
		const rate = random.between(0.9, 1.12);
		series.set(`${SPEND}|${scheme}`, {
			kpi: SPEND,
			org: a.org,
			scheme,
			value: () => round((a.amount / 12) * rate * random.between(0.92, 1.08), 1)
		});
	}

	const last = lastCompleteMonth(now);
	const months = Array.from({ length: MONTHS }, (_, i) => addMonths(last, i + 1 - MONTHS).label);
	const existing = new Set(
		(
			await db
				.selectFrom('kpi_return')
				.select(['kpi', 'org', 'scheme', 'period'])
				.where('period', 'in', months)
				.execute()
		).map((r) => `${r.kpi}|${r.org}|${r.scheme}|${r.period}`)
	);
	const rows = [...series.values()].flatMap((s) =>
		months.flatMap((period, i) => {
			const value = s.value(i);
			if (existing.has(`${s.kpi}|${s.org}|${s.scheme}|${period}`)) return [];
			return [
				{
					kpi: s.kpi,
					org: s.org,
					scheme: s.scheme,
					period,
					version: 1,
					value,
					state: 'approved' as const,
					source: 'simulator',
					simulated: true,
					entered_by: 'simulator',
					decided_by: 'simulator',
					decided_at: now,
					decision_note: 'Simulated for the demo'
				}
			];
		})
	);
	for (let i = 0; i < rows.length; i += 500)
		await db
			.insertInto('kpi_return')
			.values(rows.slice(i, i + 500))
			.execute();
	return rows.length;
}

/** A stable 32-bit seed from a name. */
function hash(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return h >>> 0;
}
