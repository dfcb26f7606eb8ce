// Pictures for the web page: each placed picture resampled with sharp to the size it is shown
// at (1×) and twice that (2×, for sharp screens), never upscaled, as WebP; named by the hash of
// their bytes, so the same picture gives the same file name and a changed one a new name.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { slug } from '../issue/load.js';
import type { Issue, PictureData } from '../model/types.js';
import { tempName } from '../io/files.js';

/** CSS pixels: the widest an article's column gets (see css.ts), a one-column page's text, a logo's height. */
export const COLUMN_PX = 560;
export const LOGO_HEIGHT_PX = 40;
export const LOGO_MAX_WIDTH_PX = 160;
export const PICTURE_MAX_HEIGHT_PX = 520;

export interface WebPicture {
  readonly src1: string;
  readonly src2?: string;
  /** CSS pixels at 1×. */
  readonly width: number;
  readonly height: number;
}

export interface Asset {
  /** Relative to the page's folder, with `/`. */
  readonly path: string;
  readonly bytes: Buffer;
}

export function pictureKey(file: string, slot: number | 'logo'): string {
  return `${file}\u0000${slot}`;
}

interface Slot {
  readonly key: string;
  readonly file: string;
  readonly width: number;
  readonly height: number;
}

/** The sizes each picture is shown at, in CSS pixels. Pure. */
export function slots(issue: Issue): Slot[] {
  const out = new Map<string, Slot>();
  for (const s of issue.sections) {
    for (const a of s.articles) {
      if (a.logo) {
        const p = a.logo.picture;
        let h = Math.min(LOGO_HEIGHT_PX, p.pixelHeight);
        let w = Math.round((h * p.pixelWidth) / p.pixelHeight);
        if (w > LOGO_MAX_WIDTH_PX) (w = LOGO_MAX_WIDTH_PX), (h = Math.max(1, Math.round((w * p.pixelHeight) / p.pixelWidth)));
        const key = pictureKey(p.file, 'logo');
        out.set(key, { key, file: p.file, width: Math.max(1, w), height: Math.max(1, h) });
      }
      for (const b of a.body) {
        if (b.kind !== 'picture') continue;
        const p = b.picture;
        let w = Math.min(Math.round((COLUMN_PX * b.width) / 100), p.pixelWidth);
        let h = Math.round((w * p.pixelHeight) / p.pixelWidth);
        if (h > PICTURE_MAX_HEIGHT_PX) (h = PICTURE_MAX_HEIGHT_PX), (w = Math.round((h * p.pixelWidth) / p.pixelHeight));
        const key = pictureKey(p.file, b.width);
        out.set(key, { key, file: p.file, width: Math.max(1, w), height: Math.max(1, h) });
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Bump when the encoding below changes: cached pictures of an older version are not used. */
const WEB_VERSION = 1;

export async function webPictures(
  issue: Issue,
  options: { readonly quality: number; readonly cacheDir?: string },
): Promise<{ pictures: Map<string, WebPicture>; assets: Asset[] }> {
  const pictures = new Map<string, WebPicture>();
  const assets = new Map<string, Asset>();
  for (const slot of slots(issue)) {
    const data = issue.pictures.get(slot.file);
    if (!data) continue;
    const full = { width: 0, height: 0 };
    const { default: sharp } = await import('sharp');
    const meta = await sharp(data.data).metadata();
    full.width = meta.width ?? slot.width;
    full.height = meta.height ?? slot.height;
    const stem = slug(basename(slot.file, extname(slot.file)));
    const version = async (scale: 1 | 2) => {
      const width = Math.min(slot.width * scale, full.width);
      const height = Math.max(1, Math.round((width * full.height) / full.width));
      const bytes = await encode(data, width, height, options.quality, options.cacheDir);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
      const path = `bilder/${stem}-${hash}-${width}.webp`;
      assets.set(path, { path, bytes });
      return { path, width };
    };
    const one = await version(1);
    // A 2× version only where the original has more pixels than the 1× version.
    const two = full.width > one.width ? await version(2) : undefined;
    pictures.set(slot.key, { src1: one.path, ...(two && two.path !== one.path ? { src2: two.path } : {}), width: slot.width, height: slot.height });
  }
  return { pictures, assets: [...assets.values()].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

async function encode(data: PictureData, width: number, height: number, quality: number, cacheDir: string | undefined): Promise<Buffer> {
  const settings = { v: WEB_VERSION, width, height, quality };
  const key = createHash('sha256').update(data.data).update(JSON.stringify(settings)).digest('hex').slice(0, 32);
  const file = cacheDir ? join(cacheDir, `web-${key}.webp`) : undefined;
  if (file && existsSync(file)) {
    const cached = readFileSync(file);
    // A whole WebP file: RIFF, its length, WEBP.
    if (cached.length > 12 && cached.toString('latin1', 0, 4) === 'RIFF' && cached.readUInt32LE(4) + 8 === cached.length) return cached;
  }
  const { default: sharp } = await import('sharp');
  const meta = await sharp(data.data).metadata();
  let img = sharp(data.data).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).toColourspace('srgb');
  // Photographs lossy; flat graphics (palette PNGs: logos, charts, placeholders) without loss.
  img = data.format === 'png' && meta.isPalette ? img.webp({ lossless: true, effort: 6 }) : img.webp({ quality, alphaQuality: 100, effort: 6 });
  const bytes = await img.toBuffer();
  if (file && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${tempName('')}`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    } catch {
      rmSync(`${file}.${tempName('')}`, { force: true });
    }
  }
  return bytes;
}
