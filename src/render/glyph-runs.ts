// Text written to the page's content stream as the glyphs layout shaped and measured, instead of
// through pdfkit's text(), which lays the text out again (options, words, widths, a line
// wrapper) before it writes the same operators. The font stays pdfkit's: each glyph is entered in
// its subset (so embedding, widths and the ToUnicode map, which text extraction reads, are
// pdfkit's own) and the page's font resource is pdfkit's; colour is set by the caller through
// fillColor(). Relies on pdfkit internals (`_font.subset`, `widths`, `unicode`, `scale`, `id`,
// `ref()`, `page.fonts`): where they are not as expected, `write` returns false and the caller
// draws with pdfkit's text().
import type { Style } from '../model/types.js';
import type { Shaped } from '../text/measure.js';

type Pdf = PDFKit.PDFDocument;

interface PdfkitFont {
  readonly id: string;
  readonly scale: number;
  readonly subset: { includeGlyph(glyph: number): number };
  readonly widths: (number | undefined)[];
  readonly unicode: (readonly number[] | undefined)[];
  ref(): unknown;
}

interface PdfkitInternals {
  readonly _font?: Partial<PdfkitFont>;
  readonly _fontSize?: number;
  readonly page?: { readonly height: number; readonly fonts?: Record<string, unknown> };
}

function known(font: Partial<PdfkitFont> | undefined): font is PdfkitFont {
  return (
    !!font && typeof font.id === 'string' && typeof font.scale === 'number' && typeof font.subset?.includeGlyph === 'function' &&
    Array.isArray(font.widths) && Array.isArray(font.unicode) && typeof font.ref === 'function'
  );
}

