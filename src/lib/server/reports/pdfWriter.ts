// Drawing on an A4 PDF page for the reports: headings, paragraphs, tables that continue across pages with their
// header row, and line charts with a target and the actions agreed. Text goes in the standard fonts' encoding.
import PDFDocument from 'pdfkit';
import { actionLabel, periodOfAction } from '../../components/charts/actionMarks.ts';
import { date, num } from '../../format.ts';

export type Doc = InstanceType<typeof PDFDocument>;

export const MARGIN = 42;
export const FOOT = 36;
export const BLUE = '#005eb8';
export const GREY = '#4c6272';
export const RAG_COLOUR = { red: '#d5281b', amber: '#ffb81c', green: '#007f3b', grey: '#5d6770' } as const;
const LINE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9'];

// the standard PDF fonts speak Windows-1252: say the few other characters our text uses in it
export const plain = (s: string) =>
	s
		.replace(/[−–]/g, '-')
		.replace(/[“”]/g, '"')
		.replace(/[‘’]/g, "'")
		.replace(/→/g, '->')
		.replace(/≥/g, '>=')
		.replace(/≤/g, '<=')
		.replace(/[^\x20-\x7e\xa0-\xff\n£×…—]/g, '?');
export class Writer {
	doc: Doc;
	constructor(doc: Doc) {
		this.doc = doc;
	}
	get width() {
		return this.doc.page.width - 2 * MARGIN;
	}
	get bottom() {
		return this.doc.page.height - MARGIN - FOOT;
	}
	room(height: number) {
		if (this.doc.y + height > this.bottom) this.doc.addPage();
	}
	heading(text: string, size = 13) {
		this.room(size * 3);
		this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(BLUE).text(plain(text), MARGIN);
		this.doc.moveDown(0.2).font('Helvetica').fontSize(9).fillColor('black');
	}
	para(text: string, options: { bold?: boolean; colour?: string } = {}) {
		this.room(14);
		this.doc
			.font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
			.fontSize(9)
			.fillColor(options.colour ?? 'black')
			.text(plain(text), MARGIN, undefined, { width: this.width });
		this.doc.fillColor('black');
	}
	/** a table: column widths as fractions; a header row in bold; rows that would cross the foot start a new page */
	table(
		columns: { label: string; width: number; right?: boolean }[],
		rows: (string | { text: string; colour?: string })[][]
	) {
		const widths = columns.map((c) => c.width * this.width);
		const draw = (cells: (string | { text: string; colour?: string })[], bold: boolean) => {
			this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
			const texts = cells.map((c) => plain(typeof c === 'string' ? c : c.text));
			const height =
				Math.max(...texts.map((t, i) => this.doc.heightOfString(t, { width: widths[i] - 6 }))) + 5;
			if (this.doc.y + height > this.bottom) {
				this.doc.addPage();
				if (!bold)
					draw(
						columns.map((c) => c.label),
						true
					);
				this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
			}
			const y = this.doc.y;
			let x = MARGIN;
			texts.forEach((t, i) => {
				const cell = cells[i];
				this.doc.fillColor(typeof cell === 'object' && cell.colour ? cell.colour : 'black');
				this.doc.text(t, x + 3, y + 2, { width: widths[i] - 6, align: columns[i].right ? 'right' : 'left' });
				x += widths[i];
			});
			this.doc.fillColor('black');
			this.doc
				.moveTo(MARGIN, y + height)
				.lineTo(MARGIN + this.width, y + height)
				.lineWidth(0.4)
				.strokeColor('#d8dde0')
				.stroke();
			this.doc.x = MARGIN;
			this.doc.y = y + height;
		};
		draw(
			columns.map((c) => c.label),
			true
		);
		for (const row of rows) draw(row, false);
		this.doc.moveDown(0.5);
	}
	/** a line chart with a legend, an optional target line and actions marked where they were agreed */
	chart(
		title: string,
		times: string[],
		lines: { name: string; values: (number | null)[]; soFar?: (number | null)[] }[],
		options: { target?: number | null; actions?: { what: string; agreedOn: string }[]; height?: number } = {}
	) {
		const height = options.height ?? 120;
		this.room(height + 40);
		const doc = this.doc;
		doc.font('Helvetica-Bold').fontSize(9).text(plain(title), MARGIN);
		const top = doc.y + 4;
		const left = MARGIN + 30;
		const w = this.width - 40;
		const all = lines
			.flatMap((l) => [...l.values, ...(l.soFar ?? [])])
			.filter((v): v is number => v !== null && v !== undefined);
		if (options.target !== null && options.target !== undefined) all.push(options.target);
		if (!all.length || times.length < 2) {
			doc.font('Helvetica').fontSize(8.5).text('No data for this period.', MARGIN);
			return;
		}
		let lo = Math.min(...all);
		let hi = Math.max(...all);
		if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
		const x = (i: number) => left + (i / (times.length - 1)) * w;
		const y = (v: number) => top + height - ((v - lo) / (hi - lo)) * height;
		doc.lineWidth(0.5).strokeColor('#7f8c96').rect(left, top, w, height).stroke();
		doc.font('Helvetica').fontSize(7).fillColor(GREY);
		doc.text(num(hi), MARGIN, top - 3, { width: 26, align: 'right' });
		doc.text(num(lo), MARGIN, top + height - 5, { width: 26, align: 'right' });
		doc.text(date(times[0]), left, top + height + 3);
		doc.text(date(times.at(-1)), left + w - 60, top + height + 3, { width: 60, align: 'right' });
		if (options.target !== null && options.target !== undefined) {
			doc
				.dash(3, { space: 2 })
				.strokeColor('#007f3b')
				.moveTo(left, y(options.target))
				.lineTo(left + w, y(options.target))
				.stroke()
				.undash();
			doc.fillColor('#007f3b').text(`Target ${num(options.target)}`, left + 3, y(options.target) - 9);
		}
		lines.forEach((l, n) => {
			doc.strokeColor(LINE_COLOURS[n % LINE_COLOURS.length]).lineWidth(1.4);
			let started = false;
			l.values.forEach((v, i) => {
				if (v === null) return void (started = false);
				if (started) doc.lineTo(x(i), y(v));
				else doc.moveTo(x(i), y(v));
				started = true;
			});
			doc.stroke();
			// every point a dot, so a lone point between gaps shows; a period in progress a hollow one, apart
			doc.fillColor(LINE_COLOURS[n % LINE_COLOURS.length]);
			l.values.forEach((v, i) => v !== null && doc.circle(x(i), y(v), 1.6).fill());
			l.soFar?.forEach((v, i) => v !== null && doc.circle(x(i), y(v), 2.4).lineWidth(1).stroke());
		});
		for (const a of options.actions ?? []) {
			const at = periodOfAction(times, a.agreedOn);
			if (at < 0) continue;
			doc
				.strokeColor('#330072')
				.lineWidth(1.2)
				.moveTo(x(at), top)
				.lineTo(x(at), top + height)
				.stroke();
			doc
				.fillColor('#330072')
				.fontSize(6.5)
				.text(plain(actionLabel(a)), x(at) + 2, top + 2, { width: 120 });
		}
		doc.fontSize(7.5);
		let lx = left;
		lines.forEach((l, n) => {
			doc
				.fillColor(LINE_COLOURS[n % LINE_COLOURS.length])
				.rect(lx, top + height + 14, 8, 3)
				.fill();
			doc.fillColor('black').text(plain(l.name), lx + 11, top + height + 11, { lineBreak: false });
			lx += doc.widthOfString(plain(l.name)) + 24;
		});
		doc.fillColor('black');
		doc.x = MARGIN;
		doc.y = top + height + 26;
	}
}
