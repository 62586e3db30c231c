// Spell state: a spell's events replayed in event-time order, whatever order they arrived in. The result is the
// spell's current row plus the intervals and points the metrics count (see census_interval and flow_event).
import { dtocAttributionKey, dtocReasonKey } from '../../catalogue.ts';
import { londonDate, londonHour, londonMidnight, londonWeekend } from '../time.ts';

export interface SpellEvent {
	id: string;
	type: string;
	occurredAt: Date;
	body: Record<string, unknown>;
}

export interface Interval {
	org: string;
	metric: string;
	start: Date;
	end: Date | null;
}

export interface Point {
	org: string;
	metric: string;
	at: Date;
}

export interface SpellRow {
	patient: string | null;
	ward: string | null;
	admitted_at: Date | null;
	discharged_at: Date | null;
	method: string | null;
	age_band: string | null;
	dementia: boolean;
	msl_since: Date | null;
	edd: string | null;
	pathway: number | null;
	delay_reason: string | null;
	delay_attribution: string | null;
	delay_since: Date | null;
	destination: string | null;
}

export interface DerivedSpell {
	row: SpellRow;
	intervals: Interval[];
	points: Point[];
}

/**
 * The version of this derivation: raise it when deriveSpell keeps something new, and spells derived before are
 * derived again from their events at start (ingest/rederive.ts). 2: catalogue v2's points and the past-EDD census;
 * 3: the discharges whose lengths of stay are averaged.
 */
export const DERIVATION = 3;

export const LOS_BANDS = [7, 14, 15, 21, 30] as const;
const DAY_MS = 86_400_000;
const AGED_65 = new Set(['65-74', '75-84', '85+']);
const AGED_75 = new Set(['75-84', '85+']);
/** discharge destinations counted apart (catalogue v2) */
export const COUNTED_DESTINATIONS = ['usual_residence', 'care_home', 'intermediate_care'] as const;

/** Days between two calendar dates, YYYY-MM-DD. */
const daysApart = (a: string, b: string) =>
	Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY_MS;

