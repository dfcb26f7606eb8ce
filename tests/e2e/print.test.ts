// The reference issue for the print shop: page boxes, bleed, crop marks, CMYK, pictures.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Matrix, Path, StrokeState } from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue, type BuildResult } from '../../src/build.js';
import { loadTheme, MM } from '../../src/layout/theme.js';
import { checkPdfUa, checkStandard } from '../helpers/pdfua.js';
import { kom, repo } from '../helpers/project.js';

let result: BuildResult;
let bytes: Buffer;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-print-'));
  result = await buildIssue(join(repo, 'issues', '2025-4'), { out: join(dir, 'print.pdf'), profile: 'print', cacheDir: join(dir, 'cache') });
  bytes = readFileSync(result.file);
}, 60_000);

type Rect = [number, number, number, number];

interface Painted {
  readonly kind: 'fill' | 'stroke' | 'text';
  readonly space: string;
  readonly rgb: boolean;
  /** Bounds on the media, origin at the top left (MuPDF pads them by half a point). */
  readonly bounds: Rect;
  /** A stroked path's straight segments [x1, y1, x2, y2]. */
  readonly segments: Rect[];
}

/** Everything MuPDF paints on each page (pictures left out), with its colour space and bounds. */
async function painted(pdf: Uint8Array): Promise<{ boxes: Record<string, Rect>; media: Rect; items: Painted[] }[]> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf').asPDF()!;
  const pages = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const obj = doc.findPage(i);
    const box = (k: string) => obj.get(k).asJS() as Rect;
    const items: Painted[] = [];
    const hairline = new mupdf.StrokeState({ lineCap: 'Butt', lineJoin: 'Miter', lineWidth: 0, miterLimit: 10 });
    type Shape = { getBounds(s: StrokeState, m: Matrix): number[] };
    const add = (kind: Painted['kind'], cs: { getName(): string; isRGB(): boolean }, shape: Shape, ctm: Matrix, stroke = hairline, segments: Rect[] = []) =>
      items.push({ kind, space: cs.getName(), rgb: cs.isRGB(), bounds: shape.getBounds(stroke, ctm) as Rect, segments });
    const segmentsOf = (p: Path, m: Matrix): Rect[] => {
      const at = (x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]] as const;
      const out: Rect[] = [];
      let from: readonly [number, number] = [0, 0];
      p.walk({
        moveTo: (x, y) => void (from = at(x, y)),
        lineTo: (x, y) => {
          const to = at(x, y);
          out.push([Math.min(from[0], to[0]), Math.min(from[1], to[1]), Math.max(from[0], to[0]), Math.max(from[1], to[1])]);
          from = to;
        },
      });
      return out;
    };
    const device = new mupdf.Device({
      fillPath: (p: Path, _e, ctm, cs) => add('fill', cs, p, ctm),
      strokePath: (p: Path, s, ctm, cs) => add('stroke', cs, p, ctm, s, segmentsOf(p, ctm)),
      fillText: (t, ctm, cs) => add('text', cs, t, ctm),
      strokeText: (t, s, ctm, cs) => add('text', cs, t, ctm, s),
    });
    doc.loadPage(i).run(device, mupdf.Matrix.identity);
    device.close();
    pages.push({ boxes: { TrimBox: box('TrimBox'), BleedBox: box('BleedBox') }, media: box('MediaBox'), items });
  }
  return pages;
}

