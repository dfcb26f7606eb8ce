// QR cards as printed: sheets and single cards built with the real layout and publication list,
// read back by MuPDF and jsQR; their print geometry checked on the display list.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCards, type CardsResult } from '../../src/cards/build.js';
import { loadCardTheme, type CardTheme } from '../../src/cards/theme.js';
import type { Box, LineOp, Op, Page, QrOp, TrimBox } from '../../src/display/types.js';
import { loadPublications, publicationsFile, type PublicationList } from '../../src/issue/publications.js';
import { checkPdfUa, checkStandard, walk, type StructElem } from '../helpers/pdfua.js';
import { decodePage, decodeRegion, rasterise } from '../helpers/qr.js';
import { repo } from '../helpers/project.js';
import { errorCorrectionOf } from '../helpers/vector.js';

const MM = 72 / 25.4;
const layout = join(repo, 'layouts', 'cards.yaml');
let theme: CardTheme;
let list: PublicationList;
const built: Record<'sheet' | 'nine' | 'single' | 'sheetPrint' | 'singlePrint', { result: CardsResult; bytes: Buffer }> = {} as never;

beforeAll(async () => {
  theme = loadCardTheme(layout);
  list = loadPublications(publicationsFile(repo));
  const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-cards-'));
  const make = async (name: keyof typeof built, options: object) => {
    const result = await buildCards({ publications: publicationsFile(repo), layout, out: join(dir, `${name}.pdf`), ...options });
    built[name] = { result, bytes: readFileSync(result.file) };
  };
  await make('sheet', {});
  await make('nine', { perSheet: 9 });
  await make('single', { single: true });
  await make('sheetPrint', { profile: 'print' });
  await make('singlePrint', { single: true, profile: 'print' });
}, 60_000);

const idOf = (t: TrimBox) => /\(([^)]+)\)$/.exec(t.label)![1]!;
const cardOf = (t: TrimBox) => t.label.split(' ')[0]!;
const grow = (b: Box, d: number): Box => ({ x: b.x - d, y: b.y - d, width: b.width + 2 * d, height: b.height + 2 * d });
const overlaps = (a: Box, b: Box) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.01 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.01;
const within = (inner: Box, outer: Box, eps = 0.01) => inner.x >= outer.x - eps && inner.y >= outer.y - eps && inner.x + inner.width <= outer.x + outer.width + eps && inner.y + inner.height <= outer.y + outer.height + eps;
const boxOf = (op: Op): Box =>
  op.kind === 'text' ? { x: op.x, y: op.y - op.size * 0.75, width: op.width, height: op.size }
    : op.kind === 'line' ? { x: Math.min(op.x, op.x + op.dx), y: Math.min(op.y, op.y + op.dy), width: Math.abs(op.dx), height: Math.abs(op.dy) }
      : { x: op.x, y: op.y, width: op.width, height: op.height };

