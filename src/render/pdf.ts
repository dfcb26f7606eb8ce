// Display list → PDF bytes with pdfkit. Paints what layout decided; never measures or breaks.
// Every op's content is tagged (tagging.ts) and the output profile (profile.ts) decides the
// paper around the page and how colours are written.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { Box, Document, ImageOp, LineOp, LinkOp, Op, Page, QrOp, RectOp, TextOp } from '../display/types.js';
import type { PictureData, Style } from '../model/types.js';
import type { Fonts, Shaped } from '../text/measure.js';
import { cover, drawCropMarks, extendIntoBleed, pageGeometry, setPageBoxes, type PageGeometry } from './marks.js';
import { entryAnchor, headingAnchors, sectionDestination, type Anchor } from './anchors.js';
import { ColourSpaces } from './intent.js';
import { GlyphRuns } from './glyph-runs.js';
import { completeXmp, setDocumentId, stampDocumentId } from './metadata.js';
import { SCREEN_CONFORMANCE, SRGB_PROFILE, type OutputProfile, type PaintColour } from './profile.js';
import { Tagger, type AnnotationOptions } from './tagger.js';
import { planStructure, type StructurePlan } from './tagging.js';

type Pdf = PDFKit.PDFDocument;

export interface RenderResources {
  readonly fonts: Fonts;
  /** The shaper layout measured with, so that pdfkit draws exactly the measured glyphs. */
  readonly shape?: (text: string, style: Style) => Shaped;
  readonly pictures: ReadonlyMap<string, PictureData>;
  /** PNG pictures as pdfkit read them, kept between renders (watch); see `openPicture`. */
  readonly parsedPictures?: ParsedPictures;
  /** Streams as pdfkit compressed them, kept between renders (watch); see `reuseDeflated`. */
  readonly deflated?: DeflatedStreams;
  /** Font subsets as fontkit encoded them, kept between renders (watch); see `reuseSubsets`. */
  readonly subsets?: FontSubsets;
  /**
   * Font subsets a build before this process encoded (see io/kept.ts), by the font's name and
   * glyphs; the render puts the ones it used, found or encoded, in `used`.
   */
  readonly keptSubsets?: { readonly found: ReadonlyMap<string, Uint8Array>; readonly used: Map<string, Uint8Array> };
}

/** Per opened font, its last encoded subset by the glyphs it holds. */
export type FontSubsets = WeakMap<object, { glyphs: string; bytes: Uint8Array }>;

/**
 * Encoding a font's subset (fontkit rebuilds its glyph and metrics tables) is repeated by
 * every render; after a small edit the subset usually holds the same glyphs in the same order,
 * and its bytes are the same: those are kept, one subset per font. Called with pdfkit's current
 * font after each pdf.font(); relies on pdfkit's `_font.subset` and fontkit's `glyphs` and
 * `encode()`, and leaves a font alone where they are not as expected.
 */
function reuseSubsets(pdf: Pdf, cache: FontSubsets, kept: RenderResources['keptSubsets']): () => void {
  const seen = new WeakSet<object>();
  return () => {
    const subset = (pdf as unknown as { _font?: { subset?: { font?: { postscriptName?: unknown }; glyphs?: unknown; encode?: () => Uint8Array } } })._font?.subset;
    if (!subset || seen.has(subset)) return;
    seen.add(subset);
    const { font, glyphs, encode } = subset;
    if (!font || !Array.isArray(glyphs) || typeof encode !== 'function') return;
    subset.encode = () => {
      const key = glyphs.join(',');
      const last = cache.get(font);
      const named = `${String(font.postscriptName)}\0${key}`;
      const bytes = (last && last.glyphs === key ? last.bytes : kept?.found.get(named)) ?? encode.call(subset);
      cache.set(font, { glyphs: key, bytes });
      kept?.used.set(named, bytes);
      return bytes;
    };
  };
}

/** Compressed streams by the SHA-1 of their uncompressed bytes. */
export type DeflatedStreams = Map<string, Uint8Array>;

interface PdfkitRef {
  compress: boolean;
  buffer: Uint8Array[] | Uint8Array;
  finalize(): void;
}

/**
 * Compressing the page contents and font files is the largest part of a render that watch
 * repeats after a small edit, and most streams come out as they were (the pages before the
 * edit, a font subset with the same glyphs). Each stream pdfkit would compress is compressed
 * here, once for the same bytes: pdfkit's own deflateSync call with its default settings, so
 * the PDF's bytes are the same. Streams not met in this render are dropped from `cache`.
 * Relies on pdfkit's references (`ref()`, `compress`, `buffer`, `finalize`); where a reference
 * is not as expected pdfkit compresses it itself.
 */
