// Pictures as an output profile wants them: resampled with sharp to the resolution their placed
// size needs (never upscaled), photographs as JPEG and flat graphics as PNG, and kept in a
// cache by content and settings so that a rebuild does not resample again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { removeStaleTemps, tempName } from '../io/files.js';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import type { Document } from '../display/types.js';
import { readHeader } from '../issue/picture-header.js';
import { isPlaceholder } from '../issue/placeholder-mark.js';
import { PictureFile } from '../issue/pictures.js';
import type { PictureData } from '../model/types.js';
import type { PicturePolicy } from './profile.js';

export interface PictureReport {
  readonly file: string;
  /** Pixels per inch at the largest placed size, before and after. */
  readonly ppi: number;
  readonly outPpi: number;
  readonly action: 'kept' | 'resampled' | 'converted';
  readonly bytes: number;
  readonly outBytes: number;
  readonly cached: boolean;
}

export interface PreparedPictures {
  readonly pictures: Map<string, PictureData>;
  readonly warnings: readonly string[];
  readonly report: readonly PictureReport[];
}

export interface PictureOptions {
  /** Folder for processed pictures; without one nothing is cached. */
  readonly cacheDir?: string;
  /** Pictures are named relative to this folder in warnings. */
  readonly root?: string;
  /**
   * Processed pictures kept in memory between builds of one process (watch), by the same key as
   * the disk cache; entries not used by this build are dropped.
   */
  readonly memory?: Map<string, PictureData>;
}

/** Bump when the processing below changes, so that old cache entries are not used. */
const PROCESS_VERSION = 3;

export async function preparePictures(
  doc: Document,
  pictures: ReadonlyMap<string, PictureData>,
  policy: PicturePolicy,
  options: PictureOptions = {},
): Promise<PreparedPictures> {
  const placed = placements(doc);
  const warnings: string[] = [];
  const out = new Map<string, PictureData>();
  const keys = [...pictures.keys()].filter((k) => placed.has(k)).sort();
  // Entries half-written by a build that was killed are removed once their writer is gone.
  if (options.cacheDir) removeStaleTemps(options.cacheDir, '');
  // A few at a time: each large picture being decoded holds its pixels in memory.
  const used = new Set<string>();
  const hashes = new FileHashes(options.cacheDir);
  const reports = await inBatches(keys, availableParallelism(), async (key) => {
    const r = await preparePicture(key, pictures.get(key)!, placed.get(key)!, policy, options.cacheDir, options.memory, used, hashes);
    out.set(key, r.data);
    return r.report;
  });
  hashes.save();
  if (options.memory) for (const k of [...options.memory.keys()]) if (!used.has(k)) options.memory.delete(k);
  for (const r of reports) {
    const name = options.root ? relative(options.root, r.file) : r.file;
    // A placeholder is fine on screen while an issue is written, never at the press.
    if (policy.warnPlaceholders && isPlaceholder(pictures.get(r.file)!.data)) {
      warnings.push(`picture ${name} is a placeholder (made by nyhetsbrev placeholders): save the real picture under the same name before it goes to the print shop`);
    }
    if (policy.warnBelow !== undefined && r.ppi < policy.warnBelow) {
      const mm = (placed.get(r.file)!.width * 25.4) / 72;
      warnings.push(
        `picture ${name} has ${Math.round(r.ppi)} ppi at its placed size (${mm.toFixed(0)} mm wide): print wants ${policy.ppi} ppi and at least ${policy.warnBelow}; use a larger original`,
      );
    }
  }
  return { pictures: out, warnings, report: reports };
}

async function inBatches<T, R>(items: readonly T[], size: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

/** The largest size (in points) each picture is placed at. */
export function placements(doc: Document): Map<string, { width: number; height: number }> {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const page of doc.pages) {
    for (const op of page.ops) {
      if (op.kind !== 'image') continue;
      const s = sizes.get(op.picture);
      if (!s || op.width > s.width) sizes.set(op.picture, { width: op.width, height: op.height });
    }
  }
  return sizes;
}

