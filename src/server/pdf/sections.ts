/**
 * The parts of an invoice around its lines table: title and invoice facts,
 * issuer and recipient, amount due, discounts, tax per rate, totals, the
 * reverse-charge statement, the memo and the page footers.
 *
 * @module
 */
import type { InvoiceIssuer, InvoiceRecipient } from '../../contract/invoices.js';
import { labelled, type RenderContext } from './context.js';
import { CONTENT_WIDTH, MARGIN_X, MUTED_COLOR, PAGE_WIDTH, fitSize, type TextStyle } from './layout.js';
import { REDUCED_RATE_MARK } from './lines-table.js';
import { wrapText } from './text.js';

const RIGHT_EDGE = PAGE_WIDTH - MARGIN_X;
const INNER_RIGHT = RIGHT_EDGE - 6;
const SECTION_GAP = 16;
const LEADING_FACTOR = 1.35;

interface BlockLine {
  text: string;
  style: TextStyle;
}

/** Draws lines top-down from `top` at `x`, wrapped to `width`, and returns the y below the last one. */
function drawBlock(context: RenderContext, lines: BlockLine[], x: number, top: number, width: number): number {
  let y = top;
  for (const line of lines) {
    for (const wrapped of wrapText(line.text, line.style.font, line.style.size, width)) {
      context.cursor.text(wrapped, x, y, line.style);
      y -= line.style.size * LEADING_FACTOR;
    }
  }
  return y;
}

function blockHeight(lines: BlockLine[], width: number): number {
  let height = 0;
  for (const line of lines) {
    height += wrapText(line.text, line.style.font, line.style.size, width).length * line.style.size * LEADING_FACTOR;
  }
  return height;
}

/** Draws the title on the left and the invoice number and dates on the right. */
export function drawHeading(context: RenderContext): void {
  const { cursor, invoice, labels, format, regular, bold } = context;
  const top = cursor.y;
  const title = invoice.issuer?.registration_number ? labels.qualifiedInvoice : labels.invoice;
  cursor.text(title, MARGIN_X, top, { font: bold, size: 20 });

  const facts: [string, string][] = [[labels.invoiceNumber, invoice.number === null ? '-' : format.text(invoice.number)]];
  facts.push([labels.issueDate, format.instantDate(invoice.created)]);
  if (invoice.due_date !== null) facts.push([labels.dueDate, format.dateOnly(invoice.due_date)]);
  if (invoice.period_start !== null && invoice.period_end !== null) {
    facts.push([labels.period, format.instantRange(invoice.period_start, invoice.period_end)]);
  }

  const labelX = MARGIN_X + CONTENT_WIDTH * 0.5;
  let y = top;
  for (const [label, value] of facts) {
    cursor.text(label, labelX, y, { font: regular, size: 8.5, color: MUTED_COLOR });
    const valueWidth = RIGHT_EDGE - labelX - 90;
    cursor.textRight(value, RIGHT_EDGE, y, { font: regular, size: fitSize(value, regular, 9.5, valueWidth) });
    y -= 14;
  }
  cursor.y = Math.min(top - 34, y) - SECTION_GAP;
}

// Legal-entity words in company names, Japanese and international. A match, or
// a VAT ID, makes the recipient a business, addressed with 御中 in Japanese.
const COMPANY_NAME = /株式会社|有限会社|合同会社|合資会社|合名会社|社団法人|財団法人|医療法人|学校法人|社会福祉法人|特定非営利活動法人|NPO法人|行政法人|大学法人|[（(]株[）)]|[（(]有[）)]|㈱|㈲|(?:^|[\s,])(?:inc|corp|corporation|co|company|ltd|limited|llc|llp|plc|gmbh|ag|kg|sa|sas|sarl|srl|spa|bv|nv|kk|k\.k|pte|pty|oy|ab)\.?(?=$|[\s,])/i;

function recipientName(context: RenderContext, recipient: InvoiceRecipient): string | null {
  if (recipient.name === null || recipient.name.trim() === '') return null;
  const name = context.format.text(recipient.name.trim());
  const isCompany = recipient.vat_id !== null || COMPANY_NAME.test(recipient.name);
  const honorific = isCompany ? context.labels.companyHonorific : context.labels.personHonorific;
  return honorific === '' ? name : `${name} ${honorific}`;
}

