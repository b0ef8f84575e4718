/**
 * A cursor over A4 pages: it draws text top-down and starts a new page when
 * the next block does not fit.
 *
 * @module
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

/** A4 in PDF points (1/72 inch). */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_X = 48;
export const MARGIN_TOP = 52;
/** Space kept free at the bottom of every page for the footer. */
export const MARGIN_BOTTOM = 64;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;

export const TEXT_COLOR = rgb(0.1, 0.1, 0.12);
export const MUTED_COLOR = rgb(0.38, 0.38, 0.42);
export const RULE_COLOR = rgb(0.78, 0.78, 0.8);
export const SHADE_COLOR = rgb(0.95, 0.95, 0.96);

export interface TextStyle {
  font: PDFFont;
  size: number;
  color?: RGB;
}

export class PageCursor {
  readonly pages: PDFPage[] = [];
  /** Baseline budget: the y coordinate of the top of the next block. */
  y = 0;
  private currentPage: PDFPage | undefined;

  constructor(private readonly doc: PDFDocument) {}

  get page(): PDFPage {
    if (!this.currentPage) return this.newPage();
    return this.currentPage;
  }

  newPage(): PDFPage {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(page);
    this.currentPage = page;
    this.y = PAGE_HEIGHT - MARGIN_TOP;
    return page;
  }

  /** Space left above the bottom margin on the current page. */
  get remaining(): number {
    return this.y - MARGIN_BOTTOM;
  }

  /**
   * Starts a new page when `height` points do not fit on this one. Returns
   * true when it did, so a table can repeat its header.
   */
  ensure(height: number): boolean {
    if (this.currentPage && height <= this.remaining) return false;
    this.newPage();
    return true;
  }

  /** Draws one line of drawable text with its top at `top`. */
  text(value: string, x: number, top: number, style: TextStyle): void {
    if (value === '') return;
    this.page.drawText(value, {
      x,
      y: top - style.size * 0.88,
      size: style.size,
      font: style.font,
      color: style.color ?? TEXT_COLOR,
    });
  }

  /** Draws one line of text ending at `right`. */
  textRight(value: string, right: number, top: number, style: TextStyle): void {
    this.text(value, right - style.font.widthOfTextAtSize(value, style.size), top, style);
  }

  rule(top: number, x1 = MARGIN_X, x2 = PAGE_WIDTH - MARGIN_X, thickness = 0.6, color = RULE_COLOR): void {
    this.page.drawLine({ start: { x: x1, y: top }, end: { x: x2, y: top }, thickness, color });
  }

  shade(top: number, height: number, x = MARGIN_X, width = CONTENT_WIDTH): void {
    this.page.drawRectangle({ x, y: top - height, width, height, color: SHADE_COLOR });
  }
}

/**
 * Returns the largest size up to `size` at which `text` fits `maxWidth`, down
 * to 60% of `size`; long amounts shrink rather than overlap their neighbour.
 */
export function fitSize(text: string, font: PDFFont, size: number, maxWidth: number): number {
  const width = font.widthOfTextAtSize(text, size);
  if (width <= maxWidth) return size;
  return Math.max(size * 0.6, (size * maxWidth) / width);
}
