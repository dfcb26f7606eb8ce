// The reference issue set justified (a copy of layouts/kom.yaml with `align: justified`), built
// to a real PDF and read back: every word whole, letter spacing within its bounds, no line
// reaching further into the margin than half the column gap.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue } from '../../src/build.js';
import type { Document, TextOp } from '../../src/display/types.js';
import { loadIssue } from '../../src/issue/load.js';
import type { Issue } from '../../src/model/types.js';
import { expectWordsInOrder } from '../helpers/articles.js';
import { readPdf, type PdfFile } from '../helpers/pdf.js';
import { kom, repo } from '../helpers/project.js';

const MM = 72 / 25.4;
let pdf: PdfFile;
let bytes: Buffer;
let doc: Document;
let issue: Issue;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-justified-'));
  mkdirSync(join(dir, 'layouts'));
  const layout = readFileSync(kom, 'utf8')
    .replace(/^ {2}align: ragged\b/m, '  align: justified')
    .replace(/: (fonts|assets)\//g, `: ${repo}/$1/`);
  expect(layout).toMatch(/^ {2}align: justified/m);
  const file = join(dir, 'layouts', 'kom.yaml');
  writeFileSync(file, layout);
  const out = join(dir, 'justified.pdf');
  const result = await buildIssue(join(repo, 'issues', '2025-4'), { out, layout: file, cacheDir: false });
  doc = result.document;
  bytes = readFileSync(out);
  pdf = await readPdf(bytes);
  issue = await loadIssue(join(repo, 'issues', '2025-4'));
}, 90_000);


/** Every `Tc` of the PDF's content streams with the font size (`Tf`) of its run. */
function letterSpacings(pdfBytes: Buffer): { tc: number; size: number }[] {
  const out: { tc: number; size: number }[] = [];
  const raw = pdfBytes.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const end = raw.indexOf('endstream', m.index);
    let text: string;
    try {
      text = inflateSync(pdfBytes.subarray(m.index + m[0].length, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const t of text.matchAll(/ ([\d.]+) Tf\n(-?[\d.]+) Tc/g)) out.push({ size: Number(t[1]), tc: Number(t[2]) });
  }
  return out;
}

describe('the reference issue set justified', () => {
  it('holds every word of every article, in reading order', () => {
    expectWordsInOrder(pdf, issue.sections.flatMap((s) => s.articles), doc);
  });

  it('letter-spaces lines, within −1 % … +2 % of the font size', () => {
    const spacings = letterSpacings(bytes);
    expect(spacings.length).toBeGreaterThan(100);
    for (const { tc, size } of spacings) {
      expect(tc / size).toBeGreaterThanOrEqual(-0.01 - 1e-6);
      expect(tc / size).toBeLessThanOrEqual(0.02 + 1e-6);
    }
  });

  it('draws no text further into the right margin than half the column gap', () => {
    const gap = 7 * MM;
    let protruding = 0;
    for (const p of doc.pages.slice(1)) {
      for (const op of p.ops) {
        if (op.kind !== 'text' || (op.role.kind !== 'paragraph' && op.role.kind !== 'list-item')) continue;
        const t = op as TextOp;
        const column = p.columns.find((c) => t.x >= c.x - 1e-6 && t.x < c.x + c.width && t.y >= c.y - 1e-6 && t.y <= c.y + c.height + 1e-6);
        expect(column, `"${t.text}" on page ${p.number} in a column`).toBeDefined();
        const right = t.x + t.width;
        const edge = column!.x + column!.width;
        expect(right, `"${t.text}" on page ${p.number}`).toBeLessThanOrEqual(edge + gap / 2 + 1e-6);
        if (right > edge + 0.1 && /[\u00ad.,:\u2013-]$/.test(t.text)) protruding++;
      }
    }
    // Hyphens and punctuation do reach into it.
    expect(protruding).toBeGreaterThan(50);
  });
});