function reuseDeflated(pdf: Pdf, cache: DeflatedStreams): () => void {
  const doc = pdf as unknown as { ref(data?: unknown): PdfkitRef };
  const ref = doc.ref;
  const used = new Set<string>();
  doc.ref = function (this: unknown, data?: unknown) {
    const r = ref.call(this, data);
    const finalize = r.finalize;
    if (typeof finalize !== 'function' || !Array.isArray(r.buffer)) return r;
    r.finalize = function (this: PdfkitRef) {
      if (this.compress && Array.isArray(this.buffer) && this.buffer.length > 0) {
        const raw = Buffer.concat(this.buffer);
        const key = createHash('sha1').update(raw).digest('base64');
        used.add(key);
        let packed = cache.get(key);
        if (!packed) cache.set(key, (packed = deflateSync(raw)));
        this.buffer = [packed];
        // Filter /FlateDecode is already set: pdfkit sets it on the first write.
        this.compress = false;
      }
      finalize.call(this);
    };
    return r;
  };
  return () => {
    for (const k of [...cache.keys()]) if (!used.has(k)) cache.delete(k);
  };
}

interface PdfkitWriter {
  _write(data: string | Uint8Array): void;
  _offset: number;
  push(chunk: Uint8Array | null): boolean;
  ref(data?: unknown): { write(chunk: string | Uint8Array): void };
}

/**
 * pdfkit writes the file a line at a time: each line (an object's number, its dictionary, a
 * line of the cross-reference table, some thousands in all) turned into bytes by a loop over
 * its characters and pushed into the document's stream on its own, and each operator written to
 * a page's content the same way. Here a line becomes bytes as Node writes latin1 (the low byte
 * of each character, as pdfkit's loop does), and the lines go into the stream some 64 KiB at a
 * time, all of them before the stream ends; the bytes and their order are pdfkit's. Relies on
 * pdfkit's `_write`, `_offset`, `push` and the references' `write`; left alone where they are
 * not as expected.
 */
export function writeInBatches(pdf: Pdf): void {
  const doc = pdf as unknown as PdfkitWriter;
  if (typeof doc._write !== 'function' || typeof doc._offset !== 'number' || typeof doc.push !== 'function' || typeof doc.ref !== 'function') return;
  const push = doc.push;
  let pending: Uint8Array[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length === 0) return;
    push.call(doc, pending.length === 1 ? pending[0]! : Buffer.concat(pending, size));
    pending = [];
    size = 0;
  };
  doc._write = function (this: PdfkitWriter, data: string | Uint8Array) {
    const bytes = data instanceof Uint8Array ? data : Buffer.from(`${data}\n`, 'latin1');
    pending.push(bytes);
    size += bytes.length;
    this._offset += bytes.length;
    if (size >= 1 << 16) flush();
  };
  doc.push = function (this: PdfkitWriter, chunk: Uint8Array | null) {
    flush();
    return push.call(this, chunk);
  };
  const ref = doc.ref;
  doc.ref = function (this: unknown, data?: unknown) {
    const r = ref.call(this, data);
    const write = r.write;
    if (typeof write === 'function') r.write = (chunk) => write.call(r, typeof chunk === 'string' ? Buffer.from(`${chunk}\n`, 'latin1') : chunk);
    return r;
  };
}

/** pdfkit's reading of a PNG file (png-js), by the file's bytes. */
export type ParsedPictures = Map<string, { readonly png: unknown; readonly make: new (data: Buffer, label: string) => unknown }>;

interface PdfkitPng {
  label: string;
  image: { readonly imgData: unknown; readonly width: number; readonly height: number } | null;
  width: number;
  height: number;
  imgData: unknown;
  obj: unknown;
}

/** Opens a picture for pdfkit: PNGs through `openPng`, their decoding queued (`DecodeQueue`). */
function openPicture(pdf: Pdf, bytes: Buffer, format: PictureData['format'], parsed: ParsedPictures | undefined, used: Set<string>, decodes: DecodeQueue, classes: PngClasses): unknown {
  return format === 'png' ? decodes.inTurn(openPng(pdf, bytes, parsed, used, classes)) : (pdf as unknown as { openImage(src: Buffer): unknown }).openImage(bytes);
}

