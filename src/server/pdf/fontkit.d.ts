/**
 * The part of fontkit 2's API that invoice PDFs use. The package ships no
 * type declarations.
 */
declare module 'fontkit' {
  export interface FontkitSubset {
    includeGlyph(glyph: number | object): number;
    /** The subset font file, for embedding in a PDF. */
    encode(): Uint8Array;
  }

  export interface FontkitFont {
    readonly characterSet: number[];
    readonly postscriptName: string | null;
    createSubset(): FontkitSubset;
  }

  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
