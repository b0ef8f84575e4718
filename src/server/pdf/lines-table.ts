/**
 * The invoice lines table: every line, wrapped descriptions, the ※ mark on
 * reduced-rate lines, and the header repeated on each page it continues to.
 *
 * @module
 */
import type { InvoiceLine } from '../../contract/invoices.js';
import type { RenderContext } from './context.js';
import { MARGIN_X, MUTED_COLOR, PAGE_WIDTH, fitSize } from './layout.js';
import { truncateToWidth, wrapText } from './text.js';

const CELL_PADDING = 6;
const COLUMN_GAP = 8;
const BODY_SIZE = 9;
const BODY_LEADING = 12;
const DETAIL_SIZE = 7.5;
const DETAIL_LEADING = 10;
const HEADER_SIZE = 8.5;
const HEADER_HEIGHT = 20;
const ROW_PADDING = 5;
/**
 * Wrapped lines kept per description, so one line cannot grow past a page.
 * NOTE: a longer description is cut with an ellipsis at this many lines.
 */
export const MAX_DESCRIPTION_LINES = 30;
/** The mark after the description of a reduced-rate line. */
export const REDUCED_RATE_MARK = '※';

const AMOUNT_RIGHT = PAGE_WIDTH - MARGIN_X - CELL_PADDING;
const AMOUNT_WIDTH = 84;
const RATE_RIGHT = AMOUNT_RIGHT - AMOUNT_WIDTH - COLUMN_GAP;
const RATE_WIDTH = 44;
const UNIT_RIGHT = RATE_RIGHT - RATE_WIDTH - COLUMN_GAP;
const UNIT_WIDTH = 76;
const QUANTITY_RIGHT = UNIT_RIGHT - UNIT_WIDTH - COLUMN_GAP;
const QUANTITY_WIDTH = 34;
const DESCRIPTION_LEFT = MARGIN_X + CELL_PADDING;
const DESCRIPTION_WIDTH = QUANTITY_RIGHT - QUANTITY_WIDTH - COLUMN_GAP - DESCRIPTION_LEFT;

interface PreparedRow {
  description: string[];
  details: string[];
  quantity: string;
  unitPrice: string;
  rate: string;
  amount: string;
  height: number;
}

/** Draws the table and returns true when any line carries the reduced-rate mark. */
export function drawLinesTable(context: RenderContext): boolean {
  const { cursor, invoice } = context;
  cursor.ensure(HEADER_HEIGHT + BODY_LEADING + 2 * ROW_PADDING);
  drawHeader(context);

  for (const line of invoice.lines) {
    const row = prepareRow(context, line);
    if (cursor.ensure(row.height)) drawHeader(context);
    drawRow(context, row);
  }
  return invoice.lines.some((line) => line.reduced_rate);
}

function drawHeader(context: RenderContext): void {
  const { cursor, labels, bold } = context;
  const top = cursor.y;
  cursor.shade(top, HEADER_HEIGHT);
  const textTop = top - (HEADER_HEIGHT - HEADER_SIZE) / 2;
  const style = (text: string, width: number) => ({ font: bold, size: fitSize(text, bold, HEADER_SIZE, width) });

  cursor.text(labels.description, DESCRIPTION_LEFT, textTop, style(labels.description, DESCRIPTION_WIDTH));
  cursor.textRight(labels.quantity, QUANTITY_RIGHT, textTop, style(labels.quantity, QUANTITY_WIDTH));
  cursor.textRight(labels.unitPrice, UNIT_RIGHT, textTop, style(labels.unitPrice, UNIT_WIDTH));
  cursor.textRight(labels.taxRate, RATE_RIGHT, textTop, style(labels.taxRate, RATE_WIDTH));
  cursor.textRight(labels.amount, AMOUNT_RIGHT, textTop, style(labels.amount, AMOUNT_WIDTH));
  cursor.y = top - HEADER_HEIGHT;
}

