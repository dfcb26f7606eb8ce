// Pictures per output profile: resampled to what their placed size needs, never upscaled,
// JPEG for photographs and PNG for flat graphics, cached by content and settings.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document, Op } from '../../src/display/types.js';
import { readHeader } from '../../src/issue/picture-header.js';
import { MM } from '../../src/layout/theme.js';
import type { PictureData } from '../../src/model/types.js';
import { preparePictures } from '../../src/render/pictures.js';
import type { PicturePolicy } from '../../src/render/profile.js';

const screen: PicturePolicy = { ppi: 150, resampleAbove: 165, jpegQuality: 80, photosAsJpeg: true, srgb: true, keepCmyk: false, smallest: true };
const print: PicturePolicy = { ppi: 300, resampleAbove: 450, warnBelow: 200, warnPlaceholders: true, jpegQuality: 92, photosAsJpeg: false, srgb: true, keepCmyk: true, smallest: false };

/** A page placing each picture at the given width in millimetres. */
function placed(pictures: Record<string, { mm: number; aspect: number }>): Document {
  const ops: Op[] = Object.entries(pictures).map(([file, { mm, aspect }], i) => ({
    kind: 'image', x: 0, y: i * 100, width: mm * MM, height: (mm * MM) / aspect, picture: file, alt: file, role: { kind: 'artifact' },
  }));
  return {
    pages: [{ number: 1, width: 595, height: 842, columns: [], ops }], outline: [], fileName: 'x.pdf', warnings: [],
    info: { title: '', author: '', subject: '', keywords: '', language: 'nb-NO', date: '2026-01-09' },
  };
}

/** Something like a photograph: smooth noise, every pixel a little different. */
async function photo(width: number, height: number, format: 'jpeg' | 'png'): Promise<PictureData> {
  const img = sharp({ create: { width, height, channels: 3, background: '#6a8caf', noise: { type: 'gaussian', mean: 120, sigma: 40 } } }).blur(1.2);
  return format === 'jpeg' ? { format, data: await img.jpeg({ quality: 90 }).toBuffer() } : { format, data: await img.png().toBuffer() };
}

async function logo(width: number, height: number): Promise<PictureData> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#003865"/></svg>`;
  return { format: 'png', data: await sharp(Buffer.from(svg)).png().toBuffer() };
}

let big: PictureData;
let small: PictureData;
let pngPhoto: PictureData;
let flat: PictureData;

beforeAll(async () => {
  [big, small, pngPhoto, flat] = await Promise.all([photo(3000, 4000, 'jpeg'), photo(200, 100, 'jpeg'), photo(1600, 1200, 'png'), logo(1200, 600)]);
});

const size = (p: PictureData) => readHeader(p.data)!;

describe('pictures for the screen', () => {
  it('resamples a large photograph to 150 ppi at its placed size, as JPEG', async () => {
    const r = await preparePictures(placed({ big: { mm: 60, aspect: 0.75 } }), new Map([['big', big]]), screen);
    const out = r.pictures.get('big')!;
    expect(out.format).toBe('jpeg');
    expect(size(out).width).toBe(Math.round((60 / 25.4) * 150));
    expect(r.report[0]!.action).toBe('resampled');
    expect(out.data.length).toBeLessThan(big.data.length / 20);
  });

  it('never upscales: a small picture stays as it is', async () => {
    const r = await preparePictures(placed({ small: { mm: 80, aspect: 2 } }), new Map([['small', small]]), screen);
    expect(r.pictures.get('small')).toBe(small);
    expect(r.report[0]!.action).toBe('kept');
  });

  it('writes a photograph saved as PNG as JPEG, and keeps a flat graphic with transparency a PNG', async () => {
    const r = await preparePictures(
      placed({ photo: { mm: 80, aspect: 4 / 3 }, logo: { mm: 30, aspect: 2 } }),
      new Map([['photo', pngPhoto], ['logo', flat]]),
      screen,
    );
    expect(r.pictures.get('photo')!.format).toBe('jpeg');
    const l = r.pictures.get('logo')!;
    expect(l.format).toBe('png');
    expect((await sharp(l.data).metadata()).hasAlpha).toBe(true);
    expect(size(l).width).toBe(Math.round((30 / 25.4) * 150));
  });

  it('caches by content and settings: a rebuild takes the processed picture from the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-cache-'));
    const doc = placed({ big: { mm: 60, aspect: 0.75 } });
    const first = await preparePictures(doc, new Map([['big', big]]), screen, { cacheDir });
    const again = await preparePictures(doc, new Map([['big', big]]), screen, { cacheDir });
    expect(first.report[0]!.cached).toBe(false);
    expect(again.report[0]!.cached).toBe(true);
    expect(again.pictures.get('big')!.data.equals(first.pictures.get('big')!.data)).toBe(true);
    // Other settings, another entry.
    await preparePictures(placed({ big: { mm: 40, aspect: 0.75 } }), new Map([['big', big]]), screen, { cacheDir });
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });
});