function recipientLines(context: RenderContext, recipient: InvoiceRecipient | null): BlockLine[] {
  const { labels, format, regular, bold } = context;
  if (!recipient) return [];
  const lines: BlockLine[] = [{ text: labels.billTo, style: { font: regular, size: 8, color: MUTED_COLOR } }];

  const name = recipientName(context, recipient);
  if (name !== null) lines.push({ text: name, style: { font: bold, size: 12 } });
  if (recipient.address) {
    for (const text of format.address(recipient.address)) lines.push({ text, style: { font: regular, size: 9 } });
  }
  if (recipient.vat_id !== null) {
    lines.push({ text: labelled(context, labels.vatId, format.text(recipient.vat_id)), style: { font: regular, size: 9 } });
  }
  return lines;
}

function issuerLines(context: RenderContext, issuer: InvoiceIssuer | null): BlockLine[] {
  const { labels, format, regular, bold } = context;
  if (!issuer) return [];
  const lines: BlockLine[] = [{ text: labels.from, style: { font: regular, size: 8, color: MUTED_COLOR } }];

  lines.push({ text: format.text(issuer.name), style: { font: bold, size: 11 } });
  if (issuer.address) {
    for (const text of format.address(issuer.address)) lines.push({ text, style: { font: regular, size: 9 } });
  }
  if (issuer.registration_number !== null) {
    lines.push({ text: labelled(context, labels.registrationNumber, issuer.registration_number), style: { font: regular, size: 9 } });
  }
  if (issuer.vat_id !== null) {
    lines.push({ text: labelled(context, labels.vatId, format.text(issuer.vat_id)), style: { font: regular, size: 9 } });
  }
  return lines;
}

/** Draws the recipient on the left, where Japanese invoices place the addressee, and the issuer on the right. */
export function drawParties(context: RenderContext): void {
  const { cursor, invoice } = context;
  const columnWidth = (CONTENT_WIDTH - 24) / 2;
  const left = recipientLines(context, invoice.recipient);
  const right = issuerLines(context, invoice.issuer);
  const height = Math.max(blockHeight(left, columnWidth), blockHeight(right, columnWidth));
  cursor.ensure(height);

  const top = cursor.y;
  const leftBottom = drawBlock(context, left, MARGIN_X, top, columnWidth);
  const rightBottom = drawBlock(context, right, MARGIN_X + columnWidth + 24, top, columnWidth);
  cursor.y = Math.min(leftBottom, rightBottom) - SECTION_GAP;
}

/** Draws a shaded band with the amount due, the figure a reader looks for first. */
export function drawAmountDue(context: RenderContext): void {
  const { cursor, invoice, labels, format, regular, bold } = context;
  const height = 34;
  cursor.ensure(height);
  const top = cursor.y;
  cursor.shade(top, height);

  const label = labels.amountDue;
  cursor.text(label, MARGIN_X + 10, top - 12, { font: bold, size: 11 });
  if (invoice.due_date !== null) {
    const due = labelled(context, labels.dueDate, format.dateOnly(invoice.due_date));
    const labelWidth = bold.widthOfTextAtSize(label, 11);
    cursor.text(due, MARGIN_X + 10 + labelWidth + 16, top - 13, { font: regular, size: 9, color: MUTED_COLOR });
  }
  const amount = format.money(invoice.amount_due);
  cursor.textRight(amount, INNER_RIGHT - 4, top - 9, { font: bold, size: fitSize(amount, bold, 16, CONTENT_WIDTH / 2) });
  cursor.y = top - height - SECTION_GAP;
}

/** Draws the reduced-rate legend, which belongs under the lines table when a line or rate carries the mark. */
export function drawReducedRateLegend(context: RenderContext): void {
  const { cursor, labels, regular } = context;
  cursor.ensure(14);
  cursor.y -= 4;
  cursor.text(labels.reducedRateLegend, MARGIN_X + 6, cursor.y, { font: regular, size: 8, color: MUTED_COLOR });
  cursor.y -= 12;
}

interface SummaryRow {
  label: string;
  value: string;
  emphasis?: boolean;
  ruleAbove?: boolean;
}

