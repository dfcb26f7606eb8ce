// Work of pdfkit's and fontkit's done another way in render/pdf.ts, with the same result: the
// font's post table header read ahead of fontkit (postHeaderOnly: the fields fontkit decodes, the
// glyph names still there on asking), and the named destinations sorted by their bytes.
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postHeaderOnly, sortDestinationsByBytes } from '../../src/render/pdf.js';
import { repo } from '../helpers/project.js';

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