// Same-instant events apply admission first and discharge last, so a spell never ends before it starts.
const TYPE_ORDER: Record<string, number> = { admission: 0, ward_transfer: 1, discharge: 9 };
const compareEvents = (a: SpellEvent, b: SpellEvent) =>
	a.occurredAt.getTime() - b.occurredAt.getTime() ||
	(TYPE_ORDER[a.type] ?? 5) - (TYPE_ORDER[b.type] ?? 5) ||
	(a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

type Span = [number, number]; // [start, end) in ms; end Infinity while open
interface DelaySpan {
	span: Span;
	reason: string;
	attribution: string;
}

const intersect = ([a, b]: Span, [c, d]: Span): Span | null => {
	const s = Math.max(a, c);
	const e = Math.min(b, d);
	return s < e ? [s, e] : null;
};

export function deriveSpell(site: string, events: SpellEvent[]): DerivedSpell {
	const row: SpellRow = {
		patient: null,
		ward: null,
		admitted_at: null,
		discharged_at: null,
		method: null,
		age_band: null,
		dementia: false,
		msl_since: null,
		edd: null,
		pathway: null,
		delay_reason: null,
		delay_attribution: null,
		delay_since: null,
		destination: null
	};
	const wardChanges: { at: number; ward: string }[] = [];
	const mslSpans: Span[] = [];
	const delays: DelaySpan[] = [];
	const points: { metric: string; at: number }[] = [];
	let planAt = Infinity;
	let firstEddAt = Infinity;
	/** each expected discharge date as set, in event time: past it from the London midnight after it */
	const edds: { at: number; edd: string }[] = [];
	let mslStart: number | null = null;
	let delay: { start: number; reason: string; attribution: string } | null = null;

	for (const e of [...events].sort(compareEvents)) {
		const t = e.occurredAt.getTime();
		const b = e.body;
		switch (e.type) {
			case 'admission':
				if (row.admitted_at) break;
				row.admitted_at = e.occurredAt;
				row.patient = b.patient as string;
				row.method = b.method as string;
				row.age_band = (b.ageBand as string) ?? null;
				row.dementia = b.dementia === true;
				if (b.ward) wardChanges.push({ at: t, ward: b.ward as string });
				points.push({ metric: 'admissions', at: t });
				points.push({ metric: `admissions_${row.method}`, at: t });
				if (row.method === 'emergency' && AGED_65.has(row.age_band ?? ''))
					points.push({ metric: 'admissions_emergency_65plus', at: t });
				if (row.method === 'emergency' && AGED_75.has(row.age_band ?? ''))
					points.push({ metric: 'admissions_emergency_75plus', at: t });
				// contract v2: an unplanned admission from a care home (CH-01, CH-02)
				if (row.method === 'emergency' && b.from === 'care_home')
					points.push({ metric: 'admissions_emergency_care_home', at: t });
				break;
			case 'ward_transfer':
				wardChanges.push({ at: t, ward: b.ward as string });
				break;
			case 'medically_stable':
				mslStart ??= t;
				break;
			case 'medically_stable_revoked':
				if (mslStart !== null) mslSpans.push([mslStart, t]);
				mslStart = null;
				break;
			case 'expected_discharge_date':
				row.edd = b.edd as string;
				firstEddAt = Math.min(firstEddAt, t);
				edds.push({ at: t, edd: b.edd as string });
				break;
			case 'discharge_plan':
				row.pathway = b.pathway as number;
				planAt = Math.min(planAt, t);
				break;
			case 'delay_started':
				if (delay)
					delays.push({ span: [delay.start, t], reason: delay.reason, attribution: delay.attribution });
				delay = { start: t, reason: b.reason as string, attribution: b.attribution as string };
				break;
			case 'delay_ended':
				if (delay)
					delays.push({ span: [delay.start, t], reason: delay.reason, attribution: delay.attribution });
				delay = null;
				break;
			case 'discharge':
				if (row.discharged_at) break;
				row.discharged_at = e.occurredAt;
				row.destination = b.destination as string;
				points.push({ metric: 'discharges', at: t });
				if (londonHour(e.occurredAt) < 10) points.push({ metric: 'discharges_before_10', at: t });
				if (londonWeekend(e.occurredAt)) points.push({ metric: 'discharges_weekend', at: t });
				if ((COUNTED_DESTINATIONS as readonly string[]).includes(row.destination))
					points.push({ metric: `discharges_to_${row.destination}`, at: t });
				// lengths of stay averaged over discharges (LOS-03, LOS-05); no admission, no length of stay
				if (row.admitted_at && t - row.admitted_at.getTime() < 28 * DAY_MS)
					points.push({ metric: 'discharges_los_under_28', at: t });
				if (row.admitted_at && row.method === 'emergency' && AGED_65.has(row.age_band ?? ''))
					points.push({ metric: 'discharges_emergency_65plus', at: t });
				// the date expected when they left: on it, or within a day of it (DIS-03)
				if (row.edd && daysApart(londonDate(e.occurredAt), row.edd) <= 1)
					points.push({ metric: 'discharges_on_edd', at: t });
				break;
		}
	}
	if (mslStart !== null) mslSpans.push([mslStart, Infinity]);
	if (delay)
		delays.push({ span: [delay.start, Infinity], reason: delay.reason, attribution: delay.attribution });

	const admitted = row.admitted_at?.getTime() ?? null;
	const discharged = row.discharged_at?.getTime() ?? Infinity;
	// an EDD set within 24 hours of admission counts at the admission (DIS-02), whichever arrived first
	if (admitted !== null && firstEddAt <= admitted + DAY_MS)
		points.push({ metric: 'admissions_edd_24h', at: admitted });
	const open = !row.discharged_at;
	row.ward = wardChanges.length ? wardChanges[wardChanges.length - 1].ward : null;
	if (open && mslStart !== null) row.msl_since = new Date(mslStart);
	if (open && delay) {
		row.delay_reason = delay.reason;
		row.delay_attribution = delay.attribution;
		row.delay_since = new Date(delay.start);
	}

	const orgAt = (t: number) => {
		let org = site;
		for (const c of wardChanges) if (c.at <= t) org = c.ward;
		return org;
	};
	const intervals: Interval[] = [];
	const add = (metric: string, span: Span | null) => {
		if (!span) return;
		// split at ward transfers so each piece counts for the ward the patient was on
		const cuts = wardChanges.map((c) => c.at).filter((at) => at > span[0] && at < span[1]);
		const bounds = [span[0], ...cuts, span[1]];
		for (let i = 0; i + 1 < bounds.length; i++) {
			intervals.push({
				org: orgAt(bounds[i]),
				metric,
				start: new Date(bounds[i]),
				end: bounds[i + 1] === Infinity ? null : new Date(bounds[i + 1])
			});
		}
	};

	if (admitted !== null) {
		const stay: Span = [admitted, discharged];
		add('inpatients', stay);
		for (const n of LOS_BANDS) add(`los_over_${n}`, intersect(stay, [admitted + n * DAY_MS, Infinity]));
		for (const m of mslSpans) {
			const msl = intersect(stay, m);
			if (!msl) continue;
			add('msl', msl);
			add('msl_with_plan', intersect(msl, [planAt, Infinity]));
			if (row.dementia) add('msl_dementia', msl);
			add('msl_los_over_15', intersect(msl, [admitted + 15 * DAY_MS, Infinity]));
		}
		// past the expected discharge date: from the London midnight after it, until another date is set or they leave
		edds.forEach((e, i) => {
			const [y, m, d] = e.edd.split('-').map(Number);
			const set: Span = [e.at, edds[i + 1]?.at ?? Infinity];
			const span = intersect(stay, set);
			add('past_edd', span && intersect(span, [londonMidnight(y, m, d + 1).getTime(), Infinity]));
		});
		for (const d of delays) {
			const span = intersect(stay, d.span);
			add('dtoc', span);
			add(dtocAttributionKey(d.attribution), span);
			add(dtocReasonKey(d.reason), span);
		}
	}

	return {
		row,
		intervals,
		points: points.map((p) => ({ org: orgAt(p.at), metric: p.metric, at: new Date(p.at) }))
	};
}
