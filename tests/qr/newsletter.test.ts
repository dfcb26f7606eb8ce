// The reference issue's QR codes, printed: MuPDF renders the pages at print resolution and jsQR
// (a decoder no one here wrote) reads them. Every expected address decodes at its place, and
// nothing else does.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue } from '../../src/build.js';
import type { Document, QrOp } from '../../src/display/types.js';
import { loadIssue } from '../../src/issue/load.js';
import { loadPublications, publicationsFile } from '../../src/issue/publications.js';
import type { Issue } from '../../src/model/types.js';
import { decodePage, type Decoded } from '../helpers/qr.js';
import { repo } from '../helpers/project.js';
import { errorCorrectionOf, painted } from '../helpers/vector.js';

const MM = 72 / 25.4;
let bytes: Buffer;
let doc: Document;
let issue: Issue;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'nyhetsbrev-qr-')), 'ref.pdf');
  doc = (await buildIssue(join(repo, 'issues', '2025-4'), { out })).document;
  bytes = readFileSync(out);
  issue = await loadIssue(join(repo, 'issues', '2025-4'));
}, 60_000);

const codesOn = (page: number): QrOp[] => doc.pages[page]!.ops.filter((op): op is QrOp => op.kind === 'qr');
const pagesWithCodes = () => doc.pages.map((_, i) => i).filter((i) => codesOn(i).length > 0);

/** Each decoded code matches one code the layout placed there, and each placed code was decoded. */
function expectSameCodes(found: readonly Decoded[], placed: readonly QrOp[], where: string): void {
  expect(found.map((f) => f.data).sort(), where).toEqual(placed.map((q) => q.data).sort());
  for (const f of found) {
    const op = placed.find((q) => f.x > q.x && f.x < q.x + q.width && f.y > q.y && f.y < q.y + q.height);
    expect(op, `${where}: a code read at ${f.x.toFixed(0)},${f.y.toFixed(0)} where none was placed`).toBeDefined();
    expect(f.data, where).toBe(op!.data);
  }
}

describe('QR codes of the reference issue', () => {
  it('stand on the tools page and the back page: the guide and the brochure, from the publication list', () => {
    const list = loadPublications(publicationsFile(repo));
    const expected = issue.sections.flatMap((s) => s.articles).flatMap((a) => a.body).flatMap((b) => (b.kind === 'qr' ? b.codes.map((p) => p.url) : []));
    expect(expected.sort()).toEqual([list.byId.get('brosjyre-nb')!.url, list.byId.get('brosjyre-nb')!.url, list.byId.get('veileder-nb')!.url, list.byId.get('veileder-nb')!.url].sort());
    const placed = doc.pages.flatMap((_, i) => codesOn(i).map((q) => q.data));
    expect(placed.sort()).toEqual(expected);
    const tools = doc.pages.findIndex((p) => p.ops.some((op) => op.kind === 'text' && op.role.kind === 'section-title' && op.text.startsWith('Oversikt over KOM')));
    expect(codesOn(tools).length).toBe(2);
    expect(codesOn(doc.pages.length - 1).length).toBe(2);
  });

  it('decode at 300 dpi to the publication placed there, and nothing else decodes on those pages', async () => {
    const pages = pagesWithCodes();
    expect(pages.length).toBeGreaterThan(0);
    for (const i of pages) expectSameCodes(await decodePage(bytes, i, 300), codesOn(i), `page ${i + 1} at 300 dpi`);
  }, 120_000);

  it('decode at 150 dpi (a cheap office printer) too, and nothing else decodes on those pages', async () => {
    let total = 0;
    for (const i of pagesWithCodes()) {
      const found = await decodePage(bytes, i, 150);
      expectSameCodes(found, codesOn(i), `page ${i + 1} at 150 dpi`);
      total += found.length;
    }
    expect(total).toBe(4);
  }, 120_000);

  it('are printed with modules of at least 0.4 mm, a quiet zone of four modules and error correction M or higher', () => {
    for (const i of pagesWithCodes()) {
      for (const q of codesOn(i)) {
        expect(q.module / MM).toBeGreaterThanOrEqual(0.4);
        expect(q.quiet).toBeGreaterThanOrEqual(4);
        expect(q.width).toBeCloseTo(q.module * (q.modules.length + 2 * q.quiet), 6);
        expect(['M', 'Q', 'H']).toContain(errorCorrectionOf(q.modules));
      }
    }
  });

  it('are vector paths: a light square and one dark path for the modules, no picture', async () => {
    for (const i of pagesWithCodes()) {
      const { fills, images } = await painted(bytes, i);
      for (const q of codesOn(i)) {
        const inside = (b: { x0: number; y0: number; x1: number; y1: number }) => b.x0 >= q.x - 0.01 && b.x1 <= q.x + q.width + 0.01 && b.y0 >= q.y - 0.01 && b.y1 <= q.y + q.height + 0.01;
        expect(images.filter(inside), `page ${i + 1}: a picture inside a QR code`).toEqual([]);
        const mine = fills.filter((f) => inside(f.bounds));
        expect(mine.length, `page ${i + 1}`).toBe(2);
        const [light, dark] = mine as [typeof mine[0], typeof mine[0]];
        expect(light.colour).toEqual([1, 1, 1]);
        expect(dark.colour).toEqual([0, 0, 0]);
        // The dark path spans the symbol exactly (finder patterns sit in three corners) …
        const symbol = q.module * q.modules.length;
        expect(dark.bounds.x1 - dark.bounds.x0).toBeCloseTo(symbol, 3);
        expect(dark.bounds.x0 - q.x).toBeCloseTo(q.quiet * q.module, 3);
        // … as one rectangle per run of dark modules in a row.
        const runs = q.modules.reduce((n, row) => n + row.filter((d, c) => d && !row[c - 1]).length, 0);
        expect(dark.subpaths).toBe(runs);
      }
    }
  });

  it('are links to the same address, over the code', () => {
    for (const i of pagesWithCodes()) {
      for (const q of codesOn(i)) {
        const link = doc.pages[i]!.ops.find((op) => op.kind === 'link' && 'url' in op.target && op.x === q.x && op.y === q.y);
        expect(link && link.kind === 'link' && link.target).toEqual({ url: q.data });
      }
    }
  });
});