describe('QR cards on sheets', () => {
  it('put 8 cards on an A4 sheet by default (2 × 4, portrait), four of each publication', () => {
    const { result } = built.sheet;
    expect(result.grid).toMatchObject({ cols: 2, rows: 4, orientation: 'portrait' });
    expect(result.document.pages.length).toBe(2);
    const [front, back] = result.document.pages as [Page, Page];
    expect([front.width / MM, front.height / MM].map(Math.round)).toEqual([210, 297]);
    const ids = front.print!.trims.map(idOf).sort();
    expect(ids).toEqual(['brosjyre-nb', 'brosjyre-nb', 'brosjyre-nb', 'brosjyre-nb', 'veileder-nb', 'veileder-nb', 'veileder-nb', 'veileder-nb']);
    expect(back.print!.trims.map(idOf).sort()).toEqual(['brosjyre-en', 'brosjyre-en', 'brosjyre-en', 'brosjyre-en', 'veileder-en', 'veileder-en', 'veileder-en', 'veileder-en']);
    for (const t of front.print!.trims) expect([t.width / MM, t.height / MM].map((v) => Math.round(v * 10) / 10)).toEqual([85, 55]);
  });

  it('with --per-sheet 9 lay the sheet landscape, 3 × 3, every place filled', () => {
    const { result } = built.nine;
    expect(result.grid).toMatchObject({ cols: 3, rows: 3, orientation: 'landscape' });
    expect(result.document.pages[0]!.print!.trims.length).toBe(9);
  });

  it('decode at 300 and 150 dpi: each card, as it is once cut out, holds its own publication\'s code and no other', async () => {
    let codes = 0;
    for (const dpi of [300, 150]) {
      for (const which of ['sheet', 'nine', 'single'] as const) {
        const { result, bytes } = built[which];
        for (const [i, page] of result.document.pages.entries()) {
          const raster = await rasterise(bytes, i, dpi);
          for (const t of page.print!.trims) {
            const found = decodeRegion(raster, dpi, grow(t, page.print!.bleed));
            expect(found.map((f) => f.data), `${which} page ${i + 1} at ${dpi} dpi, ${t.label}`).toEqual([list.byId.get(idOf(t))!.url]);
            codes++;
          }
        }
      }
    }
    expect(codes).toBe(2 * (16 + 18 + 4));
  }, 120_000);

  it('decode at 300 dpi across a whole front sheet: exactly the cards\' codes, each at its card, and nothing else', async () => {
    // The whole sheet read in phone-sized windows (slow: one page); the cut cards are all read above.
    const { result, bytes } = built.sheet;
    for (const [i, page] of result.document.pages.slice(0, 1).entries()) {
      const found = await decodePage(bytes, i, 300);
      const trims = page.print!.trims;
      expect(found.length, `sheet page ${i + 1}`).toBe(trims.length);
      for (const t of trims) {
        const mine = found.filter((f) => f.x > t.x && f.x < t.x + t.width && f.y > t.y && f.y < t.y + t.height);
        expect(mine.map((f) => f.data), `sheet page ${i + 1}, ${t.label}`).toEqual([list.byId.get(idOf(t))!.url]);
      }
    }
  }, 120_000);

  it('print every code with modules of at least 0.4 mm, four modules of quiet zone on the card, level M or higher', () => {
    for (const which of ['sheet', 'single'] as const) {
      for (const page of built[which].result.document.pages) {
        for (const t of page.print!.trims) {
          const qr = page.ops.filter((op): op is QrOp => op.kind === 'qr' && within(op, t));
          expect(qr.length).toBe(1);
          expect(qr[0]!.module / MM).toBeGreaterThanOrEqual(0.4);
          expect(qr[0]!.quiet).toBeGreaterThanOrEqual(4);
          expect(['M', 'Q', 'H']).toContain(errorCorrectionOf(qr[0]!.modules));
        }
      }
    }
  });

  it('keep cards and their bleed apart, inside the sheet', () => {
    for (const which of ['sheet', 'nine'] as const) {
      for (const page of built[which].result.document.pages) {
        const { trims, bleed } = page.print!;
        expect(bleed / MM).toBeCloseTo(3, 6);
        const sheet: Box = { x: 0, y: 0, width: page.width, height: page.height };
        for (const [i, a] of trims.entries()) {
          expect(within(grow(a, bleed), grow(sheet, -theme.sheetMargin))).toBe(true);
          for (const b of trims.slice(i + 1)) {
            expect(overlaps(a, b), `${a.label} overlaps ${b.label}`).toBe(false);
            expect(overlaps(grow(a, bleed), grow(b, bleed)), `the bleed of ${a.label} runs onto ${b.label}`).toBe(false);
          }
        }
      }
    }
  });

  it('keep each card\'s print inside its bleed, its text and code inside the cut, and run the band into the bleed', () => {
    for (const which of ['sheet', 'nine'] as const) {
      for (const page of built[which].result.document.pages) {
        const { trims, bleed } = page.print!;
        for (const op of page.ops.filter((o) => o.kind !== 'line')) {
          const home = trims.filter((t) => within(boxOf(op), grow(t, bleed)));
          expect(home.length, `${op.kind} at ${op.x.toFixed(1)},${op.y.toFixed(1)} belongs to no card`).toBe(1);
          if (op.kind === 'text' || op.kind === 'qr') expect(within(boxOf(op), home[0]!), `${op.kind} ${op.kind === 'text' ? op.text : ''} crosses the cut`).toBe(true);
        }
        for (const t of trims) {
          const band = page.ops.find((op) => op.kind === 'rect' && within(op, grow(t, bleed)) && op.width > t.width);
          expect(band, t.label).toBeDefined();
          const b = boxOf(band!);
          expect(b.x).toBeCloseTo(t.x - bleed, 6);
          expect(b.y).toBeCloseTo(t.y - bleed, 6);
          expect(b.x + b.width).toBeCloseTo(t.x + t.width + bleed, 6);
        }
      }
    }
  });

  it('put crop marks on every cut line, outside every card and its bleed, on the front sheets', () => {
    for (const which of ['sheet', 'nine'] as const) {
      const pages = built[which].result.document.pages;
      pages.forEach((page, i) => {
        const marks = page.ops.filter((op): op is LineOp => op.kind === 'line');
        if (i % 2 === 1) return expect(marks, 'no marks on a back sheet').toEqual([]);
        const { trims, bleed } = page.print!;
        expect(marks.length).toBeGreaterThan(0);
        for (const m of marks) {
          for (const t of trims) expect(overlaps(grow(boxOf(m), 0.001), grow(t, bleed)), `a mark on ${t.label}`).toBe(false);
          expect(within(boxOf(m), grow({ x: 0, y: 0, width: page.width, height: page.height }, -theme.sheetMargin))).toBe(true);
          const onCut = m.dx === 0 ? trims.some((t) => Math.abs(t.x - m.x) < 0.01 || Math.abs(t.x + t.width - m.x) < 0.01) : trims.some((t) => Math.abs(t.y - m.y) < 0.01 || Math.abs(t.y + t.height - m.y) < 0.01);
          expect(onCut, `mark at ${m.x.toFixed(1)},${m.y.toFixed(1)} is on no cut line`).toBe(true);
        }
        // Every cut line has its marks at both ends.
        for (const t of trims) {
          for (const x of [t.x, t.x + t.width]) expect(marks.filter((m) => m.dx === 0 && Math.abs(m.x - x) < 0.01).length).toBe(2);
          for (const y of [t.y, t.y + t.height]) expect(marks.filter((m) => m.dy === 0 && Math.abs(m.y - y) < 0.01).length).toBe(2);
        }
      });
    }
  });

  it('mirror the back sheet so that turning the paper over puts each English back behind its own Norwegian front', () => {
    for (const which of ['sheet', 'nine'] as const) {
      const pages = built[which].result.document.pages;
      for (let i = 0; i < pages.length; i += 2) {
        const front = pages[i]!;
        const back = pages[i + 1]!;
        expect([back.width, back.height]).toEqual([front.width, front.height]);
        expect(back.print!.trims.length).toBe(front.print!.trims.length);
        for (const f of front.print!.trims) {
          // Turned over about the sheet's vertical axis, a point at x on the back lies at width − x.
          const behind = back.print!.trims.filter((b) => Math.abs(front.width - (b.x + b.width) - f.x) < 0.01 && Math.abs(b.y - f.y) < 0.01);
          expect(behind.length, f.label).toBe(1);
          const b = behind[0]!;
          expect(cardOf(b)).toBe(cardOf(f));
          expect(list.byId.get(idOf(f))!.language).toBe('nb');
          expect(list.byId.get(idOf(b))!.language).toBe('en');
          expect(list.byId.get(idOf(b))!.card).toBe(list.byId.get(idOf(f))!.card);
        }
      }
    }
  });
});

