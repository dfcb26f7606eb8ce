// readPng (render/pdf.ts) gives pdfkit the object png-js's own reading gives, field for field.
import PNG from 'png-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPng } from '../../src/render/pdf.js';

async function kinds(): Promise<Record<string, Buffer>> {
  const svg = (w: number, h: number) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w / 2}" height="${h}" fill="#336699"/><circle cx="${w / 2}" cy="${h / 2}" r="${h / 3}" fill="#cc3300" fill-opacity="0.5"/></svg>`);
  return {
    'palette with transparency': await sharp(svg(120, 60)).png({ palette: true, colours: 8 }).toBuffer(),
    rgba: await sharp(svg(90, 40)).png().toBuffer(),
    rgb: await sharp(svg(90, 40)).flatten({ background: '#ffffff' }).png().toBuffer(),
    grey: await sharp(svg(50, 30)).flatten({ background: '#ffffff' }).greyscale().png().toBuffer(),
    'grey with alpha': await sharp(svg(50, 30)).greyscale().png().toBuffer(),
    interlaced: await sharp(svg(64, 64)).png({ progressive: true }).toBuffer(),
    'with text': await sharp(svg(40, 20)).png().withMetadata().toBuffer(),
    'many IDAT chunks': await sharp({ create: { width: 900, height: 700, channels: 3, background: '#888888', noise: { type: 'gaussian', mean: 128, sigma: 50 } } }).png({ compressionLevel: 0 }).toBuffer(),
  };
}

describe('readPng', () => {
  it("reads every kind of PNG into png-js's fields", async () => {
    for (const [kind, bytes] of Object.entries(await kinds())) {
      const theirs = new (PNG as unknown as new (b: Buffer) => Record<string, unknown>)(bytes);
      const ours = readPng(bytes, Object.getPrototypeOf(theirs) as object) as Record<string, unknown>;
      expect(ours, kind).toBeDefined();
      const fields = (o: Record<string, unknown>) => ({ ...o, data: undefined, imgData: Buffer.from(o.imgData as Uint8Array).toString('base64') });
      expect(fields(ours), kind).toEqual(fields(theirs));
      expect(ours.imgData, kind).toBeInstanceOf(Uint8Array);
    }
  });

  it('gives up on a file cut short, for pdfkit to read (and refuse) itself', async () => {
    const bytes = (await kinds()).rgb;
    expect(readPng(bytes.subarray(0, bytes.length - 20), {})).toBeUndefined();
  });
});
