// Picture files: a path from an issue must stay inside the project, and the file must be a
// whole, readable picture. The PDF writer takes PNG and JPEG; anything else is converted here.
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { PictureData } from '../model/types.js';
import { readHeader, type PictureHeader } from './picture-header.js';

/**
 * `file` is inside the folder `root`, not the folder itself: compared as absolute, normalised
 * paths (as resolve() gives them; for paths already so, as resolve() and realpath give them,
 * resolve() changes nothing).
 */
export function insideProject(file: string, root: string): boolean {
  const path = resolve(file);
  const base = resolve(root);
  const folder = base.endsWith(sep) ? base : base + sep;
  return path.length > folder.length && path.startsWith(folder);
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
  const real = realpathSync.native(file);
  if (!insideProject(real, realpathSync.native(root))) {
    return { problem: `picture path "${rel}" leads outside the project through a link: expected a file inside ${root}` };
  }
  if (!statSync(real).isFile()) return { problem: `picture path "${rel}" is a folder: expected a picture file` };
  return { file: real };
}

/**
 * The largest picture taken, in pixels: five times a 12-megapixel photograph, and well inside
 * what sharp decodes (268 megapixels). A report cover needs about 2,500 pixels across at 300 ppi.
 */
export const MAX_PICTURE_PIXELS = 60_000_000;

function sizeProblem(width: number, height: number): string | undefined {
  if (width * height <= MAX_PICTURE_PIXELS) return undefined;
  const mp = ((width * height) / 1e6).toFixed(0);
  return `is ${width} × ${height} pixels (${mp} megapixels): expected at most ${MAX_PICTURE_PIXELS / 1e6} megapixels — save a smaller copy (about 3000 pixels on its longer side is plenty, for print too) under the same name`;
}

export interface ProbedPicture {
  readonly width: number;
  readonly height: number;
  readonly data: PictureData;
}

/**
 * A picture file the PDF can take as it is, checked from its first and last bytes; the whole
 * file is read only when something asks for its bytes. A warm build whose pictures are all
 * resampled from the picture cache never reads the originals (a 12-megapixel photograph is
 * some megabytes): the cache finds them by path, size and modification time.
 */
export class PictureFile implements PictureData {
  private bytes: Buffer | undefined;

  constructor(
    readonly file: string,
    readonly format: PictureData['format'],
    /** Size in bytes and modification time when the header was read. */
    readonly size: number,
    readonly mtimeMs: number,
    readonly header: PictureHeader,
  ) {}

  get data(): Buffer {
    return (this.bytes ??= readFileSync(this.file));
  }

  /** Whether the whole file has been read. */
  get read(): boolean {
    return this.bytes !== undefined;
  }
}

/** Read whole below this size; above it, the head and the tail first. */
const HEAD_BYTES = 64 * 1024;

/**
 * The header of a file from its first HEAD_BYTES and its last 64 bytes (where PNG's IEND and
 * JPEG's end marker are); undefined when that is not enough (an EXIF block larger than the head).
 */
function headerOfEnds(file: string, size: number): PictureHeader | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const tail = Buffer.alloc(64);
    readSync(fd, head, 0, HEAD_BYTES, 0);
    readSync(fd, tail, 0, 64, size - 64);
    const header = readHeader(Buffer.concat([head, tail]));
    return header?.passThrough && header.whole ? header : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a picture and checks that it is whole. PNG and JPEG files the PDF can take as they are
 * are read from their headers alone; anything else (WebP, TIFF, CMYK or rotated JPEG, 16-bit
 * PNG …) is decoded by sharp and converted to PNG, which also fails on a damaged file.
 */
export async function probePicture(file: string): Promise<ProbedPicture | { problem: string }> {
  const stat = statSync(file);
  const ends = stat.size > HEAD_BYTES ? headerOfEnds(file, stat.size) : undefined;
  if (ends && !sizeProblem(ends.width, ends.height)) {
    return { width: ends.width, height: ends.height, data: new PictureFile(file, ends.format, stat.size, stat.mtimeMs, ends) };
  }
  const bytes = readFileSync(file);
  const header = readHeader(bytes);
  if (header && !header.whole) return { problem: 'is cut short or damaged (its end is missing): save or download it again' };
  if (header) {
    const tooLarge = sizeProblem(header.width, header.height);
    if (tooLarge) return { problem: tooLarge };
  }
  if (header?.passThrough) return { width: header.width, height: header.height, data: { format: header.format, data: bytes } };
  try {
    const { default: sharp } = await import('sharp');
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    const tooLarge = sizeProblem(meta.width ?? 0, meta.height ?? 0);
    if (tooLarge) return { problem: tooLarge };
    const { data, info } = await sharp(bytes, { failOn: 'truncated' }).autoOrient().toColourspace('srgb').png().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: { format: 'png', data } };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (/unsupported image format/i.test(why)) return { problem: 'is not a picture: expected a PNG or JPEG file' };
    // sharp's own words ("VipsJpeg: premature end of input file") mean nothing to the user.
    const kind = /truncated|premature end|end of (input|file)|unexpected end/i.test(why) ? 'it is cut short' : 'it is damaged, or of a kind that cannot be read';
    return { problem: `cannot be read as a picture (${kind}): expected a PNG or JPEG file — save or export it again` };
  }
}
