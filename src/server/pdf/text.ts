/**
 * Fitting text to the embedded font: replacing characters it cannot draw and
 * wrapping lines to a width.
 *
 * @module
 */
import type { PDFFont } from 'pdf-lib';

/** Printed in place of a character the font has no glyph for. */
export const MISSING_GLYPH = '?';

/** Typographic characters that have a plain stand-in when the font lacks them. */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2212': '-', // minus sign, used by some locales' number formats
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2026': '...',
};

const SPACE_SEPARATOR = /\p{Zs}/u;
// Format characters (bidi marks, zero-width joiners, BOM) and control characters
// have no visible glyph, so they are dropped rather than shown as a mark.
const INVISIBLE = /[\p{Cf}\p{Cc}]/u;

/**
 * Turns arbitrary text into text the font can draw: NFC normalization, spaces
 * for every kind of space, invisible characters dropped, a plain stand-in or
 * `?` for anything else without a glyph. Line breaks become `\n` when
 * `multiline` is set and spaces otherwise.
 */
export function toDrawable(text: string, codePoints: ReadonlySet<number>, multiline = false): string {
  let result = '';
  for (const character of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (character === '\n') {
      result += multiline ? '\n' : ' ';
      continue;
    }
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoints.has(codePoint) && !INVISIBLE.test(character)) {
      result += character;
    } else if (SPACE_SEPARATOR.test(character) || character === '\t') {
      result += ' ';
    } else if (INVISIBLE.test(character)) {
      continue;
    } else {
      const substitute = SUBSTITUTES[character];
      result += substitute !== undefined && [...substitute].every((part) => codePoints.has(part.codePointAt(0) ?? 0))
        ? substitute
        : MISSING_GLYPH;
    }
  }
  return result;
}

/** True when every visible character of `text` has a glyph in the font. */
export function canDraw(text: string, codePoints: ReadonlySet<number>): boolean {
  for (const character of text.normalize('NFC')) {
    if (SPACE_SEPARATOR.test(character) || INVISIBLE.test(character)) continue;
    if (!codePoints.has(character.codePointAt(0) ?? 0)) return false;
  }
  return true;
}

// Characters after which a line may break without a space: CJK ideographs,
// kana, Hangul and full-width forms, as line breaking in East Asian text allows.
const BREAK_AFTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u;
// Closing punctuation that must not start a line (a simplified kinsoku rule).
const NO_LINE_START = /[、。，．・：；？！）」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;!?)\]}%]/u;

/**
 * Wraps drawable text to `maxWidth` points: at spaces, between East Asian
 * characters, and inside a word only when the word alone is too wide.
 * Explicit line breaks (`\n`) are kept.
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    lines.push(...wrapParagraph(paragraph, font, size, maxWidth));
  }
  return lines;
}

function wrapParagraph(paragraph: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const characters = [...paragraph];
  if (characters.length === 0) return [''];

  const lines: string[] = [];
  let start = 0;
  while (start < characters.length) {
    let end = start;
    let lastBreak = -1;
    while (end < characters.length) {
      const candidate = characters.slice(start, end + 1).join('');
      if (end > start && font.widthOfTextAtSize(candidate, size) > maxWidth) break;
      const current = characters[end] ?? '';
      const next = characters[end + 1] ?? '';
      if (current === ' ' || (BREAK_AFTER.test(current) && !NO_LINE_START.test(next)) || (BREAK_AFTER.test(next) && !NO_LINE_START.test(next))) {
        lastBreak = end + 1;
      }
      end += 1;
    }

    if (end >= characters.length) {
      lines.push(characters.slice(start).join('').trimEnd());
      break;
    }
    const cut = lastBreak > start ? lastBreak : end;
    lines.push(characters.slice(start, cut).join('').trimEnd());
    start = cut;
    while (characters[start] === ' ') start += 1;
  }
  return lines;
}

/**
 * Shortens text with a trailing ellipsis until it fits `maxWidth`. Returns the
 * text unchanged when it already fits.
 */
export function truncateToWidth(text: string, font: PDFFont, size: number, maxWidth: number, ellipsis: string): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  const characters = [...text];
  while (characters.length > 0) {
    characters.pop();
    const candidate = `${characters.join('').trimEnd()}${ellipsis}`;
    if (font.widthOfTextAtSize(candidate, size) <= maxWidth) return candidate;
  }
  return ellipsis;
}
