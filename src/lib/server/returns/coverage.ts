// How each KPI of the reference catalogue is measured: computed from events by a catalogue metric, fed by returns,
// or not a figure at all (db/reference/measures.json says why). A KPI no metric computes and measures.json does
// not rule out is fed by returns.
import catalogue from '../../../../db/reference/catalogue.json' with { type: 'json' };
import measures from '../../../../db/reference/measures.json' with { type: 'json' };
import { METRICS } from '../../catalogue.ts';

const known = new Set([...catalogue.kpis, ...measures.addedKpis].map((k) => k.id));
const computed = new Set(METRICS.flatMap((m) => m.kpis));
const notMeasurable = new Map(Object.entries(measures.notMeasurable as Record<string, string>));

export type MeasuredBy = 'events' | 'returns' | 'none';

/** null for an id that is no KPI of the catalogue */
export function measuredBy(kpi: string): MeasuredBy | null {
	if (!known.has(kpi)) return null;
	if (computed.has(kpi)) return 'events';
	return notMeasurable.has(kpi) ? 'none' : 'returns';
}

/** Why a KPI cannot be a figure, for those that cannot. */
export const whyNotMeasurable = (kpi: string) => notMeasurable.get(kpi) ?? null;
