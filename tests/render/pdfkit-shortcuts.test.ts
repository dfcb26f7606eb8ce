// Work of pdfkit's and fontkit's done another way in render/pdf.ts, with the same result: the
// font's post table header read ahead of fontkit (postHeaderOnly: the fields fontkit decodes, the
// glyph names still there on asking), the named destinations sorted by their bytes, and fill
// colours written as pdfkit's fillColor() wrote them the first time (fillColours), and the file
// written in batches of lines (writeInBatches).
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillColours, postHeaderOnly, sortDestinationsByBytes, writeInBatches } from '../../src/render/pdf.js';
import { repo } from '../helpers/project.js';
import type { PaintColour } from '../../src/render/profile.js';

const files = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf', 'NotoSans-Italic.ttf', 'NotoSans-BoldItalic.ttf'];
const open = (name: string) => fontkit.create(readFileSync(join(repo, 'fonts', name))) as unknown as Record<string, unknown> & { post: Record<string, unknown> };

describe('post table header read ahead', () => {
  it.each(files)('%s: the fields fontkit decodes, glyph names included', (name) => {
    const theirs = open(name).post;
    const font = open(name);
    postHeaderOnly(font);
    const ours = font.post;
    for (const k of ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1']) {
      expect(ours[k], k).toBe(theirs[k]);
    }
    expect(ours.names).toEqual(theirs.names);
    expect(ours.glyphNameIndex).toEqual(theirs.glyphNameIndex);
    expect((font as unknown as { italicAngle: number }).italicAngle).toBe((open(name) as unknown as { italicAngle: number }).italicAngle);
  });

  it('leaves a font whose post table fontkit has already read alone', () => {
    const font = open(files[0]!);
    const decoded = font.post;
    postHeaderOnly(font);
    expect(font.post).toBe(decoded);
  });
});

describe('named destinations sorted by their bytes', () => {
  const tree = (names: readonly string[], patched: boolean) => {
    const pdf = new PDFDocument();
    if (patched) sortDestinationsByBytes(pdf);
    for (const n of names) pdf.addNamedDestination(n, 'XYZ', 0, 0, null);
    const dests = (pdf as unknown as { _root: { data: { Names: { data: { Dests: { toString(): string } } } } } })._root.data.Names.data.Dests;
    return dests.toString();
  };
  const keys = (text: string) => [...text.slice(text.indexOf('/Names')).matchAll(/\((.*?)\)/g)].map((m) => m[1]!);

  it('our names (page-N, section-N) in the order pdfkit gave them', () => {
    const names = [...Array.from({ length: 120 }, (_, i) => `page-${i + 1}`), ...Array.from({ length: 60 }, (_, i) => `section-${i + 1}`)].reverse();
    expect(tree(names, true)).toBe(tree(names, false));
  });

  it('any names in the order of their bytes, whatever the locale', () => {
    const names = ['page-10', 'B', 'aa-x', 'ab-x', 'z-x', '_x', 'a10', 'a9'];
    expect(keys(tree(names, true))).toEqual(['B', '_x', 'a10', 'a9', 'aa-x', 'ab-x', 'page-10', 'z-x']);
  });
});

describe('fill colours written again as pdfkit wrote them', () => {
  const colours: PaintColour[] = ['#1a1a1a', '#003366', [100, 69, 8, 54], '#1a1a1a', [0, 0, 0, 100], 'red', '#003366', [100, 69, 8, 54], '#1A1A1A', 'red'];
  const page = (fill: (pdf: PDFKit.PDFDocument, c: PaintColour) => void) => {
    const pdf = new PDFDocument({ compress: false, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
    const seen: unknown[] = [];
    for (const c of colours) {
      fill(pdf, c);
      seen.push((pdf as unknown as { _fillColor: unknown })._fillColor);
      pdf.rect(10, 10, 20, 20).fill();
    }
    pdf.end();
    return done.then((bytes) => ({ bytes, seen }));
  };

  it('the same bytes and the same fill colour state as fillColor() for hex, CMYK and named colours', async () => {
    const fill = fillColours();
    const ours = await page(fill);
    const theirs = await page((pdf, c) => pdf.fillColor(c));
    expect(ours.bytes.equals(theirs.bytes)).toBe(true);
    expect(ours.seen).toEqual(theirs.seen);
  });
});

describe('the file written in batches', () => {
  const file = (batched: boolean, compress: boolean) => {
    const pdf = new PDFDocument({ compress, autoFirstPage: false, info: { CreationDate: new Date(0), Title: 'Å være «ærlig» – ĳ' } });
    if (batched) writeInBatches(pdf);
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
    // Pages of some thousand operators and links each: more than one batch of 64 KiB.
    for (let p = 0; p < 6; p++) {
      pdf.addPage({ size: [400, 300], margin: 0 });
      for (let i = 0; i < 1500; i++) pdf.rect(i % 390, (i * 7) % 290, 3.25, 1.5).fill(i % 2 ? '#003366' : '#1a1a1a');
      for (let i = 0; i < 40; i++) pdf.link(i * 9, 10, 8, 8, `https://example.org/sak/${p}/${i}?å=ø`);
      pdf.addContent('(Æ) Tj ĳ');
    }
    pdf.end();
    return done;
  };

  it.each([false, true])('gives the bytes pdfkit writes line by line (compressed: %s)', async (compress) => {
    const theirs = await file(false, compress);
    expect(theirs.length).toBeGreaterThan(1 << 16);
    expect((await file(true, compress)).equals(theirs)).toBe(true);
  });
});
