// Text written straight to the content stream (glyph-runs.ts) against pdfkit's own text() given
// the same shaped glyphs: the same bytes, so the same subset, widths, ToUnicode and positions.
import PDFDocument from 'pdfkit';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlyphRuns } from '../../src/render/glyph-runs.js';
import { fillShapeCache } from '../../src/render/pdf.js';
import { FontMeasurer, openFonts } from '../../src/text/measure.js';
import type { Style } from '../../src/model/types.js';
import { readPdf } from '../helpers/pdf.js';
import { repo } from '../helpers/project.js';

const fonts = openFonts({
  regular: join(repo, 'fonts', 'NotoSans-Regular.ttf'),
  bold: join(repo, 'fonts', 'NotoSans-Bold.ttf'),
  italic: join(repo, 'fonts', 'NotoSans-Italic.ttf'),
  boldItalic: join(repo, 'fonts', 'NotoSans-BoldItalic.ttf'),
});
const measurer = new FontMeasurer(fonts);
const lines: [string, Style, number][] = [
  ['AVATAR To Wa fjord: «Tålt» – 2025 ', 'regular', 10],
  ['Koordineringsenheten for ofre for menneskehandel', 'bold', 14.5],
  ['ﬁ fi ff ffi\ttab og æøå ÆØÅ', 'italic', 8.25],
  ['', 'boldItalic', 9],
  ['Vi’s «kursiv» fet.  To  mellomrom', 'boldItalic', 12],
];

/** A one-page PDF with our fonts, uncompressed, drawn by `draw`. */
function onePage(draw: (pdf: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const pdf = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) }, compress: false });
  for (const [style, { font }] of Object.entries(fonts)) pdf.registerFont(style, font as unknown as string);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  pdf.addPage({ size: [400, 300], margin: 0 });
  draw(pdf);
  pdf.end();
  return done;
}

function pdfOf(draw: (pdf: PDFKit.PDFDocument, text: string, style: Style, x: number, y: number) => void): Promise<Buffer> {
  return onePage((pdf) =>
    lines.forEach(([text, style, size], i) => {
      pdf.font(style).fontSize(size).fillColor('#1a1a1a');
      draw(pdf, text, style, 20 + i, 30 + 40 * i);
    }),
  );
}

describe('glyph runs written to the content stream', () => {
  it('letter-space each letter, a ligature by the letters it stands for, and read as the same words', async () => {
    const shape = (t: string, s: Style) => measurer.shape(t, s);
    const samples: [string, number][] = [['menneskehandel', -0.11], ['fine offisielle fjorder', 0.2], ['fine offisielle fjorder', 0]];
    const bytes = await onePage((pdf) => {
      const runs = new GlyphRuns(pdf, shape);
      samples.forEach(([text, cs], i) => {
        pdf.font('regular').fontSize(10).fillColor('#1a1a1a');
        expect(runs.write(text, 'regular', 20, 30 + 40 * i, cs)).toBe(true);
      });
    });
    expect(bytes.toString('latin1')).toContain('\n0.2 Tc\n');
    expect(bytes.toString('latin1')).toContain('\n-0.11 Tc\n');
    const read = await readPdf(bytes);
    samples.forEach(([text, cs], i) => {
      const items = read.pages[0]!.items.filter((it) => Math.abs(it.y - (30 + 40 * i)) < 1);
      expect(items.map((it) => it.str).join('').replace(/\s+/g, ' ').trim()).toBe(text);
      const width = items.reduce((s, it) => Math.max(s, it.x + it.width), 0) - Math.min(...items.map((it) => it.x));
      // Every letter advances by its spacing, the letters of fi and ffi too (pdf.js measures a
      // run to its last glyph without the spacing after it).
      expect(width).toBeCloseTo(measurer.width(text, 'regular', 10) + ([...text].length - 1) * cs, 2);
    });
  });

  it('give the bytes pdfkit writes for the same glyphs, and text extraction the same words', async () => {
    const shape = (t: string, s: Style) => measurer.shape(t, s);
    let runs: GlyphRuns | undefined;
    const direct = await pdfOf((pdf, text, style, x, y) => {
      runs ??= new GlyphRuns(pdf, shape);
      expect(runs.write(text, style, x, y)).toBe(true);
    });
    const pdfkit = await pdfOf((pdf, text, style, x, y) => {
      fillShapeCache(pdf, text, (t) => shape(t, style));
      pdf.text(text, x, y, { lineBreak: false, baseline: 'alphabetic' });
    });
    expect(direct.toString('latin1')).toContain('] TJ');
    expect(direct.equals(pdfkit)).toBe(true);
    const read = await readPdf(direct);
    const text = read.pages[0]!.text.replace(/\s+/g, ' ');
    for (const [line] of lines) for (const word of line.split(/\s+/).filter(Boolean)) expect(text).toContain(word.normalize('NFKC').replace(/ﬁ/g, 'fi'));
  });

  it('write nothing and say so when pdfkit has no font of its own set (its internals not as known)', () => {
    const pdf = new PDFDocument({ autoFirstPage: false });
    pdf.addPage();
    (pdf as unknown as { _font: unknown })._font = {};
    expect(new GlyphRuns(pdf, (t, s) => measurer.shape(t, s)).write('Tekst', 'regular', 0, 0)).toBe(false);
  });
});