describe('printing preferences', () => {
  it('ask the print dialog for 100 % and the duplex flip that puts backs behind fronts', () => {
    const prefs = (b: Buffer) => /\/DisplayDocTitle true\n([^>]*)>>/.exec(b.toString('latin1'))![1]!;
    expect(prefs(built.sheet.bytes)).toMatch(/\/PrintScaling \/None\n\/Duplex \/DuplexFlipLongEdge/);
    expect(prefs(built.nine.bytes)).toMatch(/\/PrintScaling \/None\n\/Duplex \/DuplexFlipShortEdge/);
    expect(prefs(built.single.bytes)).toMatch(/\/PrintScaling \/None/);
    expect(prefs(built.single.bytes)).not.toMatch(/Duplex/);
  });
});

describe('single QR cards (--single)', () => {
  it('are one card a page, front then back, with 3 mm bleed around the 85 × 55 mm card', () => {
    const { result } = built.single;
    const pages = result.document.pages;
    expect(pages.length).toBe(4);
    expect(pages.map((p) => idOf(p.print!.trims[0]!))).toEqual(['veileder-nb', 'veileder-en', 'brosjyre-nb', 'brosjyre-en']);
    for (const p of pages) {
      expect([p.width / MM, p.height / MM].map((v) => Math.round(v * 10) / 10)).toEqual([91, 61]);
      expect(p.ops.some((op) => op.kind === 'line')).toBe(false);
      const band = p.ops.find((op) => op.kind === 'rect')!;
      expect([band.x, band.y]).toEqual([0, 0]);
      expect(boxOf(band).width).toBeCloseTo(p.width, 6);
    }
  });

  it('set the PDF\'s TrimBox to the card and its BleedBox to the page', () => {
    const text = built.single.bytes.toString('latin1');
    const boxes = (name: string) => [...text.matchAll(new RegExp(`/${name} \\[([^\\]]+)\\]`, 'g'))].map((m) => m[1]!.trim().split(/\s+/).map((v) => Number(v) / MM));
    const trims = boxes('TrimBox');
    const bleeds = boxes('BleedBox');
    expect(trims.length).toBe(4);
    expect(bleeds.length).toBe(4);
    for (const t of trims) expect(t.map((v) => Math.round(v * 100) / 100)).toEqual([3, 3, 88, 58]);
    for (const b of bleeds) expect(b.map((v) => Math.round(v * 100) / 100)).toEqual([0, 0, 91, 61]);
  });
});