async function preparePicture(
  file: string,
  data: PictureData,
  placed: { width: number; height: number },
  policy: PicturePolicy,
  cacheDir: string | undefined,
  memory: Map<string, PictureData> | undefined,
  used: Set<string>,
  hashes: FileHashes,
): Promise<{ data: PictureData; report: PictureReport }> {
  // A picture file read only as far as its header (see PictureFile) stays unread unless it is
  // processed, or embedded as it is.
  const header = data instanceof PictureFile ? data.header : readHeader(data.data);
  const byteLength = data instanceof PictureFile ? data.size : data.data.length;
  const pixelWidth = header?.width ?? 0;
  const ppi = pixelWidth / (placed.width / 72);
  const base = { file, ppi, bytes: byteLength };
  const resample = ppi > policy.resampleAbove;
  // A JPEG stays a JPEG; a PNG may become one (screen), which needs a look at its pixels.
  const mayConvert = data.format === 'png' && policy.photosAsJpeg;
  // A picture in another colour space than sRGB is converted to it (see PicturePolicy.srgb).
  const recolour = header !== undefined && policy.srgb && needsSrgb(await hashes.colourOf(data), policy);
  if (!header || (!resample && !mayConvert && !recolour)) {
    return { data, report: { ...base, outPpi: ppi, action: 'kept', outBytes: byteLength, cached: false } };
  }
  const width = resample ? Math.max(1, Math.round((placed.width / 72) * policy.ppi)) : header.width;
  const height = resample ? Math.max(1, Math.round((width * header.height) / header.width)) : header.height;
  const settings = { v: PROCESS_VERSION, width, height, policy, recolour };
  const key = createHash('sha256').update(hashes.of(data)).update(JSON.stringify(settings)).digest('hex').slice(0, 32);
  used.add(key);
  const inMemory = memory?.get(key);
  const cached = inMemory ?? (cacheDir ? readCache(cacheDir, key) : undefined);
  const result = cached ?? (await encode(data, width, height, resample, policy));
  if (!cached && cacheDir) writeCache(cacheDir, key, result);
  memory?.set(key, result);
  // Kept as they were when processing would gain nothing: a picture only converted, or one
  // that came out larger on screen (a small flat graphic often does).
  const unchanged = !resample && !recolour && result.format === data.format;
  const larger = !recolour && (policy.smallest || !resample) && result.data.length >= byteLength;
  const final = unchanged || larger ? data : result;
  const outPpi = final === data ? ppi : (width / placed.width) * 72;
  const action = final === data ? 'kept' : resample ? 'resampled' : 'converted';
  return { data: final, report: { ...base, outPpi, action, outBytes: final.data.length, cached: cached !== undefined } };
}

async function encode(data: PictureData, width: number, height: number, resample: boolean, policy: PicturePolicy): Promise<PictureData> {
  const { default: sharp } = await import('sharp');
  let img = sharp(data.data);
  const meta = await sharp(data.data).metadata();
  if (resample) img = img.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  if (policy.srgb && !(policy.keepCmyk && meta.space === 'cmyk')) img = img.toColourspace('srgb');
  else if (meta.space === 'cmyk') img = img.keepIccProfile();
  if (data.format === 'jpeg') return { format: 'jpeg', data: await img.jpeg({ quality: policy.jpegQuality, mozjpeg: true }).toBuffer() };
  const kind = meta.isPalette ? 'flat' : await pngKind(data.data);
  if (kind === 'photo' && policy.photosAsJpeg) {
    return { format: 'jpeg', data: await img.jpeg({ quality: policy.jpegQuality, mozjpeg: true }).toBuffer() };
  }
  // Flat graphics keep their few colours as a palette; print keeps every colour.
  const palette = kind === 'flat' && policy.photosAsJpeg;
  // Without dithering: flat areas stay flat, and compress.
  return { format: 'png', data: await img.png({ palette, dither: 0, compressionLevel: 9, adaptiveFiltering: !palette }).toBuffer() };
}

/**
 * Whether a picture must be converted to sRGB: it is CMYK (unless the policy keeps CMYK), or
 * carries an ICC profile that is not an sRGB one (a profile's description names it).
 */
/** A picture's colour space, as far as the PDF cares: sRGB (or untagged RGB), another RGB, CMYK, grey. */
type PictureColour = 'srgb' | 'rgb' | 'cmyk' | 'grey';

function needsSrgb(colour: PictureColour, policy: PicturePolicy): boolean {
  if (!policy.srgb) return false;
  if (colour === 'cmyk') return !policy.keepCmyk;
  return colour === 'rgb';
}