describe('the reference issue for print', () => {
  it('has a TrimBox the size of the layout\'s page and a BleedBox 3 mm larger on each side', async () => {
    const theme = loadTheme(kom);
    const pages = await painted(bytes);
    for (const p of pages) {
      const [x1, y1, x2, y2] = p.boxes.TrimBox!;
      expect(x2 - x1).toBeCloseTo(theme.page.width, 1);
      expect(y2 - y1).toBeCloseTo(theme.page.height, 1);
      const bleed = p.boxes.BleedBox!;
      [-1, -1, 1, 1].forEach((sign, k) => expect(bleed[k]! - p.boxes.TrimBox![k]!).toBeCloseTo(sign * 3 * MM, 2));
      // Room for crop marks beyond the bleed.
      expect(p.media[0]).toBeLessThan(bleed[0]! - 5 * MM);
      expect(p.media[2]).toBeGreaterThan(bleed[2]! + 5 * MM);
    }
  });

  it('writes every colour of text and rules as CMYK: no RGB outside pictures', async () => {
    const pages = await painted(bytes);
    const all = pages.flatMap((p) => p.items);
    expect(all.filter((i) => i.kind === 'text').length).toBeGreaterThan(1000);
    expect(all.filter((i) => i.rgb)).toEqual([]);
    expect(new Set(all.map((i) => i.space))).toEqual(new Set(['DeviceCMYK', 'Separation(DeviceCMYK,All)']));
  });

  it('draws crop marks in the registration colour, in the slug clear of the bleed', async () => {
    for (const p of await painted(bytes)) {
      const marks = p.items.filter((i) => i.kind === 'stroke');
      expect(marks.length).toBeGreaterThan(0);
      const [bx1, , bx2] = p.boxes.BleedBox!;
      const height = p.media[3];
      // BleedBox in top-left coordinates, as MuPDF paints.
      const by1 = height - p.boxes.BleedBox![3]!;
      const by2 = height - p.boxes.BleedBox![1]!;
      const segments = marks.flatMap((m) => m.segments);
      // Two at each corner of the trim.
      expect(segments).toHaveLength(8);
      for (const m of marks) expect(m.space).toMatch(/Separation.*All/);
      for (const [x1, y1, x2, y2] of segments) {
        const inside = x2 > bx1 + 0.01 && x1 < bx2 - 0.01 && y2 > by1 + 0.01 && y1 < by2 - 0.01;
        expect(inside, `crop mark ${[x1, y1, x2, y2].map((v) => v.toFixed(1))} reaches into the bleed`).toBe(false);
        expect(Math.min(x1, y1)).toBeGreaterThanOrEqual(0);
        expect(x2).toBeLessThanOrEqual(p.media[2]);
      }
    }
  });

  it('runs the cover\'s colour block and the title bands into the bleed', async () => {
    const pages = await painted(bytes);
    const [bx1, , bx2] = pages[0]!.boxes.BleedBox!;
    const reaches = (p: (typeof pages)[number], edge: 'left' | 'right' | 'top') =>
      p.items.some((i) => {
        if (i.kind !== 'fill') return false;
        if (edge === 'left') return Math.abs(i.bounds[0] - bx1) < 1;
        if (edge === 'right') return Math.abs(i.bounds[2] - bx2) < 1;
        return Math.abs(i.bounds[1] - (p.media[3] - p.boxes.BleedBox![3]!)) < 1;
      });
    expect(['left', 'right', 'top'].map((e) => reaches(pages[0]!, e as 'left'))).toEqual([true, true, true]);
    expect(['left', 'right'].map((e) => reaches(pages[2]!, e as 'left'))).toEqual([true, true]);
    // Nothing but colour that touches the page edge goes past the trim.
    const [tx1, , tx2] = pages[2]!.boxes.TrimBox!;
    const past = pages[2]!.items.filter((i) => i.kind === 'text' && (i.bounds[0] < tx1 || i.bounds[2] > tx2));
    expect(past).toEqual([]);
  });

  it('is tagged as the screen profile is, and embeds every font', async () => {
    expect((await checkPdfUa(bytes)).failures).toEqual([]);
  });

  it('passes our check of PDF/X-4: the layout\'s FOGRA39 profile embedded as its OutputIntent, Trapped, boxes, no DeviceRGB', async () => {
    expect(await checkStandard(bytes, 'PDF/X-4')).toEqual([]);
    const mupdf = await import('mupdf');
    const pdf = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
    const intent = pdf.getTrailer().get('Root').get('OutputIntents').get(0);
    const theme = loadTheme(kom);
    expect(intent.get('S').asName()).toBe('GTS_PDFX');
    expect(intent.get('OutputConditionIdentifier').asString()).toBe(theme.print.condition.name);
    expect(intent.get('Info').asString()).toBe(theme.print.condition.info);
    const embedded = Buffer.from(intent.get('DestOutputProfile').readStream().asUint8Array());
    expect(embedded.equals(readFileSync(theme.print.condition.profile))).toBe(true);
    expect(pdf.getTrailer().get('Info').get('Trapped').asName()).toBe('False');
  });

  it('prints black text in black ink alone and QR codes in 100 % K', async () => {
    const mupdf = await import('mupdf');
    const pdf = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
    const text = new Map<string, number>();
    const fills = new Set<string>();
    const pct = (c: number[]) => c.map((v) => Math.round(v * 100)).join();
    const device = new mupdf.Device({
      fillText: (_t, _m, _cs, colour) => void text.set(pct([...colour]), (text.get(pct([...colour])) ?? 0) + 1),
      fillPath: (_p, _e, _m, _cs, colour) => void fills.add(pct([...colour])),
    });
    for (let i = 0; i < pdf.countPages(); i++) pdf.loadPage(i).run(device, mupdf.Matrix.identity);
    const theme = loadTheme(kom);
    // Every text in a colour of the layout's print table; the body text's the most used, K only.
    const allowed = new Set(Object.values(theme.print.colours).map((c) => c.join()));
    for (const c of text.keys()) expect(allowed.has(c), `text in ${c}`).toBe(true);
    const [most] = [...text.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(most).toBe(theme.print.colours.text.join());
    expect(most.split(',').slice(0, 3)).toEqual(['0', '0', '0']);
    // The QR codes' dark modules (pages 3 and 23).
    expect(fills.has('0,0,0,100')).toBe(true);
  });

  it('writes its pictures in ICC-based sRGB, and link annotations that do not print', async () => {
    const mupdf = await import('mupdf');
    const pdf = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
    const spaces = new Set<string>();
    const device = new mupdf.Device({ fillImage: (img) => void spaces.add(img.getColorSpace()?.getName() ?? 'none') });
    for (let i = 0; i < pdf.countPages(); i++) pdf.loadPage(i).run(device, mupdf.Matrix.identity);
    expect(spaces.size).toBeGreaterThan(0);
    for (const s of spaces) expect(s).toMatch(/ICCBased\(RGB,sRGB/);
    let links = 0;
    for (let i = 0; i < pdf.countPages(); i++) {
      const annots = pdf.findPage(i).get('Annots');
      for (let a = 0; annots.isArray() && a < annots.length; a++, links++) expect(annots.get(a).get('F').asNumber() & 4).toBe(0);
    }
    expect(links).toBeGreaterThan(100);
  });

  it('names every placeholder picture in a warning', () => {
    // The reference issue's pictures are all placeholders (nyhetsbrev placeholders).
    const placeholders = result.warnings.filter((w) => w.includes('is a placeholder'));
    expect(placeholders).toHaveLength(result.pictures.length);
    for (const p of result.pictures) expect(placeholders.some((w) => w.includes(p.file.split('/').pop()!))).toBe(true);
  });

  it('keeps pictures at full resolution up to 300 ppi and names each one below 200 ppi', () => {
    const low = result.pictures.filter((p) => p.ppi < 200);
    expect(low.length).toBeGreaterThan(0);
    for (const p of low) expect(result.warnings.some((w) => w.includes(p.file.split('/').pop()!) && w.includes(`${Math.round(p.ppi)} ppi`))).toBe(true);
    for (const p of result.pictures) {
      if (p.ppi > 450) expect(p.outPpi).toBeCloseTo(300, -1);
      else expect(p.action).toBe('kept');
    }
  });
});
