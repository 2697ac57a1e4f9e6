/**
 * The quote PDF (PRODUCT.md §4, prepare-quote): one clean page laid out with pdfkit's
 * standard Helvetica fonts (nothing downloaded). It computes nothing: every amount and date
 * comes from `buildQuote` (src/domain/quote.ts); this file only formats and places them.
 */
import PDFDocument from 'pdfkit';
import type { Quote } from '../domain/quote.ts';
import { plural } from '../domain/words.ts';

const MARGIN = 50;
const PAGE = { width: 612, height: 792 }; // US Letter, points
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
/** Line-item table columns: x offset from the margin and width, in points. */
const COLUMNS = {
  description: { x: 0, width: 262 },
  quantity: { x: 262, width: 60 },
  unitPrice: { x: 322, width: 90 },
  total: { x: 412, width: 100 },
};
const ACCENT = '#1f4e79';
const MUTED = '#555555';

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
}

function longDate(day: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

type Doc = InstanceType<typeof PDFDocument>;

function heading(doc: Doc, text: string) {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).fillColor(ACCENT).text(text, MARGIN);
  doc.moveDown(0.2).font('Helvetica').fontSize(10).fillColor('black');
}

function header(doc: Doc, quote: Quote) {
  doc.font('Helvetica-Bold').fontSize(22).fillColor(ACCENT).text('Renewal Quote', MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10).fillColor(MUTED);
  doc.text(`Quote ${quote.quoteNumber}  ·  ${longDate(quote.date)}`);
  doc.text(`Valid until ${longDate(quote.terms.validUntil)}`);
  const top = doc.y + 12;
  const half = CONTENT_WIDTH / 2;
  doc.font('Helvetica-Bold').fillColor('black').text('Prepared for', MARGIN, top, { width: half });
  doc.font('Helvetica').text(quote.customer.name, { width: half });
  if (quote.customer.address) doc.fillColor(MUTED).text(quote.customer.address, { width: half });
  const left = doc.y;
  doc
    .font('Helvetica-Bold')
    .fillColor('black')
    .text('Prepared by', MARGIN + half, top);
  doc.font('Helvetica').text(quote.csm.name).fillColor(MUTED).text(quote.csm.email);
  doc.x = MARGIN;
  doc.y = Math.max(left, doc.y);
}

function row(doc: Doc, cells: Record<keyof typeof COLUMNS, string>, bold = false) {
  const top = doc.y;
  doc
    .font(bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(10)
    .fillColor('black');
  const heights = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).map((key) => {
    const { x, width } = COLUMNS[key];
    const align = key === 'description' ? 'left' : 'right';
    doc.text(cells[key], MARGIN + x, top, { width, align });
    return doc.y - top;
  });
  doc.y = top + Math.max(...heights) + 4;
  doc.x = MARGIN;
}

function rule(doc: Doc) {
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + CONTENT_WIDTH, doc.y)
    .strokeColor('#cccccc')
    .stroke();
  doc.y += 4;
}

function lineItems(doc: Doc, quote: Quote) {
  heading(doc, 'Line items');
  row(
    doc,
    { description: 'Description', quantity: 'Qty', unitPrice: 'Unit price', total: 'Total' },
    true,
  );
  rule(doc);
  for (const item of quote.lineItems) {
    row(doc, {
      description: item.description,
      quantity: String(item.quantity),
      unitPrice: money(item.unitPrice, quote.currency),
      total: money(item.total, quote.currency),
    });
  }
  rule(doc);
  const line = (label: string, amount: string, bold = false) =>
    row(doc, { description: '', quantity: '', unitPrice: label, total: amount }, bold);
  line('Subtotal', money(quote.subtotal, quote.currency));
  if (quote.discount) line('Discount', `-${money(quote.discount, quote.currency)}`);
  line('Total', `${money(quote.total, quote.currency)} ${quote.currency}`, true);
}

function termsAndSchedule(doc: Doc, quote: Quote) {
  heading(doc, 'Terms');
  const { termMonths, paymentTerms, validUntil } = quote.terms;
  doc.text(`Term: ${plural(termMonths, 'month')}`);
  doc.text(`Payment terms: ${paymentTerms}`);
  doc.text(`This quote is valid until ${longDate(validUntil)}.`);
  heading(doc, 'Payment schedule');
  for (const payment of quote.paymentSchedule) {
    row(doc, {
      description: `Due ${longDate(payment.due)}`,
      quantity: '',
      unitPrice: '',
      total: money(payment.amount, quote.currency),
    });
  }
  if (quote.notes) {
    heading(doc, 'Notes');
    doc.fillColor(MUTED).text(quote.notes, { width: CONTENT_WIDTH });
  }
}

/** The quote as PDF bytes; dated by the quote, not the clock, so a rebuild is the same. */
export function renderQuotePdf(quote: Quote): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    info: {
      Title: `Quote ${quote.quoteNumber} for ${quote.customer.name}`,
      Author: quote.csm.name,
      CreationDate: new Date(`${quote.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, quote);
  lineItems(doc, quote);
  termsAndSchedule(doc, quote);
  doc.end();
  return done;
}
