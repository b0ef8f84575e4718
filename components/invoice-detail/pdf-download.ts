/**
 * Saving an invoice PDF. The API returns the PDF to an authenticated request,
 * so a plain link cannot fetch it: the element fetches the Blob with the
 * client and hands it to the browser through a temporary object URL.
 */
import type { KeelClient } from '../../src/client/index.js';

/** Returns the PDF file name: the invoice number, or the invoice id before it has a number. */
export function pdfFileName(invoice: { id: string; number: string | null }): string {
  // Characters that Windows, macOS or Linux reject in file names become "_".
  const base = (invoice.number ?? invoice.id).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
  return `${base || invoice.id}.pdf`;
}

/**
 * Fetches the invoice PDF and starts a download named after the invoice
 * number. The object URL is revoked on the next task: Chromium and Firefox
 * take the Blob when the link is clicked, and revoking frees its memory.
 */
export async function downloadInvoicePdf(client: KeelClient, invoice: { id: string; number: string | null }, signal?: AbortSignal): Promise<void> {
  const blob = await client.invoices.pdf(invoice.id, signal ? { signal } : undefined);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = pdfFileName(invoice);
    link.rel = 'noopener';
    link.click();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