const SUMMARY_LABEL_X = RIGHT_EDGE - 260;
const SUMMARY_ROW_HEIGHT = 15;

function drawSummaryRow(context: RenderContext, row: SummaryRow, top: number): number {
  const { cursor, regular, bold } = context;
  const font = row.emphasis ? bold : regular;
  const size = row.emphasis ? 10.5 : 9;
  const height = row.emphasis ? SUMMARY_ROW_HEIGHT + 3 : SUMMARY_ROW_HEIGHT;
  if (row.ruleAbove) cursor.rule(top + 2, SUMMARY_LABEL_X, RIGHT_EDGE, 0.8);
  const labelText = wrapText(row.label, font, size, 260 - 120)[0] ?? '';
  cursor.text(labelText, SUMMARY_LABEL_X + 6, top + 1 - (height - size) / 2, { font, size });
  const valueSize = fitSize(row.value, font, size, 110);
  cursor.textRight(row.value, INNER_RIGHT, top + 1 - (height - size) / 2, { font, size: valueSize });
  return top - height;
}

function drawSummary(context: RenderContext, rows: SummaryRow[]): void {
  const { cursor } = context;
  const height = rows.reduce((sum, row) => sum + (row.emphasis ? SUMMARY_ROW_HEIGHT + 3 : SUMMARY_ROW_HEIGHT), 0);
  // The block stays on one page when it fits one. Otherwise it breaks between rows.
  if (height <= cursor.remaining || !cursor.ensure(height)) {
    for (const row of rows) cursor.y = drawSummaryRow(context, row, cursor.y);
    return;
  }
  for (const row of rows) {
    cursor.ensure(SUMMARY_ROW_HEIGHT + 3);
    cursor.y = drawSummaryRow(context, row, cursor.y);
  }
}

/**
 * Draws the per-rate totals, as Japanese qualified invoices require: for each rate the
 * taxable amount and the tax, e.g. "10%対象 ¥12,345 消費税 ¥1,234".
 */
export function drawTaxBreakdown(context: RenderContext): void {
  const { cursor, invoice, labels, format, regular, bold } = context;
  if (invoice.tax_breakdown.length === 0) return;

  const rowHeight = 15;
  const taxableRight = MARGIN_X + CONTENT_WIDTH * 0.55;
  const taxLabelX = taxableRight + 24;
  cursor.ensure(18 + rowHeight * Math.min(invoice.tax_breakdown.length, 3));
  cursor.y -= 6;
  cursor.text(labels.taxBreakdown, MARGIN_X + 6, cursor.y, { font: bold, size: 9.5 });
  cursor.y -= 16;

  for (const entry of invoice.tax_breakdown) {
    cursor.ensure(rowHeight);
    const top = cursor.y;
    let label = labels.taxableAt(format.percent(entry.rate_percent));
    if (entry.reduced_rate) label = `${label} ${REDUCED_RATE_MARK}`;
    if (entry.inclusive) label = `${label} (${labels.taxIncluded})`;
    const taxable = format.money(entry.taxable_amount);
    const tax = format.money(entry.tax_amount);

    cursor.text(label, MARGIN_X + 6, top, { font: regular, size: fitSize(label, regular, 9, taxableRight - MARGIN_X - 110) });
    cursor.textRight(taxable, taxableRight, top, { font: regular, size: fitSize(taxable, regular, 9, 100) });
    cursor.text(labels.tax, taxLabelX, top, { font: regular, size: fitSize(labels.tax, regular, 9, INNER_RIGHT - taxLabelX - 110) });
    cursor.textRight(tax, INNER_RIGHT, top, { font: regular, size: fitSize(tax, regular, 9, 100) });
    cursor.rule(top - rowHeight + 4, MARGIN_X, RIGHT_EDGE, 0.4);
    cursor.y = top - rowHeight;
  }
  cursor.y -= SECTION_GAP / 2;
}

