/**
 * Invoice PDFs for the reference backend. `renderInvoicePdf(invoice,
 * { locale, timeZone })` returns the PDF bytes that the invoice PDF route
 * serves; providers call it with an `InvoiceDetail` from the contract.
 *
 * @module
 */
export {
  renderInvoicePdf,
  InvoicePdfError,
  type InvoicePdfErrorCode,
  type RenderInvoicePdfOptions,
} from './render.js';
export type { InvoiceFontFiles } from './fonts.js';
export { INVOICE_LABELS, PDF_LOCALES, resolvePdfLocale, type InvoiceLabels, type PdfLocale } from './labels.js';