describe('pictures for print', () => {
  it('keeps full resolution up to 300 ppi, brings sharper pictures down to 300 ppi', async () => {
    const r = await preparePictures(placed({ big: { mm: 60, aspect: 0.75 }, photo: { mm: 120, aspect: 4 / 3 } }), new Map([['big', big], ['photo', pngPhoto]]), print);
    expect(size(r.pictures.get('big')!).width).toBe(Math.round((60 / 25.4) * 300));
    // 1600 px over 120 mm is 339 ppi: kept as it is, a PNG stays a PNG.
    expect(r.pictures.get('photo')).toBe(pngPhoto);
  });

  it('names each picture below 200 ppi in a warning', async () => {
    const r = await preparePictures(placed({ '/p/small.jpg': { mm: 80, aspect: 2 }, big: { mm: 60, aspect: 0.75 } }), new Map([['/p/small.jpg', small], ['big', big]]), print, { root: '/p' });
    expect(r.warnings).toEqual([expect.stringMatching(/^picture small\.jpg has 63 ppi at its placed size \(80 mm wide\)/)]);
  });
});

describe('the colour of pictures', () => {
  it('turns a CMYK photograph into sRGB on screen (PDF/A with an sRGB OutputIntent) and keeps it CMYK in print', async () => {
    const cmyk: PictureData = { format: 'jpeg', data: await sharp({ create: { width: 300, height: 200, channels: 3, background: '#6a8caf' } }).toColourspace('cmyk').jpeg().toBuffer() };
    expect((await sharp(cmyk.data).metadata()).space).toBe('cmyk');
    // Placed at its own resolution's size: nothing to resample.
    const doc = placed({ 'c.jpg': { mm: (300 / 300) * 25.4, aspect: 1.5 } });
    const onScreen = await preparePictures(doc, new Map([['c.jpg', cmyk]]), { ...screen, resampleAbove: 1e9 });
    expect((await sharp(onScreen.pictures.get('c.jpg')!.data).metadata()).space).toBe('srgb');
    const inPrint = await preparePictures(doc, new Map([['c.jpg', cmyk]]), print);
    expect(inPrint.pictures.get('c.jpg')!.data.equals(cmyk.data)).toBe(true);
  });

  it('turns a picture in another RGB space (Display P3) into sRGB in both profiles, since the PDF writes it as sRGB', async () => {
    const p3: PictureData = { format: 'png', data: await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ff2000' } }).withIccProfile('p3').png().toBuffer() };
    const doc = placed({ 'p3.png': { mm: 25.4, aspect: 1.5 } });
    for (const policy of [{ ...screen, resampleAbove: 1e9 }, print]) {
      const out = (await preparePictures(doc, new Map([['p3.png', p3]]), policy)).pictures.get('p3.png')!;
      expect(out.data.equals(p3.data)).toBe(false);
      const icc = (await sharp(out.data).metadata()).icc;
      expect(icc === undefined || icc.toString('latin1').includes('sRGB')).toBe(true);
    }
  });

  it('names a placeholder picture in a print build, not on screen', async () => {
    const { markPlaceholder } = await import('../../src/issue/placeholder-mark.js');
    const grey: PictureData = { format: 'png', data: markPlaceholder(await sharp({ create: { width: 600, height: 400, channels: 3, background: '#cccccc' } }).png().toBuffer()) };
    const doc = placed({ 'bilde.png': { mm: 50, aspect: 1.5 } });
    expect((await preparePictures(doc, new Map([['bilde.png', grey]]), print)).warnings).toEqual([expect.stringMatching(/^picture bilde\.png is a placeholder/)]);
    expect((await preparePictures(doc, new Map([['bilde.png', grey]]), screen)).warnings).toEqual([]);
  });
});