/** A number as pdfkit writes it in a content stream: at most six decimals. */
export function pdfNumber(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Words and their following space or tab, as pdfkit and the measurer shape them. */
const CHUNK = /[^ \t]*[ \t]|[^ \t]+$/g;

export class GlyphRuns {
  /** Per pdfkit font: original glyph id → its id in the subset as four hex digits. */
  private readonly hex = new Map<PdfkitFont, Map<number, string>>();

  constructor(
    private readonly pdf: Pdf,
    private readonly shape: (text: string, style: Style) => Shaped,
  ) {}

  /**
   * Enters every glyph of `texts` in the current font's subset (set by the caller with
   * pdf.font()), in the order of their ids in the font, before any is written. pdfkit numbers a
   * subset's glyphs in the order of their first use, so an edit that brought a letter forward
   * renumbered the glyphs of every later page, and those pages' content streams and the subset's
   * bytes changed with it; entered here in one order for one set of glyphs, they stay as they
   * were. The width and the characters a glyph stands for (the ToUnicode map) are those of its
   * first use in `texts`, as `write` would enter them. False, entering nothing, when pdfkit is
   * not as this code knows it.
   */
  enter(texts: Iterable<string>, style: Style): boolean {
    const font = (this.pdf as unknown as PdfkitInternals)._font;
    if (!known(font)) return false;
    const chunks = new Set<string>();
    for (const text of texts) for (const chunk of text.match(CHUNK) ?? []) chunks.add(chunk);
    const first = new Map<number, Shaped['glyphs'][number]>();
    for (const chunk of chunks) for (const glyph of this.shape(chunk, style).glyphs) if (!first.has(glyph.id)) first.set(glyph.id, glyph);
    let ids = this.hex.get(font);
    if (!ids) this.hex.set(font, (ids = new Map()));
    for (const id of [...first.keys()].sort((a, b) => a - b)) if (!ids.has(id)) this.include(font, ids, first.get(id)!);
    return true;
  }

  /** A glyph entered in the font's subset: its id there as four hex digits. */
  private include(font: PdfkitFont, ids: Map<number, string>, glyph: Shaped['glyphs'][number]): string {
    const sub = font.subset.includeGlyph(glyph.id);
    const gid = `0000${sub.toString(16)}`.slice(-4);
    ids.set(glyph.id, gid);
    if (font.widths[sub] == null) font.widths[sub] = glyph.advanceWidth * font.scale;
    if (font.unicode[sub] == null) font.unicode[sub] = glyph.codePoints;
    return gid;
  }

  /**
   * Writes `text` with its left end of the baseline at (x, y), in the current font and size
   * (set by the caller with pdf.font() and fontSize()), `letterSpacing` points after each glyph
   * (Tc); false, writing nothing, when pdfkit is not as this code knows it.
   */
  write(text: string, style: Style, x: number, y: number, letterSpacing = 0): boolean {
    const pdf = this.pdf as unknown as PdfkitInternals;
    const font = pdf._font;
    const page = pdf.page;
    const size = pdf._fontSize;
    if (!known(font) || !page?.fonts || typeof size !== 'number') return false;
    if (text.length === 0) return true;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    let ids = this.hex.get(font);
    if (!ids) this.hex.set(font, (ids = new Map()));

    const scale = font.scale;
    const em = size / 1000;
    // In pdfkit's y-down page space: flipped back for the text, as pdfkit's own text() does.
    const top = page.height;
    const ty = top - y;
    let tx = x;
    // The flip as pdfkit's save(), transform() and restore() write it (their net effect on
    // pdfkit's state is none), all of the run in one write.
    const out: string[] = ['q', `1 0 0 -1 0 ${pdfNumber(top)} cm`, 'BT', `1 0 0 1 ${pdfNumber(tx)} ${pdfNumber(ty)} Tm`, `/${font.id} ${pdfNumber(size)} Tf`];
    // Tc is text state, which Q restores: it holds for this run only.
    if (letterSpacing !== 0) out.push(`${pdfNumber(letterSpacing)} Tc`);
    let segment = '';
    let shown = '';
    let hadOffset = false;
    const flush = () => {
      if (segment) shown += (shown ? ' ' : '') + `<${segment}> 0`;
      segment = '';
      if (shown) out.push(`[${shown}] TJ`);
      shown = '';
    };
    for (const chunk of text.match(CHUNK) ?? []) {
      const run = this.shape(chunk, style);
      for (let i = 0; i < run.glyphs.length; i++) {
        const glyph = run.glyphs[i]!;
        const p = run.positions[i]!;
        const gid = ids.get(glyph.id) ?? this.include(font, ids, glyph);
        if (p.xOffset || p.yOffset) {
          // A mark placed off its advance: its own text position.
          flush();
          out.push(`1 0 0 1 ${pdfNumber(tx + p.xOffset * scale * em)} ${pdfNumber(ty + p.yOffset * scale * em)} Tm`);
          shown = `<${gid}> ${pdfNumber(-(p.xAdvance - glyph.advanceWidth) * scale)}`;
          flush();
          hadOffset = true;
        } else {
          if (hadOffset) {
            out.push(`1 0 0 1 ${pdfNumber(tx)} ${pdfNumber(ty)} Tm`);
            hadOffset = false;
          }
          segment += gid;
          // Letter spacing is given per letter: a ligature (fi) gets the share of each it stands for.
          const ligature = letterSpacing !== 0 && glyph.codePoints.length > 1 ? ((glyph.codePoints.length - 1) * letterSpacing * 1000) / size : 0;
          const kern = (p.xAdvance - glyph.advanceWidth) * scale + ligature;
          if (kern !== 0) {
            shown += (shown ? ' ' : '') + `<${segment}> ${pdfNumber(-kern)}`;
            segment = '';
          }
        }
        tx += p.xAdvance * scale * em + letterSpacing * Math.max(1, glyph.codePoints.length);
      }
    }
    flush();
    out.push('ET', 'Q', '');
    // As bytes: pdfkit turns a string into bytes one character at a time.
    this.pdf.addContent(Buffer.from(out.join('\n'), 'latin1') as unknown as string);
    return true;
  }
}
