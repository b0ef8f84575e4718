/**
 * The font embedded in invoice PDFs.
 *
 * BIZ UDPGothic (Morisawa, designed for business documents) comes from the npm
 * package `@expo-google-fonts/biz-udpgothic`, which ships the full TrueType
 * files. The font is under the SIL Open Font License 1.1, which allows
 * embedding and redistribution; the package's `LICENSE_FONT` has the text.
 * It covers Latin with accents, kana, the Japanese kanji set, and the
 * traditional Chinese characters that Japanese shares. It has no Hangul, no
 * Arabic and few simplified Chinese characters.
 *
 * @module
 */
import { create as createFont } from 'fontkit';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** TrueType or OpenType bytes of the regular and bold faces. */
export interface InvoiceFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** The faces, their PostScript names and the set of code points both can draw. */
export interface InvoiceFonts extends InvoiceFontFiles {
  regularName: string;
  boldName: string;
  codePoints: ReadonlySet<number>;
}

const FONT_PACKAGE = '@expo-google-fonts/biz-udpgothic';
const REGULAR_FILE = `${FONT_PACKAGE}/400Regular/BIZUDPGothic_400Regular.ttf`;
const BOLD_FILE = `${FONT_PACKAGE}/700Bold/BIZUDPGothic_700Bold.ttf`;

interface FaceInfo {
  name: string;
  codePoints: ReadonlySet<number>;
}

let defaultFonts: Promise<InvoiceFonts> | undefined;
const faceInfoByFile = new WeakMap<Uint8Array, FaceInfo>();

function faceInfo(bytes: Uint8Array, fallbackName: string): FaceInfo {
  const cached = faceInfoByFile.get(bytes);
  if (cached) return cached;
  const font = createFont(bytes);
  const info = { name: font.postscriptName || fallbackName, codePoints: new Set(font.characterSet) };
  faceInfoByFile.set(bytes, info);
  return info;
}

/** Returns the faces with their names and the code points that both of them can draw. */
export function describeFonts(files: InvoiceFontFiles): InvoiceFonts {
  const regular = faceInfo(files.regular, 'InvoiceRegular');
  const bold = faceInfo(files.bold, 'InvoiceBold');
  const both = new Set<number>();
  for (const codePoint of regular.codePoints) {
    if (bold.codePoints.has(codePoint)) both.add(codePoint);
  }
  return { ...files, regularName: regular.name, boldName: bold.name, codePoints: both };
}

async function readDefaultFonts(): Promise<InvoiceFonts> {
  const require = createRequire(import.meta.url);
  const [regular, bold] = await Promise.all([
    readFile(require.resolve(REGULAR_FILE)),
    readFile(require.resolve(BOLD_FILE)),
  ]);
  return describeFonts({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) });
}

/**
 * Loads BIZ UDPGothic from node_modules once per process.
 * NOTE: this needs `node:fs`; runtimes without a file system (Cloudflare
 * Workers) pass the font bytes through `renderInvoicePdf`'s `fonts` option.
 */
export function loadDefaultFonts(): Promise<InvoiceFonts> {
  defaultFonts ??= readDefaultFonts().catch((error: unknown) => {
    defaultFonts = undefined;
    throw error;
  });
  return defaultFonts;
}
