// Packs and reports as real PDF files (A4, vector charts), drawn from the same content the pages show, with the
// organisation, period, data as-of time, version and page number at the foot of every page. What each paper holds is
// drawn by pdfWeekly.ts and pdfMonthly.ts.
import PDFDocument from 'pdfkit';
import type { ExceptionReport, HighlightReport, ProgrammeReport } from './highlight.ts';
import { date, stamp } from '../../format.ts';
import { exception, highlight, programme } from './pdfMonthly.ts';
import { weekly } from './pdfWeekly.ts';
import { BLUE, FOOT, GREY, MARGIN, Writer, plain } from './pdfWriter.ts';
import type { WeeklyPack } from './weekly.ts';

type Content = WeeklyPack | HighlightReport | ProgrammeReport | ExceptionReport;

export interface PdfMeta {
	title: string;
	scope: string;
	period: { label: string; first: string; last: string; inProgress?: boolean };
	asOf: string;
	/** null for a draft built from the live data */
	version: number | null;
	issuedAt: string | null;
	issuedBy: string | null;
	revises: { version: number; issuedAt: string } | null;
}

export function renderPdf(meta: PdfMeta, content: Content): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, bottom: MARGIN + FOOT, left: MARGIN, right: MARGIN },
		bufferPages: true,
		info: {
			Title: plain(meta.title),
			Author: 'FlowDeck',
			Subject: `${meta.scope} ${meta.period.label} ${meta.version === null ? 'draft' : `version ${meta.version}`}`
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	const w = new Writer(doc);
	doc.font('Helvetica-Bold').fontSize(17).fillColor(BLUE).text(plain(meta.title), { width: w.width });
	doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor(GREY);
	doc.text(
		plain(
			`For ${meta.scope}. Period ${meta.period.label}: ${date(meta.period.first)} to ${date(meta.period.last)}.` +
				(meta.period.inProgress
					? ' PERIOD IN PROGRESS: figures so far, compared with the same part of earlier periods.'
					: '')
		)
	);
	doc.text(
		plain(
			meta.version === null || !meta.issuedAt
				? `Data as of ${stamp.format(new Date(meta.asOf))}. Draft: built from the live data, not issued.`
				: `Data as of ${stamp.format(new Date(meta.asOf))}. Version ${meta.version}, issued ${stamp.format(new Date(meta.issuedAt))} by ${meta.issuedBy}.`
		)
	);
	if (meta.revises)
		doc.text(
			plain(
				`This is a revision: it replaces version ${meta.revises.version}, issued ${stamp.format(new Date(meta.revises.issuedAt))}.`
			)
		);
	doc.fillColor('black');
	if (content.kind === 'weekly') weekly(w, content);
	else if (content.kind === 'quarterly') exception(w, content);
	else if ('schemes' in content) programme(w, content);
	else highlight(w, content);

	const pages = doc.bufferedPageRange();
	for (let i = 0; i < pages.count; i++) {
		doc.switchToPage(pages.start + i);
		// the foot sits in the bottom margin, where pdfkit would otherwise start a new page
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.font('Helvetica').fontSize(7.5).fillColor(GREY);
		doc.text(
			plain(
				`FlowDeck - ${meta.scope} - ${meta.period.label}${meta.period.inProgress ? ' (in progress)' : ''} - data as of ${stamp.format(new Date(meta.asOf))} - ${meta.version === null ? 'draft' : `version ${meta.version}`} - page ${i + 1} of ${pages.count}`
			),
			MARGIN,
			doc.page.height - MARGIN - 10,
			{ width: w.width, align: 'center', lineBreak: false }
		);
		doc.page.margins.bottom = bottom;
	}
	doc.end();
	return done;
}
