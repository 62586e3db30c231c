// Calibration of the simulated sites. Volumes are the medical and elderly-care flow each site's discharge team
// works with, chosen so the figures the documents give come out right at steady state:
// - Medway & Swale IDT: "facilitating 15 discharges per day ... a 7 day service" (Kent BCF plan, DIS-01), so Medway's
//   modelled admissions run at about 15 a day;
// - IUCC sites (Ashford, Canterbury): the target of 3 admissions avoided per day per site (ADM-03) and 10 discharges by
//   10:00 (DIS-10) are targets, not achievements: the model runs below them, as the plans say the sites did;
// - Oak Group audit of North Kent (late 2013): a discharge plan in 37% of records, an EDD in 13% (DIS-06, DIS-02);
// - IDT hours 8-8 on weekdays and 8-4 at weekends (DIS-01 notes).
export interface SiteProfile {
	site: string;
	/** the ward emergency admissions arrive on first, if the site has an assessment unit */
	assessmentUnit: string | null;
	wards: string[];
	admissionsPerDay: number;
	/** IDT reviews in A&E per day; 0 where the site has no A&E */
	aeReviewsPerDay: number;
	/** share of IDT reviews that avoid an admission */
	avoidedShare: number;
}

const acute = (
	site: string,
	admissionsPerDay: number,
	aeReviewsPerDay: number,
	avoidedShare = 0.4
): SiteProfile => ({
	site,
	assessmentUnit: `${site}.amu`,
	wards: ['coe-a', 'coe-b', 'resp', 'stroke', 'ortho'].map((w) => `${site}.${w}`),
	admissionsPerDay,
	aeReviewsPerDay,
	avoidedShare
});

export const SITE_PROFILES: SiteProfile[] = [
	acute('medway-maritime', 15.5, 6),
	acute('darent-valley', 11, 5),
	acute('qeqm', 10, 5),
	acute('william-harvey', 12, 6, 0.42),
	acute('kent-canterbury', 8, 5, 0.42),
	acute('leicester-royal', 18, 8),
	acute('leicester-general', 8, 0),
	acute('glenfield', 9, 0),
	{
		site: 'rutland-memorial',
		assessmentUnit: null,
		wards: ['rutland-memorial.inpatient'],
		admissionsPerDay: 0.9,
		aeReviewsPerDay: 0,
		avoidedShare: 0
	}
];