/**
 * pdfkit decodes a PNG with transparency (an alpha channel, or a palette with a tRNS chunk)
 * asynchronously, and creates its soft mask object when the decoding ends: with several such
 * pictures, the masks' object numbers and places in the file followed whichever decoding ended
 * first, so two builds of one issue could differ in their bytes. Here the decodings run one at
 * a time in the order pdfkit asks for them, which is the order the pictures are drawn.
 */
class DecodeQueue {
  private last: Promise<void> = Promise.resolve();

  /** The picture with its decoding put in the queue (its png-js object wrapped, not changed). */
  inTurn(img: unknown): unknown {
    const holder = img as { image?: { decodePixels?: (done: (pixels: Uint8Array) => void) => void } | null };
    const png = holder?.image;
    if (!png || typeof png.decodePixels !== 'function') return img;
    const queued = Object.create(png) as { decodePixels(done: (pixels: Uint8Array) => void): void };
    queued.decodePixels = (done) => {
      this.last = this.last.then(
        () =>
          new Promise<void>((next) =>
            png.decodePixels!.call(png, (pixels) => {
              done(pixels);
              next();
            }),
          ),
      );
    };
    holder.image = queued as typeof png;
    return img;
  }
}

/**
 * Opens a PNG for pdfkit. pdfkit reads a PNG with png-js, which copies its compressed data
 * into an array one byte at a time: on the reference issue that is a good part of a render. The
 * reading does not change with the render, so a PNG read once is handed to later renders as it
 * was read (pdfkit's own image object, given the label pdfkit would give it); the PDF's bytes
 * are the same.
 */
function openPng(pdf: Pdf, bytes: Buffer, parsed: ParsedPictures | undefined, used: Set<string>, classes: PngClasses): unknown {
  const open = () => (pdf as unknown as { openImage(src: Buffer): unknown }).openImage(bytes);
  if (!parsed) return open();
  const key = createHash('sha256').update(bytes).digest('hex');
  used.add(key);
  let hit = parsed.get(key);
  // Not read before: read here, as png-js reads it but in one copy, once pdfkit has shown its
  // classes by reading one PNG itself.
  if (!hit && classes.make && classes.png) {
    const png = readPng(bytes, classes.png);
    if (png) parsed.set(key, (hit = { png, make: classes.make }));
  }
  const counter = pdf as unknown as { _imageCount: number };
  if (hit && typeof counter._imageCount === 'number') {
    const img = Object.create(hit.make.prototype as object) as PdfkitPng;
    const png = hit.png as NonNullable<PdfkitPng['image']>;
    img.label = `I${++counter._imageCount}`;
    img.image = png;
    img.width = png.width;
    img.height = png.height;
    img.imgData = png.imgData;
    img.obj = null;
    return img;
  }
  const img = open() as Partial<PdfkitPng> & { constructor: new (data: Buffer, label: string) => unknown };
  // Kept only when it is the object this code knows (a pdfkit update may change it).
  const known = img.image && (img.image.imgData instanceof Uint8Array || Array.isArray(img.image.imgData)) && img.imgData === img.image.imgData && typeof img.label === 'string' && img.obj === null;
  if (known) {
    parsed.set(key, { png: img.image, make: img.constructor });
    classes.make ??= img.constructor;
    classes.png ??= Object.getPrototypeOf(img.image) as object;
  }
  return img;
}

/** pdfkit's PNG image class and png-js's PNG prototype, as met in the first PNG pdfkit read. */
interface PngClasses {
  make?: new (data: Buffer, label: string) => unknown;
  png?: object;
}

/**
 * A PNG file read into the fields png-js's constructor gives it (quirks kept: a palette's
 * transparency padded to 255 entries, a grey one's first byte only), with the image data in one
 * copy instead of one byte at a time; undefined for a file that is not whole, which pdfkit then
 * reads itself.
 */
