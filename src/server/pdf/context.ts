import type { PDFFont } from 'pdf-lib';
import type { InvoiceDetail } from '../../contract/invoices.js';
import type { PdfFormatter } from './format.js';
import type { InvoiceLabels, PdfLocale } from './labels.js';
import type { PageCursor } from './layout.js';

/** Everything a section of the invoice needs to draw itself. */
export interface RenderContext {
  invoice: InvoiceDetail;
  cursor: PageCursor;
  regular: PDFFont;
  bold: PDFFont;
  labels: InvoiceLabels;
  locale: PdfLocale;
  format: PdfFormatter;
  /** Ellipsis for truncated text, `…` when the font has it. */
  ellipsis: string;
}

/** Joins a label and its value the way the locale does (full-width colon in Japanese and Chinese). */
export function labelled(context: RenderContext, label: string, value: string): string {
  const fullWidth = context.locale === 'ja' || context.locale === 'zh-Hans' || context.locale === 'zh-Hant';
  return fullWidth ? `${label}：${value}` : `${label}: ${value}`;
}