function lineDescription(context: RenderContext, line: InvoiceLine): string {
  const description = line.description !== null && line.description.trim() !== ''
    ? context.format.multiline(line.description)
    : context.labels.lineKind[line.kind];
  return line.reduced_rate ? `${description} ${REDUCED_RATE_MARK}` : description;
}

function lineDetails(context: RenderContext, line: InvoiceLine): string[] {
  const { format, labels, invoice } = context;
  const details: string[] = [];

  // A line's own period is worth printing when it is not simply the invoice's period.
  const samePeriodAsInvoice = line.period_start === invoice.period_start && line.period_end === invoice.period_end;
  if (line.period_start !== null && line.period_end !== null && (line.kind === 'proration' || !samePeriodAsInvoice)) {
    details.push(format.instantRange(line.period_start, line.period_end));
  }
  if (line.discount_amount > 0) {
    details.push(`${labels.discount} ${format.money(-line.discount_amount)}`);
  }
  return details;
}

function prepareRow(context: RenderContext, line: InvoiceLine): PreparedRow {
  const { regular, format, ellipsis } = context;

  let description = wrapText(lineDescription(context, line), regular, BODY_SIZE, DESCRIPTION_WIDTH);
  if (description.length > MAX_DESCRIPTION_LINES) {
    description = description.slice(0, MAX_DESCRIPTION_LINES);
    const last = description[MAX_DESCRIPTION_LINES - 1] ?? '';
    description[MAX_DESCRIPTION_LINES - 1] = truncateToWidth(`${last}${ellipsis}`, regular, BODY_SIZE, DESCRIPTION_WIDTH, ellipsis);
  }
  const details = lineDetails(context, line).flatMap((detail) => wrapText(detail, regular, DETAIL_SIZE, DESCRIPTION_WIDTH));

  return {
    description,
    details,
    quantity: line.quantity === null ? '' : format.quantity(line.quantity),
    unitPrice: line.unit_amount === null ? '' : format.money(line.unit_amount),
    rate: line.tax_rate_percent === null ? '' : format.percent(line.tax_rate_percent),
    amount: format.money(line.amount),
    height: description.length * BODY_LEADING + details.length * DETAIL_LEADING + 2 * ROW_PADDING,
  };
}

function drawRow(context: RenderContext, row: PreparedRow): void {
  const { cursor, regular } = context;
  const top = cursor.y;
  const firstLineTop = top - ROW_PADDING - (BODY_LEADING - BODY_SIZE) / 2;
  const body = (text: string, width: number) => ({ font: regular, size: fitSize(text, regular, BODY_SIZE, width) });

  // The first description line goes first, then the figures on its baseline,
  // so text extraction and screen readers read each row in order.
  const [first = '', ...rest] = row.description;
  cursor.text(first, DESCRIPTION_LEFT, firstLineTop, { font: regular, size: BODY_SIZE });
  cursor.textRight(row.quantity, QUANTITY_RIGHT, firstLineTop, body(row.quantity, QUANTITY_WIDTH));
  cursor.textRight(row.unitPrice, UNIT_RIGHT, firstLineTop, body(row.unitPrice, UNIT_WIDTH));
  cursor.textRight(row.rate, RATE_RIGHT, firstLineTop, body(row.rate, RATE_WIDTH));
  cursor.textRight(row.amount, AMOUNT_RIGHT, firstLineTop, body(row.amount, AMOUNT_WIDTH));

  let lineTop = firstLineTop - BODY_LEADING;
  for (const text of rest) {
    cursor.text(text, DESCRIPTION_LEFT, lineTop, { font: regular, size: BODY_SIZE });
    lineTop -= BODY_LEADING;
  }
  for (const text of row.details) {
    cursor.text(text, DESCRIPTION_LEFT, lineTop, { font: regular, size: DETAIL_SIZE, color: MUTED_COLOR });
    lineTop -= DETAIL_LEADING;
  }

  cursor.y = top - row.height;
  cursor.rule(cursor.y);
}
