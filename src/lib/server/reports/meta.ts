// What every copy of an issued report says about itself: title, for whom, period, as-of, version, who issued it.
import type { ExceptionReport, HighlightReport, ProgrammeReport } from './highlight.ts';
import type { IssuedReport } from './issue.ts';
import type { PdfMeta } from './pdf.ts';
import type { WeeklyPack } from './weekly.ts';

export type ReportContent = WeeklyPack | HighlightReport | ProgrammeReport | ExceptionReport;

export function scopeName(content: ReportContent): string {
	if (content.kind === 'weekly') return content.scope.name;
	if (content.kind === 'monthly' && content.scheme)
		return [content.scheme.area, content.scheme.orgName].filter(Boolean).join(' · ') || content.scheme.name;
	return 'Better Care Fund programme';
}

export function metaOf(report: IssuedReport & { content: unknown }): PdfMeta {
	const content = report.content as ReportContent;
	return {
		title: report.title,
		scope: scopeName(content),
		period: content.period,
		asOf: report.asOf,
		version: report.version,
		issuedAt: report.issuedAt,
		issuedBy: report.issuedBy,
		revises: report.revises
	};
}

export const fileName = (report: IssuedReport, ext: string) =>
	`flowdeck-${report.kind}-${report.scope}-${report.period}-v${report.version}.${ext}`.replace(
		/[^A-Za-z0-9._-]/g,
		'-'
	);

/** A draft's description: built now, not issued. */
export function draftMeta(content: ReportContent): PdfMeta {
	return {
		title: content.title,
		scope: scopeName(content),
		period: content.period,
		asOf: content.asOf,
		version: null,
		issuedAt: null,
		issuedBy: null,
		revises: null
	};
}

export const draftFileName = (content: ReportContent, ext: string) =>
	`flowdeck-${content.kind}-${content.period.label}-draft.${ext}`;
