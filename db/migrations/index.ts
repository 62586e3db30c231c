// Every migration, in order. A static list rather than a folder read, so it survives bundling.
import type { Migration } from 'kysely/migration';
import * as base from './2026-11-23-01-base.ts';
import * as timescale from './2026-11-23-02-timescale.ts';
import * as schemePlans from './2026-11-23-03-scheme-plans.ts';
import * as signIn from './2026-11-23-04-sign-in.ts';
import * as meetings from './2026-11-23-05-meetings.ts';
import * as rejectedRedacted from './2026-12-01-06-rejected-events-redacted.ts';
import * as censusByOrganisation from './2026-12-01-07-census-by-organisation.ts';
import * as eventBySite from './2026-12-01-08-event-by-site.ts';
import * as censusByMetric from './2026-12-01-09-census-by-metric.ts';
import * as kpiReturns from './2026-12-01-10-kpi-returns.ts';
import * as spellDerivation from './2026-12-07-11-spell-derivation.ts';
import * as idtReviews from './2026-12-07-12-idt-reviews.ts';
import * as attendancePatient from './2026-12-07-13-attendance-patient.ts';
import * as gpSession from './2026-12-07-14-gp-session.ts';
import * as alarms from './2026-12-07-15-alarms.ts';
import * as nationalScale from './2026-12-07-16-national-scale.ts';
import * as community from './2026-12-08-17-community.ts';

export const migrations: Record<string, Migration> = {
	'2026-11-23-01-base': base,
	'2026-11-23-02-timescale': timescale,
	'2026-11-23-03-scheme-plans': schemePlans,
	'2026-11-23-04-sign-in': signIn,
	'2026-11-23-05-meetings': meetings,
	'2026-12-01-06-rejected-events-redacted': rejectedRedacted,
	'2026-12-01-07-census-by-organisation': censusByOrganisation,
	'2026-12-01-08-event-by-site': eventBySite,
	'2026-12-01-09-census-by-metric': censusByMetric,
	'2026-12-01-10-kpi-returns': kpiReturns,
	'2026-12-07-11-spell-derivation': spellDerivation,
	'2026-12-07-12-idt-reviews': idtReviews,
	'2026-12-07-13-attendance-patient': attendancePatient,
	'2026-12-07-14-gp-session': gpSession,
	'2026-12-07-15-alarms': alarms,
	'2026-12-07-16-national-scale': nationalScale,
	'2026-12-08-17-community': community
};
