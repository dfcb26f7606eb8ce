// Text measurement, passed into layout. Production measures with the real fonts (fontkit,
// the same shaper pdfkit draws with); unit tests use a fake font with fixed advances.
import * as fontkit from 'fontkit';
import type { Style } from '../model/types.js';

export interface Measurer {
  /** Advance width of `text` at `size` points, kerning included. */
  width(text: string, style: Style, size: number): number;
  /** Distance from baseline to the top of the tallest letters, at `size`. */
  ascent(style: Style, size: number): number;
  /** The characters of `text` the font cannot draw. */
  missing(text: string, style: Style): string[];
}

type FontFile = ReturnType<typeof fontkit.openSync> & {
  layout(text: string, features?: string[]): { advanceWidth: number };
  hasGlyphForCodePoint(cp: number): boolean;
  unitsPerEm: number;
  ascent: number;
};

/**
 * Measures with fontkit. Shaping every word is slow, so a word's width is built from cached
 * glyph advances plus the adjustment each pair of letters gets when shaped together
 * (kerning, and ligatures such as "fi"), which is what shaping the whole word gives in Latin,
 * Cyrillic and Sámi text.
 */
export class FontMeasurer implements Measurer {
  private readonly fonts: Record<Style, FontFile>;
  private readonly advances = new Map<string, number>();
  private readonly pairs = new Map<string, number>();
  private readonly words = new Map<string, number>();

  constructor(files: Readonly<Record<Style, string>>) {
    const open = (f: string) => fontkit.openSync(f) as FontFile;
    this.fonts = { regular: open(files.regular), bold: open(files.bold), italic: open(files.italic), boldItalic: open(files.boldItalic) };
  }

  width(text: string, style: Style, size: number): number {
    const key = style + text;
    let units = this.words.get(key);
    if (units === undefined) {
      units = 0;
      let prev = '';
      for (const ch of text) {
        units += this.advance(ch, style);
        if (prev) units += this.pair(prev, ch, style);
        prev = ch;
      }
      this.words.set(key, units);
    }
    return units * size;
  }

  /** Advance of one character in em. */
  private advance(ch: string, style: Style): number {
    const key = style + ch;
    let a = this.advances.get(key);
    if (a === undefined) {
      const font = this.fonts[style];
      a = font.layout(ch).advanceWidth / font.unitsPerEm;
      this.advances.set(key, a);
    }
    return a;
  }

  /** What shaping two characters together changes, in em. */
  private pair(a: string, b: string, style: Style): number {
    const key = style + a + b;
    let k = this.pairs.get(key);
    if (k === undefined) {
      const font = this.fonts[style];
      k = font.layout(a + b).advanceWidth / font.unitsPerEm - this.advance(a, style) - this.advance(b, style);
      this.pairs.set(key, k);
    }
    return k;
  }
  ascent(style: Style, size: number): number {
    const font = this.fonts[style];
    return (font.ascent / font.unitsPerEm) * size;
  }

  missing(text: string, style: Style): string[] {
    const font = this.fonts[style];
    const out = new Set<string>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x20 || cp === 0xa0 || cp === 0xad) continue;
      if (!font.hasGlyphForCodePoint(cp)) out.add(ch);
    }
    return [...out];
  }
}
