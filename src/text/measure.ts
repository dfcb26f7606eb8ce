// Text measurement, passed into layout. Production measures with the real fonts (fontkit,
// the same shaper pdfkit draws with); unit tests use a fake font with fixed advances.
import { readFileSync, statSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { InputError } from '../issue/problems.js';
import type { Style } from '../model/types.js';
import { Shaper, type GlyphSource } from './shaper.js';

export interface Measurer {
  /** Advance width of `text` at `size` points, kerning included. */
  width(text: string, style: Style, size: number): number;
  /** The characters of `text` the font cannot draw. */
  missing(text: string, style: Style): string[];
  /**
   * Width of the first i UTF-16 code units of `text`, for i = 0 … text.length, from one
   * measuring of the whole (kerning inside included; a ligature's width shared among its
   * letters). Optional: without it, prefixes are measured one by one.
   */
  advances?(text: string, style: Style, size: number): number[];
}

/** An opened font file (fontkit). The measurer and the PDF writer share the same objects. */
export type FontFile = ReturnType<typeof fontkit.openSync> & {
  hasGlyphForCodePoint(cp: number): boolean;
  unitsPerEm: number;
};

export interface OpenFont {
  readonly font: FontFile;
  /** The font file, read once: the shaper reads its layout tables directly. */
  readonly bytes: Buffer;
}

export type Fonts = Readonly<Record<Style, OpenFont>>;

/** What a file that should be a font is, from its first bytes. */
function fontKind(b: Buffer): string {
  const tag = b.subarray(0, 4).toString('latin1');
  if (b.length >= 12 && (b.readUInt32BE(0) === 0x00010000 || tag === 'OTTO' || tag === 'true')) return 'sfnt';
  if (tag === 'wOFF' || tag === 'wOF2') return 'a web font (WOFF)';
  if (tag === 'ttcf') return 'a font collection (.ttc)';
  if (b.length === 0) return 'an empty file';
  return 'some other kind of file';
}

/** Opens a font family once; the same objects serve measuring and embedding. */
export function openFonts(files: Readonly<Record<Style, string>>): Fonts {
  const open = (f: string): OpenFont => {
    const bytes = readFileSync(f);
    const kind = fontKind(bytes);
    if (kind !== 'sfnt') throw new InputError([{ message: `${f}: ${kind}, not a font: expected a TrueType (.ttf) or OpenType (.otf) font file (the layout's fonts:)` }]);
    try {
      const font = fontkit.create(bytes) as FontFile;
      if (!font.unitsPerEm || typeof font.hasGlyphForCodePoint !== 'function') throw new Error('no glyphs');
      return { font, bytes };
    } catch (e) {
      throw new InputError([{ message: `${f}: cannot be read as a font (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): expected an undamaged TrueType (.ttf) or OpenType (.otf) font file (the layout's fonts:)` }]);
    }
  };
  return { regular: open(files.regular), bold: open(files.bold), italic: open(files.italic), boldItalic: open(files.boldItalic) };
}

/**
 * The measuring stage's cache: the fonts opened last and their measurer (with every word it
 * shaped), kept while the font files are the same files (path, size and modification time).
 */
export class FontCache {
  private entry?: { readonly key: string; readonly fonts: Fonts; readonly measurer: FontMeasurer };

  open(files: Readonly<Record<Style, string>>): { fonts: Fonts; measurer: FontMeasurer } {
    const key = JSON.stringify(
      (Object.keys(files) as Style[]).sort().map((style) => {
        const f = files[style];
        try {
          const s = statSync(f);
          return [style, f, s.size, s.mtimeMs];
        } catch {
          throw new InputError([{ message: `${f}: font file does not exist: expected a TrueType or OpenType font file (the layout's fonts:)` }]);
        }
      }),
    );
    if (this.entry?.key === key) return this.entry;
    const fonts = openFonts(files);
    this.entry = { key, fonts, measurer: new FontMeasurer(fonts) };
    return this.entry;
  }
}

/** A shaped word: glyphs and their advances in font units, as fontkit returns them. */
export interface Shaped {
  readonly glyphs: readonly { readonly id: number; readonly codePoints: readonly number[]; readonly advanceWidth: number }[];
  readonly positions: readonly { readonly xAdvance: number; readonly yAdvance: number; readonly xOffset: number; readonly yOffset: number }[];
  readonly advanceWidth: number;
}

/**
 * Measures with the font's own data: each word is shaped once (kerning and ligatures, see
 * shaper.ts) and kept, so the PDF writer draws exactly the glyphs that were measured without
 * shaping again.
 */
export class FontMeasurer implements Measurer {
  private readonly shaped = new Map<Style, Map<string, Shaped>>();
  private readonly shapers = new Map<Style, Shaper>();

  /** Units per em of each style, read once (fontkit's getter decodes the head table's field on every call). */
  private readonly upem: Readonly<Record<Style, number>>;

  constructor(private readonly fonts: Fonts) {
    this.upem = { regular: fonts.regular.font.unitsPerEm, bold: fonts.bold.font.unitsPerEm, italic: fonts.italic.font.unitsPerEm, boldItalic: fonts.boldItalic.font.unitsPerEm };
  }

  width(text: string, style: Style, size: number): number {
    return (this.shape(text, style).advanceWidth / this.upem[style]) * size;
  }

  private readonly advanceCache = new Map<string, number[]>();

  advances(text: string, style: Style, size: number): number[] {
    const key = `${style}\u0000${size}\u0000${text}`;
    const cached = this.advanceCache.get(key);
    if (cached) return cached;
    const out = this.measureAdvances(text, style, size);
    this.advanceCache.set(key, out);
    return out;
  }

  private measureAdvances(text: string, style: Style, size: number): number[] {
    const { glyphs, positions, advanceWidth } = this.shape(text, style);
    const scale = size / this.upem[style];
    const out = new Array<number>(text.length + 1);
    out[0] = 0;
    let at = 0;
    let x = 0;
    for (let i = 0; i < glyphs.length; i++) {
      const cps = glyphs[i]!.codePoints;
      let units = 0;
      for (let k = 0; k < cps.length; k++) units += cps[k]! > 0xffff ? 2 : 1;
      const advance = positions[i]!.xAdvance;
      for (let k = 1; k <= units && at + k <= text.length; k++) out[at + k] = (x + (advance * k) / units) * scale;
      x += advance;
      at += units;
    }
    // Where glyphs and characters do not line up (rare), fill in from the left.
    for (let i = 1; i < out.length; i++) if (out[i] === undefined) out[i] = out[i - 1]!;
    out[text.length] = advanceWidth * scale;
    return out;
  }

  /** The glyph run of a text, as measured (shaped once, then kept). */
  shape(text: string, style: Style): Shaped {
    let byText = this.shaped.get(style);
    if (!byText) this.shaped.set(style, (byText = new Map()));
    let run = byText.get(text);
    if (!run) byText.set(text, (run = this.shaperOf(style).shape(text)));
    return run;
  }

  private shaperOf(style: Style): Shaper {
    let shaper = this.shapers.get(style);
    if (!shaper) {
      const { font, bytes } = this.fonts[style];
      this.shapers.set(style, (shaper = new Shaper(font as unknown as GlyphSource, bytes)));
    }
    return shaper;
  }

  /** Whether each style's font has a glyph for a code point, as asked so far (the shaper's character map). */
  private readonly hasGlyph = new Map<Style, Map<number, boolean>>();

  missing(text: string, style: Style): string[] {
    const shaper = this.shaperOf(style);
    let known = this.hasGlyph.get(style);
    if (!known) this.hasGlyph.set(style, (known = new Map()));
    let out: Set<string> | undefined;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x20 || cp === 0xa0 || cp === 0xad) continue;
      let has = known.get(cp);
      if (has === undefined) known.set(cp, (has = shaper.has(cp)));
      if (!has) (out ??= new Set()).add(ch);
    }
    return out ? [...out] : [];
  }
}
