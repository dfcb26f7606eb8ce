// Picture files: a path from an issue must stay inside the project, and the file must be a
// whole, readable picture. The PDF writer takes PNG and JPEG; anything else is converted here.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import sharp from 'sharp';
import type { PictureData } from '../model/types.js';

export function insideProject(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/** Resolves `rel` against `baseDir`; returns a problem text when it is not a usable path. */
export function resolvePicturePath(rel: string, baseDir: string, root: string): { file?: string; problem?: string } {
  if (isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel)) {
    return { problem: `picture path "${rel}" is absolute: expected a path relative to the issue file, like pictures/logo.png` };
  }
  const file = resolve(baseDir, rel);
  if (!insideProject(file, root)) {
    return { problem: `picture path "${rel}" leads outside the project: expected a file inside ${root}` };
  }
  if (!existsSync(file)) return { problem: `picture file "${rel}" does not exist: expected a PNG or JPEG file at ${file}` };
  const real = realpathSync(file);
  if (!insideProject(real, realpathSync(root))) {
    return { problem: `picture path "${rel}" leads outside the project through a link: expected a file inside ${root}` };
  }
  if (!statSync(real).isFile()) return { problem: `picture path "${rel}" is a folder: expected a picture file` };
  return { file: real };
}

export interface ProbedPicture {
  readonly width: number;
  readonly height: number;
  readonly data: PictureData;
}

/**
 * Reads a picture's header and checks that the file is whole. PNG and JPEG are checked for
 * their end marker (a cut-short download lacks it) and passed through as they are; other
 * formats are decoded and converted to PNG, which fails on a damaged file.
 */
export async function probePicture(file: string): Promise<ProbedPicture | { problem: string }> {
  const bytes = readFileSync(file);
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height) return { problem: 'has no size: expected a PNG or JPEG picture' };
    const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
    if (meta.format === 'png' && !pngIsWhole(bytes)) return { problem: truncated };
    if (meta.format === 'jpeg' && !jpegIsWhole(bytes)) return { problem: truncated };
    const passThrough =
      (meta.format === 'jpeg' && meta.space === 'srgb' && (meta.orientation ?? 1) === 1) ||
      (meta.format === 'png' && (meta.bitsPerSample ?? 8) <= 8 && !meta.isProgressive);
    const data: PictureData = passThrough
      ? { format: meta.format as 'png' | 'jpeg', data: bytes }
      : { format: 'png', data: await sharp(bytes, { failOn: 'truncated' }).autoOrient().toColourspace('srgb').png().toBuffer() };
    return { width: oriented.width, height: oriented.height, data };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/unsupported image format/i.test(why)) return { problem: 'is not a picture: expected a PNG or JPEG file' };
    return { problem: `cannot be read as a picture (is it damaged or cut short?): ${why.split('\n')[0]}` };
  }
}

const truncated = 'is cut short or damaged (its end is missing): save or download it again';

/** A whole PNG ends with the IEND chunk. */
function pngIsWhole(b: Buffer): boolean {
  return b.length > 12 && b.subarray(b.length - 12).toString('latin1', 4, 8) === 'IEND';
}

/** A whole JPEG ends with the EOI marker (FF D9), sometimes followed by padding. */
function jpegIsWhole(b: Buffer): boolean {
  const tail = b.subarray(Math.max(0, b.length - 64));
  return tail.lastIndexOf(Buffer.from([0xff, 0xd9])) >= 0;
}