export function readPng(b: Buffer, prototype: object): object | undefined {
  const png = Object.create(prototype) as Record<string, unknown>;
  png.data = b;
  png.palette = [];
  png.transparency = {};
  png.text = {};
  const idat: Buffer[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 8 > b.length) return undefined;
    const size = b.readUInt32BE(pos);
    const type = b.toString('latin1', pos + 4, pos + 8);
    pos += 8;
    if (pos + size > b.length) return undefined;
    const body = b.subarray(pos, pos + size);
    switch (type) {
      case 'IHDR':
        if (size < 13) return undefined;
        png.width = body.readUInt32BE(0);
        png.height = body.readUInt32BE(4);
        png.bits = body[8];
        png.colorType = body[9];
        png.compressionMethod = body[10];
        png.filterMethod = body[11];
        png.interlaceMethod = body[12];
        break;
      case 'PLTE':
        png.palette = Array.from(body);
        break;
      case 'IDAT':
        idat.push(body);
        break;
      case 'tRNS': {
        const t: Record<string, unknown> = {};
        if (png.colorType === 3) {
          const indexed = Array.from(body);
          for (let i = indexed.length; i < 255; i++) indexed.push(255);
          t.indexed = indexed;
        } else if (png.colorType === 0) t.grayscale = body[0];
        else if (png.colorType === 2) t.rgb = Array.from(body);
        png.transparency = t;
        break;
      }
      case 'tEXt': {
        const text = Array.from(body);
        const index = text.indexOf(0);
        (png.text as Record<string, string>)[String.fromCharCode(...text.slice(0, index))] = String.fromCharCode(...text.slice(index + 1));
        break;
      }
      case 'IEND': {
        const colorType = png.colorType as number;
        const colors = colorType === 0 || colorType === 3 || colorType === 4 ? 1 : colorType === 2 || colorType === 6 ? 3 : undefined;
        png.colors = colors;
        png.hasAlphaChannel = colorType === 4 || colorType === 6;
        png.pixelBitlength = (png.bits as number) * ((colors as number) + (png.hasAlphaChannel ? 1 : 0));
        if (colors === 1) png.colorSpace = 'DeviceGray';
        else if (colors === 3) png.colorSpace = 'DeviceRGB';
        png.imgData = new Uint8Array(Buffer.concat(idat));
        png.pos = pos;
        return png;
      }
    }
    pos += size + 4;
    if (pos > b.length) return undefined;
  }
}

/** What the writer needs of an output profile; without one it writes for the screen. */
export type RenderProfile = Pick<OutputProfile, 'name' | 'conformance' | 'bleed' | 'slug' | 'marks' | 'colour'>;

const SCREEN: RenderProfile = { name: 'screen', conformance: SCREEN_CONFORMANCE, bleed: 0, slug: 0, colour: (hex) => hex };

/** What painting an op needs besides the op: its annotation's tagging, a picture's grown frame. */
interface PaintExtra {
  readonly annotation?: AnnotationOptions;
  readonly frame?: Box;
  /** The text ends a line of a paragraph that goes on: a space keeps the words apart for readers. */
  readonly trailingSpace?: boolean;
}

