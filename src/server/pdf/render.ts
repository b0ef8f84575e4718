import { PDFDocument } from 'pdf-lib';
import * as z from 'zod/mini';
import { InvoiceDetail } from '../../contract/invoices.js';
import type { RenderContext } from './context.js';
import { fontkitForPdfLib } from './fontkit-adapter.js';
import { describeFonts, loadDefaultFonts, type InvoiceFontFiles } from './fonts.js';
import { createPdfFormatter } from './format.js';
import { labelsForFont, resolvePdfLocale } from './labels.js';
import { PageCursor } from './layout.js';
import { drawLinesTable } from './lines-table.js';
import {
  drawAmountDue,
  drawFooters,
  drawHeading,
  drawMemo,
  drawParties,
  drawReducedRateLegend,
  drawReverseCharge,
  drawTaxBreakdown,
  drawTotals,
} from './sections.js';
import { canDraw } from './text.js';

export interface RenderInvoicePdfOptions {
  /** BCP 47 locale of the customer, such as `ja`, `de-AT` or `zh-TW`. */
  locale: string;
  /** IANA time zone of the customer, such as `Asia/Tokyo`, in which instants are printed as dates. */
  timeZone: string;
  /**
   * Font bytes to embed in place of the bundled BIZ UDPGothic, for runtimes
   * without a file system or for a vendor's own typeface.
   */
  fonts?: InvoiceFontFiles;
}

export type InvoicePdfErrorCode = 'invalid_invoice' | 'invalid_time_zone';

/** Invalid input to {@link renderInvoicePdf}: a stable `code`, a message and the offending `param`. */
export class InvoicePdfError extends Error {
  readonly code: InvoicePdfErrorCode;
  readonly param: string;

  constructor(code: InvoicePdfErrorCode, param: string, message: string) {
    super(message);
    this.name = 'InvoicePdfError';
    this.code = code;
    this.param = param;
  }
}

function validateInvoice(invoice: unknown): InvoiceDetail {
  const result = z.safeParse(InvoiceDetail, invoice);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'invoice';
  throw new InvoicePdfError('invalid_invoice', param, `Invalid invoice at "${param}": ${issue?.message ?? 'does not match InvoiceDetail'}.`);
}

function validateTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new InvoicePdfError(
      'invalid_time_zone',
      'timeZone',
      `Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "Asia/Tokyo" or "Europe/Berlin".`,
    );
  }
}

/** Returns the locale for dates and numbers: the customer's own tag when valid, else the label locale. */
function formattingLocale(requested: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(requested)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * Renders an invoice as an A4 PDF in the customer's language and time zone.
 *
 * When the issuer has a registration number, the PDF carries what a Japanese
 * qualified invoice (適格請求書) requires. That is the issuer name and `T`
 * number, dates, lines with a ※ mark on reduced-rate items and its legend,
 * the taxable amount and tax per rate, and the recipient's name with 御中 or 様.
 * For an EU reverse-charge invoice it prints the national reverse-charge
 * wording and both VAT IDs. Amounts come from `src/money`; instants are
 * printed as dates in `timeZone`, the date-only due date as that same day.
 * Every line is drawn, over as many pages as it takes, with the table header
 * repeated. Text is drawn as text and never interpreted as markup.
 * Characters the embedded font cannot draw print as `?`, and labels it
 * cannot draw fall back to English.
 *
 * The bundled BIZ UDPGothic font is embedded as a subset of the glyphs used,
 * so a typical invoice is tens of kilobytes.
 *
 * @throws {InvoicePdfError} `invalid_invoice` when the invoice does not match
 *   the `InvoiceDetail` schema, `invalid_time_zone` for an unknown IANA zone.
 */
export async function renderInvoicePdf(invoice: InvoiceDetail, options: RenderInvoicePdfOptions): Promise<Uint8Array> {
  const checked = validateInvoice(invoice);
  validateTimeZone(options.timeZone);
  const fonts = options.fonts ? describeFonts(options.fonts) : await loadDefaultFonts();

  // Metadata dates from the invoice and fixed subset font names (pdf-lib adds a
  // random suffix otherwise) make the same invoice render to the same bytes.
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitForPdfLib);
  const regular = await doc.embedFont(fonts.regular, { subset: true, customName: `KEELAA+${fonts.regularName}` });
  const bold = await doc.embedFont(fonts.bold, { subset: true, customName: `KEELAB+${fonts.boldName}` });

  const locale = resolvePdfLocale(options.locale);
  const drawable = (text: string) => canDraw(text, fonts.codePoints);
  // NOTE: text is drawn left to right without Arabic shaping, and the bundled
  // font has no Arabic or Hangul glyphs and few simplified Chinese ones. So `ar`
  // and `ko` invoices print English labels, `zh-Hans` mostly English ones, and
  // Arabic or Hangul customer text prints as `?`.
  const labels = labelsForFont(locale, drawable);
  const format = createPdfFormatter({
    locale: formattingLocale(options.locale, locale),
    timeZone: options.timeZone,
    currency: checked.currency,
    codePoints: fonts.codePoints,
  });

  const context: RenderContext = {
    invoice: checked,
    cursor: new PageCursor(doc),
    regular,
    bold,
    labels,
    locale,
    format,
    ellipsis: drawable('…') ? '…' : '...',
  };

  context.cursor.newPage();
  drawHeading(context);
  drawParties(context);
  drawAmountDue(context);
  const markedLines = drawLinesTable(context);
  if (markedLines || checked.tax_breakdown.some((entry) => entry.reduced_rate)) drawReducedRateLegend(context);
  context.cursor.y -= 8;
  drawTaxBreakdown(context);
  drawTotals(context);
  drawReverseCharge(context);
  drawMemo(context);
  drawFooters(context);

  const title = checked.number === null ? labels.invoice : `${labels.invoice} ${checked.number}`;
  doc.setTitle(title);
  doc.setLanguage(locale);
  doc.setCreator('Keel');
  doc.setProducer('Keel (pdf-lib)');
  doc.setCreationDate(new Date(checked.created));
  doc.setModificationDate(new Date(checked.created));
  if (checked.issuer) doc.setAuthor(checked.issuer.name);

  return doc.save();
}
