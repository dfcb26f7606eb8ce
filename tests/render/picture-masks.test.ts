// PNG pictures with transparency (palette logos with a tRNS chunk, RGBA pictures): pdfkit decodes
// them asynchronously and gives each its soft mask when the decoding ends. Those masks must be
// numbered in the order the pictures are drawn, not in the order the decodings happen to end,
// or two builds of the same issue differ in their bytes.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Document, Op } from '../../src/display/types.js';
import type { PictureData } from '../../src/model/types.js';
import { renderPdf } from '../../src/render/pdf.js';
import { openFonts } from '../../src/text/measure.js';
import { join } from 'node:path';
import { repo } from '../helpers/project.js';

const fonts = openFonts({
  regular: join(repo, 'fonts', 'NotoSans-Regular.ttf'),
  bold: join(repo, 'fonts', 'NotoSans-Bold.ttf'),
  italic: join(repo, 'fonts', 'NotoSans-Italic.ttf'),
  boldItalic: join(repo, 'fonts', 'NotoSans-BoldItalic.ttf'),
});

/** A logo of few colours on a see-through ground, as a palette PNG with transparency (or RGBA). */
async function logo(width: number, height: number, seed: number, palette: boolean): Promise<PictureData> {
  // Noise makes the big one slow to inflate, so that later, smaller ones finish first.
  const noise = await sharp({ create: { width, height, channels: 4, background: { r: 20 * seed, g: 80, b: 160, alpha: 0.6 }, noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
  return { format: 'png', data: await sharp(noise).png({ palette, colours: 64, dither: 0 }).toBuffer() };
}

function doc(keys: readonly string[]): Document {
  const ops: Op[] = keys.map((k, i) => ({ kind: 'image', x: 10, y: 10 + i * 30, width: 60, height: 25, picture: k, alt: k, role: { kind: 'artifact' } }));
  return {
    pages: [{ number: 1, width: 595, height: 842, columns: [], ops }], outline: [], fileName: 'x.pdf', warnings: [],
    info: { title: 'T', author: '', subject: '', keywords: '', language: 'nb-NO', date: '2026-01-09' },
  };
}

/** Each image XObject's own object number and its soft mask's, in the order of the images' numbers. */
function masks(pdf: Buffer): [number, number][] {
  const text = pdf.toString('latin1');
  const out: [number, number][] = [];
  for (const m of text.matchAll(/(\d+) 0 obj\s*<<([^]*?)>>\s*stream/g)) {
    const smask = /\/SMask (\d+) 0 R/.exec(m[2]!);
    if (/\/Subtype \/Image/.test(m[2]!) && smask) out.push([Number(m[1]), Number(smask[1])]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

describe('soft masks of transparent PNGs', () => {
  it('are numbered in drawing order, and two renders give the same bytes', async () => {
    const pictures = new Map<string, PictureData>();
    pictures.set("a-big.png", await logo(1200, 900, 1, true));
    for (let i = 0; i < 5; i++) pictures.set(`b-small-${i}.png`, await logo(40 + 10 * i, 20, i + 2, i % 2 === 0));
    const keys = [...pictures.keys()];
    const first = await renderPdf(doc(keys), { fonts, pictures });
    const second = await renderPdf(doc(keys), { fonts, pictures });
    const m = masks(first);
    expect(m).toHaveLength(6);
    // Image n drawn before image n+1 has the lower-numbered mask.
    for (let i = 1; i < m.length; i++) expect(m[i]![1]).toBeGreaterThan(m[i - 1]![1]);
    expect(first.equals(second)).toBe(true);
  });
});