export function renderPdf(doc: Document, res: RenderResources, profile: RenderProfile = SCREEN): Promise<Buffer> {
  const date = new Date(`${doc.info.date}T12:00:00Z`);
  const pdf = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    pdfVersion: profile.conformance.pdfVersion,
    lang: doc.info.language,
    displayTitle: true,
    tagged: true,
    // No pdfkit `subset`: metadata.ts writes the PDF/UA, PDF/A and PDF/X identifiers (pdfkit
    // takes one standard only, and its PDF/UA adds a CIDSet that omits composite glyphs' parts).
    info: {
      Title: doc.info.title,
      Author: doc.info.author,
      Subject: doc.info.subject,
      Keywords: doc.info.keywords,
      CreationDate: date,
      ModDate: date,
      Creator: 'nyhetsbrev',
      Producer: 'nyhetsbrev (pdfkit)',
    },
  });
  if (doc.printing) setPrintPreferences(pdf, doc.printing.duplex);
  sortDestinationsByBytes(pdf);
  writeInBatches(pdf);
  const pruneDeflated = res.deflated ? reuseDeflated(pdf, res.deflated) : undefined;
  const fontSet = res.subsets ? reuseSubsets(pdf, res.subsets, res.keptSubsets) : undefined;
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  // pdfkit takes opened fontkit fonts: the tables layout already parsed are not parsed again.
  for (const [style, { font }] of Object.entries(res.fonts)) {
    postHeaderOnly(font);
    pdf.registerFont(style, font as unknown as string);
  }

  const colourSpaces = new ColourSpaces(pdf, profile.conformance, SRGB_PROFILE);
  const fillColour = fillColours();
  const glyphRuns = res.shape ? new GlyphRuns(pdf, res.shape) : undefined;
  const images = new Map<string, unknown>();
  const usedParsed = new Set<string>();
  const decodes = new DecodeQueue();
  const pngClasses: PngClasses = {};
  const image = (key: string) => {
    let img = images.get(key);
    if (!img) {
      const data = res.pictures.get(key);
      if (!data) throw new Error(`picture not loaded: ${key}`);
      img = openPicture(pdf, data.data, data.format, res.parsedPictures, usedParsed, decodes, pngClasses);
      images.set(key, img);
    }
    return img;
  };

  const painters: { [K in Op['kind']]: (op: Extract<Op, { kind: K }>, extra: PaintExtra) => void } = {
    text: (op: TextOp, { trailingSpace }) => {
      const text = trailingSpace ? `${op.text} ` : op.text;
      fillColour(pdf.font(op.style).fontSize(op.size), profile.colour(op.colour));
      fontSet?.();
      if (op.invisible) pdf.save().addContent('3 Tr');
      // The glyphs layout shaped, written as they are; pdfkit's text() only where that cannot be.
      if (!glyphRuns?.write(text, op.style, op.x, op.y, op.letterSpacing)) {
        if (res.shape) fillShapeCache(pdf, text, (t) => res.shape!(t, op.style));
        pdf.text(text, op.x, op.y, { lineBreak: false, baseline: 'alphabetic', ...(op.letterSpacing ? { characterSpacing: op.letterSpacing } : {}) });
      }
      if (op.invisible) pdf.restore();
    },
    rect: (op: RectOp) => {
      pdf.rect(op.x, op.y, op.width, op.height).fill(profile.colour(op.fill));
    },
    image: (op: ImageOp, { frame }) => {
      const img = image(op.picture) as Buffer;
      if (!frame) {
        colourSpaces.picture(() => pdf.image(img, op.x, op.y, { width: op.width, height: op.height }));
        return;
      }
      // Grown into the bleed: the picture fills its grown frame, cut to it.
      const placed = cover(frame, op.width / op.height);
      pdf.save().rect(frame.x, frame.y, frame.width, frame.height).clip();
      colourSpaces.picture(() => pdf.image(img, placed.x, placed.y, { width: placed.width, height: placed.height }));
      pdf.restore();
    },
    link: (op: LinkOp, { annotation }) => {
      // PDF/A wants every annotation printable; PDF/X nothing printed over the page but its content.
      const options = { ...annotation, F: profile.conformance.annotationsPrint ? 4 : 0 } as PDFKit.Mixins.AnnotationOption;
      if ('url' in op.target) pdf.link(op.x, op.y, op.width, op.height, op.target.url, options);
      else {
        // A contents entry (the k-th, for the k-th section) leads to its section's heading.
        const k = op.role.kind === 'cover' && op.role.part === 'contents' ? contentsEntry++ : -1;
        const dest = sectionAnchors.has(k) ? sectionDestination(k) : pageDestination(op.target.page);
        pdf.goTo(op.x, op.y, op.width, op.height, dest, options);
      }
    },
    qr: (op: QrOp) => paintQr(pdf, op, profile),
    line: (op: LineOp) => {
      pdf.save();
      pdf.moveTo(op.x, op.y).lineTo(op.x + op.dx, op.y + op.dy).lineWidth(op.thickness).lineCap('butt').stroke(profile.colour(op.colour));
      pdf.restore();
    },
  };

  const plan = planStructure(doc);
  let geometry: PageGeometry = pageGeometry(0, 0, 0, 0);
  const tagger = new Tagger(pdf, plan, (b) => {
    const { offset, mediaHeight } = geometry;
    return [offset + b.x, mediaHeight - offset - b.y - b.height, offset + b.x + b.width, mediaHeight - offset - b.y].map((v) => Math.round(v * 100) / 100);
  });
  const outlineItems = new Map<string, PDFKit.PDFOutline>();
  const outlineOf = outlineByPage(doc.outline);
  const anchors = headingAnchors(doc);
  const sectionAnchors = new Map<number, Anchor>();
  doc.outline.forEach((e, s) => {
    const a = entryAnchor(anchors, e, s);
    if (a) sectionAnchors.set(s, a);
  });
  if (glyphRuns) enterGlyphs(pdf, doc, plan, glyphRuns, fontSet);
  let contentsEntry = 0;
  doc.pages.forEach((page, p) => {
    geometry = pageGeometry(page.width, page.height, profile.bleed, profile.slug);
    pdf.addPage({ size: [geometry.mediaWidth, geometry.mediaHeight], margin: 0 });
    // PDF/UA: the tab order of the annotations follows the structure.
    (pdf.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.Tabs = 'S';
    if (profile.slug > 0) setPageBoxes(pdf, geometry);
    else if (page.print?.pdfBoxes) setPrintBoxes(pdf, page, page.print.pdfBoxes);
    // PDF/X: every page has its boxes; a sheet of cards is trimmed as a whole sheet.
    else if (profile.conformance.standard === 'PDF/X-4') setPageBoxes(pdf, geometry);
    pdf.addNamedDestination(pageDestination(page.number), 'XYZ', geometry.offset, geometry.offset, null);
    for (const [s, a] of sectionAnchors) if (a.page === p) pdf.addNamedDestination(sectionDestination(s), 'XYZ', geometry.offset, geometry.offset + a.top, null);
    addOutline(pdf, outlineOf.get(page.number) ?? [], outlineItems, geometry, (e) => {
      const a = e.child ? anchors.get(`a${e.article}`) : sectionAnchors.get(e.section);
      return a?.page === p ? a.top : 0;
    });
    const marks = profile.marks;
    if (marks) tagger.pageArtifact(() => drawCropMarks(pdf, geometry, marks));
    if (geometry.offset > 0) pdf.translate(geometry.offset, geometry.offset);
    const { ops, frames } = extendIntoBleed(page.ops, page.width, page.height, profile.bleed);
    ops.forEach((op, i) => {
      const tagged = tagger.before(p, i, op.kind === 'image' || op.kind === 'qr' ? op : undefined);
      const frame = frames.get(i);
      (painters[op.kind] as (o: Op, extra: PaintExtra) => void)(op, { ...tagged, ...(frame ? { frame } : {}) });
      tagger.after(p, i);
    });
    tagger.endPage();
  });
  // Pictures no longer in the issue are not kept.
  if (res.parsedPictures) for (const k of [...res.parsedPictures.keys()]) if (!usedParsed.has(k)) res.parsedPictures.delete(k);
  setDocumentId(pdf);
  colourSpaces.writeOutputIntent();
  completeXmp(pdf, doc, profile.conformance);
  pdf.end();
  return done.then((bytes) => {
    pruneDeflated?.();
    return stampDocumentId(bytes, profile.name);
  });
}