/** Draws subtotal, each discount, tax, total, amount paid and amount due. */
export function drawTotals(context: RenderContext): void {
  const { invoice, labels, format } = context;
  const rows: SummaryRow[] = [{ label: labels.subtotal, value: format.money(invoice.subtotal) }];
  for (const discount of invoice.discounts) {
    const name = format.text(discount.name).trim();
    rows.push({ label: name === '' ? labels.discount : `${labels.discount} (${name})`, value: format.money(-discount.amount) });
  }
  if (invoice.discounts.length === 0 && invoice.total_discount > 0) {
    rows.push({ label: labels.discount, value: format.money(-invoice.total_discount) });
  }
  rows.push({ label: labels.tax, value: format.money(invoice.total_tax) });
  rows.push({ label: labels.total, value: format.money(invoice.total), emphasis: true, ruleAbove: true });
  if (invoice.amount_paid > 0) rows.push({ label: labels.amountPaid, value: format.money(-invoice.amount_paid) });
  rows.push({ label: labels.amountDue, value: format.money(invoice.amount_due), emphasis: true, ruleAbove: true });

  context.cursor.y -= 4;
  drawSummary(context, rows);
  context.cursor.y -= SECTION_GAP;
}

const ENGLISH_REVERSE_CHARGE = 'Reverse charge';

/**
 * Draws the reverse-charge statement in the invoice's language, then the
 * English wording when that differs, then both parties' VAT IDs. EU VAT
 * Directive 2006/112/EC Art. 226 (3), (4) and (11a) requires all three.
 */
export function drawReverseCharge(context: RenderContext): void {
  const { cursor, invoice, labels, format, regular, bold } = context;
  if (!invoice.reverse_charge) return;

  const heading = labels.reverseCharge === ENGLISH_REVERSE_CHARGE
    ? labels.reverseCharge
    : `${labels.reverseCharge} (${ENGLISH_REVERSE_CHARGE})`;
  const party = (name: string | null | undefined, vatId: string | null | undefined): string => {
    const who = name ? ` (${format.text(name)})` : '';
    return labelled(context, `${labels.vatId}${who}`, vatId ? format.text(vatId) : '-');
  };
  const lines: BlockLine[] = [
    { text: heading, style: { font: bold, size: 10 } },
    { text: party(invoice.issuer?.name, invoice.issuer?.vat_id), style: { font: regular, size: 9 } },
    { text: party(invoice.recipient?.name, invoice.recipient?.vat_id), style: { font: regular, size: 9 } },
  ];
  const width = CONTENT_WIDTH - 12;
  cursor.ensure(blockHeight(lines, width));
  cursor.y = drawBlock(context, lines, MARGIN_X + 6, cursor.y, width) - SECTION_GAP;
}

/** Draws the invoice's free-text memo, wrapped and continued across pages. */
export function drawMemo(context: RenderContext): void {
  const { cursor, invoice, format, regular } = context;
  if (invoice.description === null || invoice.description.trim() === '') return;
  const style = { font: regular, size: 9, color: MUTED_COLOR };
  for (const line of wrapText(format.multiline(invoice.description), regular, style.size, CONTENT_WIDTH - 12)) {
    cursor.ensure(style.size * LEADING_FACTOR);
    cursor.text(line, MARGIN_X + 6, cursor.y, style);
    cursor.y -= style.size * LEADING_FACTOR;
  }
}

/** Draws the invoice number and "page n of m" at the foot of every page. */
export function drawFooters(context: RenderContext): void {
  const { cursor, invoice, labels, format, regular } = context;
  const style = { font: regular, size: 7.5, color: MUTED_COLOR };
  const number = invoice.number === null ? '' : labelled(context, labels.invoiceNumber, format.text(invoice.number));
  const top = 40;
  cursor.pages.forEach((page, index) => {
    page.drawLine({ start: { x: MARGIN_X, y: top + 6 }, end: { x: RIGHT_EDGE, y: top + 6 }, thickness: 0.4, color: MUTED_COLOR });
    const pageText = labels.pageOf(index + 1, cursor.pages.length);
    page.drawText(number, { x: MARGIN_X, y: top - style.size, size: style.size, font: style.font, color: style.color });
    page.drawText(pageText, {
      x: RIGHT_EDGE - style.font.widthOfTextAtSize(pageText, style.size),
      y: top - style.size,
      size: style.size,
      font: style.font,
      color: style.color,
    });
  });
}