describe('the card files for the press (--profile print)', () => {
  it('paint in CMYK from the layout\'s print colours: QR codes and black text in black ink only', async () => {
    for (const which of ['sheetPrint', 'singlePrint'] as const) {
      const mupdf = await import('mupdf');
      const pdf = mupdf.Document.openDocument(built[which].bytes, 'application/pdf').asPDF()!;
      const fills: { kind: string; space: string; colour: number[] }[] = [];
      const device = new mupdf.Device({
        fillPath: (_p, _e, _m, cs, colour) => void fills.push({ kind: 'path', space: cs.getName(), colour: [...colour] }),
        fillText: (_t, _m, cs, colour) => void fills.push({ kind: 'text', space: cs.getName(), colour: [...colour] }),
      });
      for (let i = 0; i < pdf.countPages(); i++) pdf.loadPage(i).run(device, mupdf.Matrix.identity);
      expect(fills.length).toBeGreaterThan(0);
      for (const f of fills) expect(f.space).toBe('DeviceCMYK');
      const pct = (c: number[]) => c.map((v) => Math.round(v * 100));
      // The guidance text (#1a1a1a) in K only; the QR modules (#000000) 100 % K.
      const text = fills.filter((f) => f.kind === 'text').map((f) => pct(f.colour).join());
      expect(text).toContain(theme.print!.colours.text.join());
      expect(fills.filter((f) => f.kind === 'path').map((f) => pct(f.colour).join())).toContain('0,0,0,100');
      const allowed = Object.values(theme.print!.colours).map((c) => c.join());
      for (const t of new Set(text)) expect(allowed).toContain(t);
    }
  });
});

describe('the card files as tagged PDFs', () => {
  for (const which of ['sheet', 'nine', 'single', 'sheetPrint', 'singlePrint'] as const) {
    it(`${which}: pass our check of PDF/UA-1, each placed card an Art of its own, read once, in order`, async () => {
      const { result, bytes } = built[which];
      // No element's words on two cards: each placed card is a piece of its page.
      const report = await checkPdfUa(bytes, { regions: (p) => result.document.pages[p]!.print!.trims });
      expect(report.failures).toEqual([]);
      expect(await checkStandard(bytes, which.endsWith('Print') ? 'PDF/X-4' : 'PDF/A-2a')).toEqual([]);
      const all = [...walk(report.root!)];
      const byType = (t: string, under?: StructElem) => [...walk(under ?? report.root!)].filter((e) => e.type === t);
      // One H1, the document's, first; the cards' titles H2 under it.
      expect(byType('H1').map((h) => h.text)).toEqual([theme.metadata.title]);
      expect(report.root!.children[0]!.type).toBe('H1');
      // Every face placed on a page is one Art, a child of the document, never of another Art.
      const faces = result.document.pages.flatMap((p) => p.print!.trims.filter((t) => !t.label.endsWith('(blank)')));
      const arts = report.root!.children.filter((c) => c.type === 'Art');
      expect(arts).toHaveLength(faces.length);
      expect(all.filter((e) => e.type === 'Art')).toHaveLength(faces.length);
      const pubs = new Map(list.publications.map((p) => [p.id, p]));
      arts.forEach((art, i) => {
        const pub = pubs.get(idOf(faces[i]!))!;
        expect(art.lang ?? 'nb').toBe(pub.language);
        // Its own title, once; its own code and links, each with one content or annotation.
        expect(byType('H2', art).map((h) => h.text)).toEqual([pub.title.replace(/\s+/g, ' ').trim()]);
        const figures = byType('Figure', art);
        expect(figures.map((f) => f.mcids)).toEqual([1]);
        expect(figures[0]!.alt).toContain(pub.url);
        const links = byType('Link', art);
        expect(links.map((l) => l.annotations)).toEqual([1, 1]);
        // The code's link holds the code, the address's link the address.
        expect(links[0]!.children.map((c) => c.type)).toEqual(['Figure']);
        // (our reader joins lines with a space where the file has none, as at a word's own hyphen)
        expect(links[1]!.text.replace(/ /g, '')).toBe(pub.shortUrl);
        expect(byType('P', art).every((p) => p.text !== '')).toBe(true);
      });
    });
  }
});