/**
 * pdfkit's fillColor() parses the colour and formats its numbers again for every call (every
 * text op: about 15 profiled ms of a build), and writes the same operators each time for the
 * same colour (it keeps no state that would change them: no "colour already set"). Here the
 * operators pdfkit writes for one of our colours ("#rrggbb", or CMYK in percent) are taken down
 * from its first call and written again as they were for the next; pdfkit's fill colour is set
 * as fillColor() sets it. Any other colour (a name, a spot colour, whose resource goes on the
 * page) is left to pdfkit.
 */
export function fillColours(): (pdf: Pdf, colour: PaintColour) => void {
  const written = new Map<string, Buffer>();
  return (pdf, colour) => {
    const key = typeof colour === 'string' ? (/^#[0-9a-f]{6}$/i.test(colour) ? colour : undefined) : colour.length === 4 && colour.every((c) => typeof c === 'number') ? colour.join(' ') : undefined;
    const ops = key === undefined ? undefined : written.get(key);
    const doc = pdf as unknown as { addContent(data: unknown): unknown; _fillColor: unknown };
    if (ops) {
      doc.addContent(ops);
      doc._fillColor = [colour, undefined];
      return;
    }
    if (key === undefined) {
      pdf.fillColor(colour);
      return;
    }
    const addContent = doc.addContent;
    const taken: string[] = [];
    doc.addContent = function (this: unknown, data: unknown) {
      if (typeof data === 'string') taken.push(data);
      return addContent.call(this, data);
    };
    try {
      pdf.fillColor(colour);
    } finally {
      doc.addContent = addContent;
    }
    // As pdfkit writes a string: its characters as bytes, a line each.
    if (taken.length > 0) written.set(key, Buffer.from(taken.map((t) => `${t}\n`).join(''), 'latin1'));
  };
}

/**
 * Every glyph the document's text uses entered in its font's subset before the first page is
 * painted, font by font in the order of their first use (so that pdfkit's font resources keep
 * their names), each font's glyphs in one order (see `GlyphRuns.enter`): the subsets, and the
 * content streams of pages an edit did not touch, stay as they were, and their kept compressed
 * streams and encoded subsets are found.
 */
function enterGlyphs(pdf: Pdf, doc: Document, plan: StructurePlan, glyphRuns: GlyphRuns, fontSet: (() => void) | undefined): void {
  const texts = new Map<Style, string[]>();
  doc.pages.forEach((page, p) => {
    page.ops.forEach((op, i) => {
      if (op.kind !== 'text') return;
      let list = texts.get(op.style);
      if (!list) texts.set(op.style, (list = []));
      // With the space the tagger has written after it (Tagger.before).
      list.push(plan.tags[p]![i]!.kind === 'content' && plan.spaceAfter.has(`${p}:${i}`) ? `${op.text} ` : op.text);
    });
  });
  for (const [style, list] of texts) {
    pdf.font(style);
    fontSet?.();
    glyphRuns.enter(list, style);
  }
}

/**
 * pdfkit sorts the keys of the named destinations' tree by `a.localeCompare(b)`: in the order
 * of the process's locale (under nb or da, "aa" sorts after "z"), which PDF does not want (a
 * name tree's keys are in the order of their bytes) and which sets up ICU's collator, about 8 ms
 * of every build. Sorted here by their characters' codes, which for our names (ASCII: page-N,
 * section-N) is the order of their bytes, and the order localeCompare gave them under the
 * locales the tests and builds run in. Relies on pdfkit's name tree (`_root.data.Names.data.Dests`,
 * `_compareKeys`); left alone where it is not as expected.
 */
export function sortDestinationsByBytes(pdf: Pdf): void {
  const dests = (pdf as unknown as { _root?: { data?: { Names?: { data?: { Dests?: { _compareKeys?: unknown } } } } } })._root?.data?.Names?.data?.Dests;
  if (dests && typeof dests._compareKeys === 'function') dests._compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
}

interface FontkitTables {
  _tables?: Record<string, unknown>;
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  stream?: { buffer?: unknown };
  _decodeTable?: (entry: unknown) => unknown;
}

/**
 * pdfkit's font embedding asks for three fields of the font's `post` table (isFixedPitch,
 * italicAngle), and fontkit decodes the whole table for them: in a TrueType font of some
 * thousand glyphs that is mostly glyph names, about 8 ms a font in every build. The table's
 * fixed-size header is read here, as fontkit decodes it (Fixed 16.16 numbers, signed), and
 * fontkit's table cache is given it; the fields after the header (glyph names) are decoded by
 * fontkit when something asks for them. Relies on fontkit's `_tables`, `directory`, `stream`
 * and `_decodeTable`; a font where they are not as expected is left to fontkit.
 */
export function postHeaderOnly(font: unknown): void {
  const f = font as FontkitTables;
  const entry = f.directory?.tables?.post;
  const buffer = f.stream?.buffer;
  if (!f._tables || 'post' in f._tables || !entry || !(buffer instanceof Uint8Array) || typeof f._decodeTable !== 'function' || entry.length < 32 || entry.offset + 32 > buffer.length) return;
  const view = new DataView(buffer.buffer, buffer.byteOffset + entry.offset, 32);
  const decode = f._decodeTable.bind(f);
  let whole: Record<string, unknown> | undefined;
  const header: Record<string, unknown> = {
    version: view.getInt32(0) / 65536,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
    minMemType42: view.getUint32(16),
    maxMemType42: view.getUint32(20),
    minMemType1: view.getUint32(24),
    maxMemType1: view.getUint32(28),
  };
  for (const k of ['numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map']) {
    Object.defineProperty(header, k, { enumerable: true, get: () => (whole ??= decode(entry) as Record<string, unknown>)[k] });
  }
  f._tables.post = header;
}

type ShapeCache = Record<string, unknown>;

/**
 * pdfkit shapes text in chunks of a word and its following space, and caches them per font.
 * Filling that cache from our shaper, chunk by chunk just before a text is drawn, means pdfkit
 * draws exactly the glyphs layout measured and never runs fontkit's slower shaper. It relies
 * on pdfkit internals (`_font.layoutCache`, `_font.scale`): where they are not as expected it
 * does nothing, and pdfkit shapes the text itself with the same font.
 */
function shapeCache(pdf: Pdf): { cache: ShapeCache; scale: number } | undefined {
  const font = (pdf as unknown as { _font?: { layoutCache?: ShapeCache; scale?: number } })._font;
  return font?.layoutCache && typeof font.scale === 'number' ? { cache: font.layoutCache, scale: font.scale } : undefined;
}

export function fillShapeCache(pdf: Pdf, text: string, shape: (text: string) => Shaped): void {
  const target = shapeCache(pdf);
  if (!target) return;
  const { cache, scale } = target;
  for (const chunk of text.match(/[^ \t]*[ \t]|[^ \t]+$/g) ?? []) {
    if (cache[chunk]) continue;
    const run = shape(chunk);
    const positions = run.positions.map((p, i) => ({
      xAdvance: p.xAdvance * scale, yAdvance: p.yAdvance * scale, xOffset: p.xOffset * scale, yOffset: p.yOffset * scale,
      advanceWidth: run.glyphs[i]!.advanceWidth * scale,
    }));
    cache[chunk] = { glyphs: run.glyphs, positions, advanceWidth: positions.reduce((s, p) => s + p.xAdvance, 0) };
  }
}

/**
 * Dark modules as one path of module-sized rectangles (a row's neighbouring dark modules make
 * one rectangle), filled once: no seams between modules, no picture. Drawn in module units so
 * that the path's numbers are whole.
 */
function paintQr(pdf: Pdf, op: QrOp, profile: RenderProfile): void {
  pdf.rect(op.x, op.y, op.width, op.height).fill(profile.colour(op.light));
  pdf.save();
  pdf.transform(op.module, 0, 0, op.module, op.x + op.quiet * op.module, op.y + op.quiet * op.module);
  // The rectangles as pdfkit's rect() writes them (whole numbers, one a line), in one write
  // rather than one each: a code has some hundred.
  const rects: string[] = [];
  op.modules.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c + 1;
      while (end < row.length && row[end]) end++;
      rects.push(`${c} ${r} ${end - c} 1 re`);
      c = end;
    }
  });
  if (rects.length > 0) {
    rects.push('');
    pdf.addContent(Buffer.from(rects.join('\n'), 'latin1') as unknown as string);
    pdf.fill(profile.colour(op.dark), 'nonzero');
  }
  pdf.restore();
}

