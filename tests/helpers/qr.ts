// Finds and decodes every QR code on a PDF page the way a phone would see a print: the page is
// rasterised by MuPDF at a print resolution and read by jsQR, a decoder no one here wrote.
// jsQR reads one code per call, so each code found is painted over and the page read again
// until nothing more is found.
import jsqrModule from 'jsqr';

// jsqr is a CommonJS package typed as an ES module: its function is the default export or the
// module itself, depending on who loads it.
type JsQR = typeof jsqrModule.default;
const jsQR: JsQR = (jsqrModule as unknown as { default?: JsQR }).default ?? (jsqrModule as unknown as JsQR);

export interface Decoded {
  readonly data: string;
  /** Centre of the code, in PDF points from the page's top-left corner. */
  readonly x: number;
  readonly y: number;
  /** Side of the code (finder pattern to finder pattern, roughly), in points. */
  readonly size: number;
}

export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

export async function rasterise(bytes: Uint8Array, pageIndex: number, dpi: number): Promise<Raster> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const page = doc.loadPage(pageIndex);
  const pix = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceRGB, false, true);
  const width = pix.getWidth();
  const height = pix.getHeight();
  const rgb = pix.getPixels();
  const n = pix.getNumberOfComponents();
  const stride = pix.getStride();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = y * stride + x * n;
      const d = (y * width + x) * 4;
      rgba[d] = rgb[s]!;
      rgba[d + 1] = rgb[s + 1]!;
      rgba[d + 2] = rgb[s + 2]!;
      rgba[d + 3] = 255;
    }
  }
  pix.destroy();
  page.destroy();
  doc.destroy();
  return { width, height, rgba };
}

/**
 * Every code on the page. A phone sees a part of a page, not all of it, and jsQR, reading one
 * code per call, is led astray by text on a whole page; so the page is read in overlapping
 * windows of `window` mm (a phone's view), each code found in a window is painted over and the
 * window read again. Codes seen from several windows are counted once, by their position.
 */
export async function decodePage(bytes: Uint8Array, pageIndex: number, dpi: number, window = 60): Promise<Decoded[]> {
  return decodeRaster(await rasterise(bytes, pageIndex, dpi), dpi, window);
}

export function decodeRaster(raster: Raster, dpi: number, window = 60): Decoded[] {
  const px = Math.min(Math.round((window / 25.4) * dpi), raster.width, raster.height);
  // Windows step by half a window: a code up to half a window wide (30 mm, finder patterns'
  // margin included) lies whole in one of them, near its middle as a phone would hold it, with
  // little of its neighbours' finder patterns in view (they lead jsQR's locator astray).
  const starts = (length: number) => {
    const step = Math.max(1, Math.round(px / 2));
    const out: number[] = [];
    for (let s = 0; s + px < length; s += step) out.push(s);
    out.push(length - px);
    return out;
  };
  const found: Decoded[] = [];
  const scale = 72 / dpi;
  for (const y0 of starts(raster.height)) {
    for (const x0 of starts(raster.width)) {
      if (nearlyBlank(raster, x0, y0, px)) continue;
      for (const d of decodeAll(crop(raster, x0, y0, px, px))) {
        const code = { data: d.data, x: (x0 + d.x) * scale, y: (y0 + d.y) * scale, size: d.size * scale };
        const same = found.find((f) => Math.hypot(f.x - code.x, f.y - code.y) < Math.max(f.size, code.size) / 4);
        if (!same) found.push(code);
        else if (same.data !== code.data) found.push(code); // one place read two ways: kept, so a test sees it
      }
    }
  }
  return found;
}

/** The codes inside one rectangle of the page (in points), e.g. a card as it is once cut out. */
export function decodeRegion(raster: Raster, dpi: number, box: { x: number; y: number; width: number; height: number }): Decoded[] {
  const s = dpi / 72;
  const x0 = Math.max(0, Math.floor(box.x * s));
  const y0 = Math.max(0, Math.floor(box.y * s));
  const w = Math.min(raster.width - x0, Math.ceil(box.width * s));
  const h = Math.min(raster.height - y0, Math.ceil(box.height * s));
  return decodeAll(crop(raster, x0, y0, w, h)).map((d) => ({ data: d.data, x: (x0 + d.x) / s, y: (y0 + d.y) / s, size: d.size / s }));
}

/**
 * A window with under 1 % dark pixels (sampled) cannot hold a code: half of a code's modules are
 * dark, and even a 10 mm code covers 3 % of a 60 mm window. Skipping such windows (margins,
 * white space) saves most of the time on sheets.
 */
function nearlyBlank(r: Raster, x0: number, y0: number, px: number): boolean {
  let dark = 0;
  let seen = 0;
  for (let y = y0; y < y0 + px; y += 3) {
    for (let x = x0; x < x0 + px; x += 3) {
      const i = (y * r.width + x) * 4;
      if (r.rgba[i]! + r.rgba[i + 1]! + r.rgba[i + 2]! < 384) dark++;
      seen++;
    }
  }
  return dark < seen * 0.01;
}

function crop(r: Raster, x0: number, y0: number, w: number, h: number): Raster {
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) rgba.set(r.rgba.subarray(((y0 + y) * r.width + x0) * 4, ((y0 + y) * r.width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, rgba };
}

/** Every code jsQR finds in a raster, in pixels of that raster. */
function decodeAll(raster: Raster): { data: string; x: number; y: number; size: number }[] {
  const { width, height, rgba } = raster;
  const found: { data: string; x: number; y: number; size: number }[] = [];
  for (let guard = 0; guard < 16; guard++) {
    const code = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
    if (!code) break;
    // At low resolution jsQR now and then takes three letters for finder patterns and "reads" a
    // code holding nothing. No phone acts on an empty code; it is skipped, its place painted over.
    const empty = code.data === '' && code.chunks.length === 0;
    const l = code.location;
    const xs = [l.topLeftCorner.x, l.topRightCorner.x, l.bottomLeftCorner.x, l.bottomRightCorner.x];
    const ys = [l.topLeftCorner.y, l.topRightCorner.y, l.bottomLeftCorner.y, l.bottomRightCorner.y];
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (!empty) found.push({ data: code.data, x: (x0 + x1) / 2, y: (y0 + y1) / 2, size: x1 - x0 });
    // Paint the code white (with a margin for the corners' estimate) so the next call finds another.
    const m = (x1 - x0) * 0.1;
    for (let y = Math.max(0, Math.floor(y0 - m)); y < Math.min(height, Math.ceil(y1 + m)); y++) {
      rgba.fill(255, (y * width + Math.max(0, Math.floor(x0 - m))) * 4, (y * width + Math.min(width, Math.ceil(x1 + m))) * 4);
    }
  }
  return found;
}
