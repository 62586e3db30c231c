// Types shared by the server and the browser.

export const ORG_KINDS = ['system', 'hwb_area', 'ccg', 'trust', 'site', 'ward', 'practice'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** how deep each kind sits in the tree, for indenting lists of organisations: a practice sits under its CCG */
export const ORG_DEPTH: Record<OrgKind, number> = {
	system: 0,
	hwb_area: 1,
	ccg: 2,
	trust: 3,
	practice: 3,
	site: 4,
	ward: 5
};

export const ORG_KIND_LABEL: Record<OrgKind, string> = {
	system: 'System',
	hwb_area: 'HWB area',
	ccg: 'CCG',
	trust: 'Trust',
	site: 'Site',
	ward: 'Ward',
	practice: 'GP practice'
};

export interface Org {
	code: string;
	name: string;
	kind: OrgKind;
	parent: string | null;
}

/** A metric value is null where it is undefined, e.g. a percentage of an empty medically stable list. */
export type MetricValues = Record<string, number | null>;

export interface MetricSnapshot {
	org: string;
	asOf: string;
	seq: number;
	metrics: MetricValues;
}

export const BUCKETS = ['hour', 'day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface SeriesPoint {
	/** start of the bucket */
	t: string;
	/** null where the bucket holds no data (before the organisation's first event), which is not 0 */
	value: number | null;
	/** the data covers only part of the bucket (it is still running, or the data starts within it): not a whole period */
	partial?: true;
}