/** Print at 100 % (a card must stay 85 mm wide), duplex flipped so backs stand behind fronts. */
function setPrintPreferences(pdf: Pdf, duplex: NonNullable<Document['printing']>['duplex']): void {
  const root = (pdf as unknown as { _root: { data: { ViewerPreferences?: { data: Record<string, unknown> } } } })._root.data;
  const prefs = root.ViewerPreferences?.data;
  if (!prefs) return;
  prefs.PrintScaling = 'None';
  if (duplex) prefs.Duplex = duplex === 'flip-long-edge' ? 'DuplexFlipLongEdge' : 'DuplexFlipShortEdge';
}

/** TrimBox and BleedBox of a page that is one print piece, in PDF's bottom-up coordinates. */
function setPrintBoxes(pdf: Pdf, page: Page, boxes: NonNullable<NonNullable<Page['print']>['pdfBoxes']>): void {
  const data = (pdf.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
  const pdfBox = (b: { x: number; y: number; width: number; height: number }) => [b.x, page.height - b.y - b.height, b.x + b.width, page.height - b.y];
  data.TrimBox = pdfBox(boxes.trim);
  data.BleedBox = pdfBox(boxes.bleed);
}

export function pageDestination(page: number): string {
  return `page-${page}`;
}

/** An outline entry to add on its page: a section's, or one of its children (`child`). */
export interface PageOutlineEntry {
  readonly section: number;
  readonly title: string;
  readonly child: boolean;
  readonly article?: string;
}

/**
 * The outline entries of each page number, in outline order: looked up page by page, so that
 * adding the outline takes time in its size, not in its size times the number of pages.
 */
export function outlineByPage(outline: Document['outline']): Map<number, PageOutlineEntry[]> {
  const byPage = new Map<number, PageOutlineEntry[]>();
  const put = (page: number, e: PageOutlineEntry) => {
    const list = byPage.get(page);
    if (list) list.push(e);
    else byPage.set(page, [e]);
  };
  outline.forEach((section, s) => {
    put(section.page, { section: s, title: section.title, child: false });
    for (const child of section.children) put(child.page, { section: s, title: child.title, child: true, ...(child.article === undefined ? {} : { article: child.article }) });
  });
  return byPage;
}

/**
 * Outline entries point at the page being painted, so each is added on its own page. They go
 * to the left edge of the trimmed page at their heading (`top`: from the trimmed page's top;
 * pdfkit measures `left` from the right edge).
 */
function addOutline(pdf: Pdf, entries: readonly PageOutlineEntry[], items: Map<string, PDFKit.PDFOutline>, g: PageGeometry, top: (e: PageOutlineEntry) => number): void {
  for (const e of entries) {
    const at = { top: g.offset + top(e), left: g.mediaWidth - g.offset } as { expanded?: boolean };
    if (!e.child) items.set(`s${e.section}`, pdf.outline.addItem(e.title, at));
    else items.get(`s${e.section}`)?.addItem(e.title, at);
  }
}
