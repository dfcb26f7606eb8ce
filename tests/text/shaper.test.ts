// Our shaper must give exactly what fontkit's full OpenType shaper gives for the text we set.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { Shaper, type GlyphSource } from '../../src/text/shaper.js';
import { repo } from '../helpers/project.js';

const text = [
  readFileSync(join(repo, 'issues', '2025-4', 'issue.yaml'), 'utf8'),
  readFileSync(join(repo, 'assets', 'standing', 'tools.yaml'), 'utf8'),
  'AV To Te Ty Yo Wa f) ffi ffl fi fl Жжёйщ Съезд áčđŋšŧž Áigi «sitat» 3.–4. 2025–2030 «Ƶ»',
].join(' ');
const words = [...new Set(text.split(/\s+/).filter((w) => w !== ''))];

describe('shaper', () => {
  for (const style of ['Regular', 'Bold', 'Italic', 'BoldItalic']) {
    it(`gives fontkit's glyphs and advances for every word of the reference issue (${style})`, () => {
      const bytes = readFileSync(join(repo, 'fonts', `NotoSans-${style}.ttf`));
      const reference = fontkit.create(bytes) as unknown as { layout(t: string): { glyphs: { id: number; codePoints: number[]; advanceWidth: number }[]; advanceWidth: number } };
      const shaper = new Shaper(fontkit.create(bytes) as unknown as GlyphSource, bytes);
      expect(words.length).toBeGreaterThan(2000);
      const differing = words.filter((w) => {
        const a = reference.layout(w);
        const b = shaper.shape(w);
        // Each glyph as fontkit's: its id, its code points (for the PDF's text) and its own advance.
        const glyphs = (gs: readonly { id: number; codePoints: readonly number[]; advanceWidth: number }[]) => gs.map((g) => `${g.id}:${g.codePoints.join('+')}:${g.advanceWidth}`).join();
        return a.advanceWidth !== b.advanceWidth || glyphs(a.glyphs) !== glyphs(b.glyphs);
      });
      expect(differing).toEqual([]);
    });
  }

  it("reads the character map and advances as fontkit does: every code point to U+2FFF and some beyond, in each style", () => {
    for (const style of ['Regular', 'Bold', 'Italic', 'BoldItalic']) {
      const bytes = readFileSync(join(repo, 'fonts', `NotoSans-${style}.ttf`));
      const reference = fontkit.create(bytes) as unknown as { glyphForCodePoint(cp: number): { id: number; advanceWidth: number }; hasGlyphForCodePoint(cp: number): boolean };
      const shaper = new Shaper(fontkit.create(bytes) as unknown as GlyphSource, bytes);
      const points = [...Array.from({ length: 0x3000 }, (_, i) => i), 0xfb01, 0xfffd, 0x1f600, 0x10ffff];
      const differing = points.filter((cp) => {
        const ours = shaper.shape(String.fromCodePoint(cp)).glyphs;
        const theirs = reference.glyphForCodePoint(cp);
        // One code point, one glyph (a lone ligature part stays itself).
        return ours.length !== 1 || ours[0]!.id !== theirs.id || ours[0]!.advanceWidth !== theirs.advanceWidth || shaper.has(cp) !== reference.hasGlyphForCodePoint(cp);
      });
      expect(differing.map((cp) => cp.toString(16))).toEqual([]);
      expect(points.filter((cp) => shaper.has(cp)).length).toBeGreaterThan(1000);
    }
  });

  it('kerns and ligates (so the comparison above is not vacuous)', () => {
    const bytes = readFileSync(join(repo, 'fonts', 'NotoSans-Regular.ttf'));
    const shaper = new Shaper(fontkit.create(bytes) as unknown as GlyphSource, bytes);
    const av = shaper.shape('AV');
    expect(av.positions[0]!.xAdvance).toBeLessThan(av.glyphs[0]!.advanceWidth);
    expect(shaper.shape('fi').glyphs.length).toBe(1);
    expect(shaper.shape('fi').glyphs[0]!.codePoints).toEqual([0x66, 0x69]);
  });
});
