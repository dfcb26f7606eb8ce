// What MuPDF paints on a page, as data: filled paths with their bounds, colour and number of
// subpaths, and pictures. Lets a test see that a QR code is vector paths and not a picture.
export interface Fill {
  readonly bounds: { x0: number; y0: number; x1: number; y1: number };
  readonly colour: readonly number[];
  readonly subpaths: number;
}

export interface Painted {
  readonly fills: readonly Fill[];
  readonly images: readonly { x0: number; y0: number; x1: number; y1: number }[];
}

export async function painted(bytes: Uint8Array, pageIndex: number): Promise<Painted> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const page = doc.loadPage(pageIndex);
  const fills: Fill[] = [];
  const images: Painted['images'][number][] = [];
  const apply = (m: number[], x: number, y: number) => [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!] as const;
  const device = new mupdf.Device({
    fillPath(path, _evenOdd, ctm, _cs, colour) {
      let subpaths = 0;
      const b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
      const point = (x: number, y: number) => {
        const [px, py] = apply(ctm as number[], x, y);
        b.x0 = Math.min(b.x0, px); b.y0 = Math.min(b.y0, py); b.x1 = Math.max(b.x1, px); b.y1 = Math.max(b.y1, py);
      };
      path.walk({
        moveTo: (x, y) => { subpaths++; point(x, y); },
        lineTo: point,
        curveTo: (_a, _b, _c, _d, x, y) => point(x, y),
      });
      fills.push({ bounds: b, colour: [...colour], subpaths });
    },
    fillImage(_image, ctm) {
      const m = ctm as number[];
      const xs = [0, 1].flatMap((x) => [0, 1].map((y) => apply(m, x, y)));
      images.push({ x0: Math.min(...xs.map((p) => p[0])), y0: Math.min(...xs.map((p) => p[1])), x1: Math.max(...xs.map((p) => p[0])), y1: Math.max(...xs.map((p) => p[1])) });
    },
  });
  page.run(device, mupdf.Matrix.identity);
  device.close();
  return { fills, images };
}

/** The error correction level written in a QR matrix's format information (ISO/IEC 18004, 7.9). */
export function errorCorrectionOf(rows: readonly (readonly boolean[])[]): 'L' | 'M' | 'Q' | 'H' {
  const size = rows.length;
  let bits = 0;
  for (let i = 0; i < 15; i++) {
    // The copy of the format bits in column 8, bit 0 at the top.
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    if (rows[row]![8]) bits |= 1 << i;
  }
  const level = ((bits ^ 0x5412) >> 13) & 3;
  return (['M', 'L', 'H', 'Q'] as const)[level]!;
}
