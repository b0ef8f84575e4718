/**
 * fontkit 2 in the shape pdf-lib expects.
 *
 * pdf-lib's own fork, `@pdf-lib/fontkit` 1.1.1, writes a broken `loca` table
 * when it subsets a TrueType font with long glyph offsets, so most glyphs of a
 * Japanese font render blank (fixed upstream in fontkit 1.8.0 by
 * foliojs/fontkit#191). Upstream fontkit 2 subsets correctly, but its subset
 * returns bytes from `encode()`, while pdf-lib reads them from an
 * `encodeStream()` that emits `data` and `end` events.
 *
 * @module
 */
import { create, type FontkitSubset } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

type SubsetEvent = 'data' | 'end' | 'error';

interface SubsetStream {
  on(event: SubsetEvent, listener: (value: never) => void): SubsetStream;
}

/** Emits the subset's bytes once, after pdf-lib has attached its listeners. */
function encodeStream(subset: FontkitSubset): SubsetStream {
  const listeners: Record<SubsetEvent, ((value: never) => void)[]> = { data: [], end: [], error: [] };
  queueMicrotask(() => {
    let bytes: Uint8Array;
    try {
      bytes = subset.encode();
    } catch (error) {
      for (const listener of listeners.error) (listener as (value: unknown) => void)(error);
      return;
    }
    for (const listener of listeners.data) (listener as (value: Uint8Array) => void)(bytes);
    for (const listener of listeners.end) (listener as () => void)();
  });
  const stream: SubsetStream = {
    on(event, listener) {
      listeners[event].push(listener);
      return stream;
    },
  };
  return stream;
}

export const fontkitForPdfLib = {
  create(buffer: Uint8Array, postscriptName?: string) {
    const font = create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    return Object.assign(font, {
      createSubset() {
        const subset = createSubset();
        return Object.assign(subset, { encodeStream: () => encodeStream(subset) });
      },
    });
  },
} as unknown as PdfLibFontkit;
