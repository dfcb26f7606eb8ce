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

export class FontMeasurer implements Measurer {
  private readonly fonts: Record<Style, FontFile>;
  private readonly cache = new Map<string, number>();

  constructor(files: Readonly<Record<Style, string>>) {
    const open = (f: string) => fontkit.openSync(f) as FontFile;
    this.fonts = { regular: open(files.regular), bold: open(files.bold), italic: open(files.italic), boldItalic: open(files.boldItalic) };
  }

  width(text: string, style: Style, size: number): number {
    const key = style + '\u0000' + text;
    let units = this.cache.get(key);
    if (units === undefined) {
      const font = this.fonts[style];
      units = font.layout(text).advanceWidth / font.unitsPerEm;
      this.cache.set(key, units);
    }
    return units * size;
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