async function pictureColour(bytes: Buffer): Promise<PictureColour> {
  // A PNG is never CMYK, and carries a profile only in an iCCP chunk before its pixels: most
  // have none, and need no decoder's look (a rebuild in watch stays quick).
  if (bytes.readUInt32BE(0) === 0x89504e47) {
    const pixels = bytes.indexOf('IDAT', 8, 'latin1');
    if (bytes.subarray(0, pixels < 0 ? bytes.length : pixels).indexOf('iCCP', 0, 'latin1') < 0) return 'srgb';
  }
  const { default: sharp } = await import('sharp');
  const meta = await sharp(bytes).metadata();
  if (meta.space === 'cmyk') return 'cmyk';
  if (meta.space === 'b-w' || meta.space === 'grey16') return 'grey';
  return meta.icc !== undefined && !meta.icc.toString('latin1').includes('sRGB') ? 'rgb' : 'srgb';
}

/**
 * "flat": a graphic of few colours (logo, chart, placeholder); "transparent": see-through
 * parts that JPEG cannot keep; "photo": everything else.
 */
async function pngKind(bytes: Buffer): Promise<'flat' | 'transparent' | 'photo'> {
  const { default: sharp } = await import('sharp');
  const data = await sharp(bytes).ensureAlpha().raw().toBuffer();
  const colours = new Set<number>();
  let transparent = false;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! < 255) transparent = true;
    if (colours.size <= 256) colours.add(((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!) >>> 0);
    if (transparent && colours.size > 256) break;
  }
  if (colours.size <= 256) return 'flat';
  return transparent ? 'transparent' : 'photo';
}

/**
 * The SHA-256 and colour space of each original picture, found by its path, size and
 * modification time in <cache>/files.json, so that a warm build neither reads, hashes nor
 * decodes an unchanged original; a file whose size or time changed is read again. Without a
 * cache folder every picture is read.
 */
interface KnownFile {
  size: number;
  mtimeMs: number;
  sha256?: string;
  colour?: PictureColour;
}

class FileHashes {
  private readonly known: Record<string, KnownFile> = {};
  private changed = false;

  constructor(private readonly dir: string | undefined) {
    if (!dir) return;
    try {
      const read = JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8')) as unknown;
      if (read && typeof read === 'object' && !Array.isArray(read)) Object.assign(this.known, read);
    } catch {
      /* none yet, or damaged: every picture is hashed once more */
    }
  }

  of(data: PictureData): string {
    const entry = this.entry(data);
    if (!entry) return sha256(data.data);
    if (typeof entry.sha256 !== 'string') {
      entry.sha256 = sha256(data.data);
      this.changed = true;
    }
    return entry.sha256;
  }

  /** The picture's colour space, kept beside its hash so that a warm build need not decode it. */
  async colourOf(data: PictureData): Promise<PictureColour> {
    const entry = this.entry(data);
    if (!entry) return pictureColour(data.data);
    if (entry.colour === undefined) {
      entry.colour = await pictureColour(data.data);
      this.changed = true;
    }
    return entry.colour;
  }

  /** The entry of an original read from its file, made anew when its size or time changed. */
  private entry(data: PictureData): KnownFile | undefined {
    if (!(data instanceof PictureFile) || !this.dir) return undefined;
    const known = this.known[data.file];
    if (known && known.size === data.size && known.mtimeMs === data.mtimeMs) return known;
    this.changed = true;
    return (this.known[data.file] = { size: data.size, mtimeMs: data.mtimeMs });
  }

  /** Written beside and renamed, entries of files that are gone left out. */
  save(): void {
    if (!this.dir || !this.changed) return;
    for (const f of Object.keys(this.known)) {
      try {
        statSync(f);
      } catch {
        delete this.known[f];
      }
    }
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, 'files.json');
    const tmp = `${file}.${tempName('')}`;
    try {
      writeFileSync(tmp, JSON.stringify(this.known));
      renameSync(tmp, file);
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function readCache(dir: string, key: string): PictureData | undefined {
  for (const format of ['jpeg', 'png'] as const) {
    const file = join(dir, `${key}.${format === 'jpeg' ? 'jpg' : 'png'}`);
    if (existsSync(file)) {
      const data = readFileSync(file);
      // A damaged entry (a build stopped while writing) is made again.
      if (readHeader(data)?.whole) return { format, data };
    }
  }
  return undefined;
}

/** Written beside and renamed: builds running side by side never read half a file. */
function writeCache(dir: string, key: string, picture: PictureData): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.${picture.format === 'jpeg' ? 'jpg' : 'png'}`);
  const tmp = `${file}.${tempName('')}`;
  try {
    writeFileSync(tmp, picture.data);
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}
