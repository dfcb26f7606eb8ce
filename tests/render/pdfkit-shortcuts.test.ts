// Work of pdfkit's and fontkit's done another way in render/pdf.ts, with the same result: the
// font's post table header read ahead of fontkit (postHeaderOnly: the fields fontkit decodes, the
// glyph names still there on asking), and the named destinations sorted by one collator.
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postHeaderOnly, sortDestinationsByCollator } from '../../src/render/pdf.js';
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

describe('named destinations sorted by one collator', () => {
  it('in the order localeCompare gives', () => {
    const names = ['page-10', 'page-9', 'page-1', 'section-12', 'section-2', 'Åse', 'abc', 'B', 'a2-x', 'a10-x', 'æøå', 'Zebra', '_x', 'x_', 'page-1-a'];
    const tree = (patched: boolean) => {
      const pdf = new PDFDocument();
      if (patched) sortDestinationsByCollator(pdf);
      for (const n of names) pdf.addNamedDestination(n, 'XYZ', 0, 0, null);
      const dests = (pdf as unknown as { _root: { data: { Names: { data: { Dests: { _compareKeys: unknown; toString(): string } } } } } })._root.data.Names.data.Dests;
      return { text: dests.toString(), own: Object.hasOwn(dests, '_compareKeys') };
    };
    const theirs = tree(false);
    const ours = tree(true);
    expect(ours.own).toBe(true);
    expect(ours.text).toBe(theirs.text);
  });
});
