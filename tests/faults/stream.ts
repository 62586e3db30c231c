// A known stream of valid events, the same on every run: spells across the acute sites (admission, transfers,
// medically stable, a delay, discharge for most), and IDT assessments in A&E. Events of a spell are shuffled in with
// everything else, since the contract takes them in any order and the figures must come out the same.
import { DELAY_REASONS, ATTRIBUTIONS } from '../../src/lib/catalogue.ts';
import { Random } from '../../src/lib/server/simulator/random.ts';
import type { RawEvent } from '../oracle.ts';

const SITES = ['medway-maritime', 'darent-valley', 'qeqm', 'william-harvey', 'leicester-royal', 'glenfield'];
const WARDS = ['amu', 'coe-a', 'coe-b', 'resp', 'stroke', 'ortho'];
const REASONS = Object.keys(DELAY_REASONS);
const HOUR = 3_600_000;

/** `spells` spells (about 4.5 events each) plus one A&E assessment for every four spells, ids led by `prefix`. */
export function makeStream(prefix: string, spells: number, seed: number, now = Date.now()): RawEvent[] {
	const random = new Random(seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random.next() * list.length)];
	const events: RawEvent[] = [];
	let n = 0;
	const add = (e: Omit<RawEvent, 'id' | 'occurredAt'>, at: number) =>
		events.push({ id: `${prefix}-${++n}`, occurredAt: new Date(at).toISOString(), ...e } as RawEvent);
	const latest = now - 10 * 60_000;
	for (let i = 0; i < spells; i++) {
		const site = pick(SITES);
		const spell = `${prefix}s${i}`;
		const admitted = latest - random.between(1, 40 * 24) * HOUR;
		const span = latest - admitted;
		const at = (share: number) => Math.floor(admitted + span * share);
		add(
			{
				type: 'admission',
				site,
				spell,
				patient: `${prefix}p${i % (spells - 7 || 1)}`,
				method: random.chance(0.8) ? 'emergency' : 'elective',
				ward: `${site}.${pick(WARDS)}`,
				dementia: random.chance(0.2)
			},
			admitted
		);
		if (random.chance(0.3))
			add({ type: 'ward_transfer', site, spell, ward: `${site}.${pick(WARDS)}` }, at(0.1));
		const discharged = random.chance(0.6);
		if (random.chance(0.6)) {
			add({ type: 'medically_stable', site, spell }, at(0.3));
			if (random.chance(0.5))
				add({ type: 'discharge_plan', site, spell, pathway: Math.floor(random.next() * 4) }, at(0.35));
			if (random.chance(0.5)) {
				add(
					{ type: 'delay_started', site, spell, reason: pick(REASONS), attribution: pick(ATTRIBUTIONS) },
					at(0.4)
				);
				if (random.chance(0.5)) add({ type: 'delay_ended', site, spell }, at(0.6));
			}
		}
		if (discharged)
			add(
				{ type: 'discharge', site, spell, destination: random.chance(0.7) ? 'usual_residence' : 'care_home' },
				at(0.9)
			);
		if (i % 4 === 0)
			add(
				{
					type: 'ae_assessment',
					site,
					attendance: `${prefix}a${i}`,
					seenBy: 'idt',
					outcome: random.chance(0.4) ? 'avoided' : 'admitted'
				},
				at(0.5)
			);
	}
	for (let i = events.length - 1; i > 0; i--) {
		const j = Math.floor(random.next() * (i + 1));
		[events[i], events[j]] = [events[j], events[i]];
	}
	return events;
}

const CSV_FIELDS = [
	'id',
	'type',
	'occurredAt',
	'site',
	'spell',
	'patient',
	'method',
	'ward',
	'dementia',
	'pathway',
	'reason',
	'attribution',
	'destination',
	'attendance',
	'seenBy',
	'outcome'
];

/** The same events as a CSV upload: one header row, the contract's field names. */
export function toCsv(events: RawEvent[]): string {
	const rows = events.map((e) => CSV_FIELDS.map((f) => (e[f] === undefined ? '' : String(e[f]))).join(','));
	return [CSV_FIELDS.join(','), ...rows].join('\n') + '\n';
}
