// The reference issue (issues/2025-4) built to a real PDF and read back with pdf.js.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue } from '../../src/build.js';
import type { Document, Op } from '../../src/display/types.js';
import { loadIssue } from '../../src/issue/load.js';
import { readExceptions } from '../../src/text/exceptions.js';
import { makeHyphenator } from '../../src/text/hyphenate.js';
import type { Issue } from '../../src/model/types.js';
import { blockTexts, expectWordsInOrder } from '../helpers/articles.js';
import { joinParts, linksWithText, pageTexts, readPdf, words, type MuLink, type PdfFile } from '../helpers/pdf.js';
import { repo } from '../helpers/project.js';

let pdf: PdfFile;
let issue: Issue;
let doc: Document;
let bytes: Buffer;
let links: MuLink[];
let muText: string[];

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'nyhetsbrev-ref-')), 'ref.pdf');
  const result = await buildIssue(join(repo, 'issues', '2025-4'), { out });
  doc = result.document;
  bytes = readFileSync(out);
  pdf = await readPdf(bytes);
  links = await linksWithText(bytes);
  muText = await pageTexts(bytes);
  issue = await loadIssue(join(repo, 'issues', '2025-4'));
}, 60_000);

const articles = () => issue.sections.flatMap((s) => s.articles);

describe('the reference issue as a PDF', () => {
  it('has the cover, the standing pages and a page count close to the original 27', () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(20);
    expect(pdf.pages.length).toBeLessThanOrEqual(30);
    expect(pdf.pages[0]!.text).toContain('Nyhetsbrev fra KOM');
    expect(pdf.pages[0]!.text).toContain('oktober–desember 2025');
    expect(pdf.pages[0]!.text).toContain('Publisert 9. januar 2026');
    expect(pdf.pages.some((p) => p.text.includes('Oversikt over KOM verktøy og rapporter'))).toBe(true);
    expect(pdf.pages[pdf.pages.length - 1]!.text).toContain('KOM skal');
  });

  it('holds every word of every article, in reading order', () => {
    expectWordsInOrder(pdf, articles(), doc);
  });

  it('makes every link of the issue a link annotation with the same address, on its words', () => {
    const expected = new Map<string, string[]>();
    const add = (url: string, text: string) => expected.set(url, [...(expected.get(url) ?? []), text]);
    for (const a of articles()) {
      if (a.logo?.link) add(a.logo.link, '');
      for (const b of a.body) {
        if (b.kind === 'picture' && b.link) add(b.link, '');
        // A QR code is a link with no words under it; the short address printed under it links too.
        if (b.kind === 'qr') for (const p of b.codes) add(p.url, ''), add(p.url, p.shortUrl);
        for (const i of blockTexts(b)) for (const r of i.runs) if (r.link?.kind === 'url') add(r.link.url, r.text);
      }
    }
    expect(expected.size).toBeGreaterThan(100);
    const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
    for (const [url, texts] of expected) {
      const mine = links.filter((l) => l.url === url);
      expect(mine.length, url).toBeGreaterThanOrEqual(texts.length);
      const linked = norm(texts.join(' '));
      for (const l of mine) {
        // A link's words may wrap: each part stands under its own annotation, and a part may
        // end with the hyphen of a word broken at the line's end.
        const shown = norm(l.text).replace(/\u00ad$/, '').replace(/-$/, (h) => (linked.includes(norm(l.text)) ? h : ''));
        if (shown === '') expect(texts.includes(''), `link ${url} has no words under it`).toBe(true);
        else expect(linked, `link ${url} stands on "${l.text}"`).toContain(shown);
      }
      // Together the annotations cover all the linked words.
      const covered = joinParts(mine.map((l) => norm(l.text)).filter((t) => t !== ''), linked);
      for (const w of words(linked)) expect(covered, url).toContain(w);
    }
  });

  it('links the contents on the cover to the first page of each section', () => {
    const contents = links.filter((l) => l.page === 1);
    expect(contents.length).toBe(issue.sections.length);
    for (const link of contents) {
      const title = link.text.replace(/\d+$/, '').trim();
      const target = pdf.pages[link.target! - 1]!;
      expect(words(target.text).join(' '), `contents entry "${title}" → page ${link.target}`).toContain(words(title).slice(0, 3).join(' '));
      expect(link.text.endsWith(String(link.target))).toBe(true);
    }
  });

  it('resolves cross-references to the page of the article they name', () => {
    const xrefs = links.filter((l) => l.page > 1 && l.target !== undefined);
    expect(xrefs.length).toBeGreaterThanOrEqual(4);
    for (const x of xrefs) expect(x.text).toBe(`side\u00a0${x.target}`);
    const strategi = pdf.pages.find((p) => p.text.includes('Nasjonal strategi mot menneskehandel (2025–2030) ble lansert'))!;
    expect(xrefs.some((x) => x.target === strategi.number)).toBe(true);
  });

  it('puts the footer with its page number on every page but the cover', () => {
    expect(pdf.pages[0]!.text).not.toMatch(/Nyhetsbrev fra KOM \d+$/);
    for (const p of pdf.pages.slice(1)) expect(p.text.endsWith(`Nyhetsbrev fra KOM ${p.number}`), `page ${p.number}`).toBe(true);
  });

  it('has an outline of sections and articles, a title and the document language', () => {
    expect(pdf.outline.map((o) => o.title)).toContain('Aktuelle norske tiltak, rapporter og forskning');
    expect(pdf.outline.find((o) => o.title.startsWith('Aktuelle internasjonale'))!.items.map((i) => i.title)).toContain('Finland');
    expect(pdf.info.Title).toBe('Nyhetsbrev fra KOM nr. 4 2025');
    expect(pdf.info.Author).toMatch(/KOM/);
    expect(bytes.toString('latin1')).toMatch(/\/Lang \(nb-NO\)/);
    expect(bytes.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
  });
});

describe('the reference issue as laid out', () => {
  it('has no widows, no orphans, no overfull lines and no hyphen at a column\'s foot, and is hyphenated', () => {
    const r = doc.report!;
    expect(r.total).toMatchObject({ widows: 0, orphans: 0, overfullLines: 0, emergencyBreaks: 0, hyphenAtColumnEnd: 0 });
    expect(r.total.lines).toBeGreaterThan(500);
    // Hyphenated, but not on every other line.
    expect(r.total.hyphenatedLines).toBeGreaterThan(r.total.lines * 0.05);
    expect(r.total.hyphenatedLines).toBeLessThan(r.total.lines * 0.3);
    expect(r.perPage.map((p) => p.page)).toEqual(doc.pages.slice(1).map((p) => p.number));
  });

  it('breaks words where the hyphenator offers it, compounds at their seams rather than in their first part, and few at poor places', () => {
    // Words broken at a line's end, read back from the PDF (by MuPDF: pdf.js drops it): the drawn hyphen is a soft hyphen.
    const stream = muText.slice(1).flatMap((t) => t.split(/\s+/));
    const broken = stream.flatMap((w, i) => (w.endsWith('\u00ad') ? [[w.slice(0, -1), stream[i + 1]!] as const] : []));
    expect(broken.length).toBe(doc.report!.total.seamBreaks + doc.report!.total.insideBreaks + doc.report!.total.poorBreaks);
    const h = makeHyphenator(['nb', 'sv', 'en'], undefined, readExceptions(join(repo, 'layouts', 'hyphenation.yaml')).list);
    const places = broken.map(([a, b]) => {
      const lead = /^[^\p{L}]*/u.exec(a)![0].length;
      const word = (a + b).slice(lead).replace(/[^\p{L}]+$/u, '');
      const at = a.length - lead;
      // The issue's own language first; words of another language by theirs.
      const place = ['nb', 'sv', 'en'].map((lang) => h(word, lang).find((p) => p.at === at)).find((p) => p !== undefined)?.place;
      expect(place, `${a}-|${b}: no language offers that break`).toBeDefined();
      return { shown: `${a}-|${b}`, place };
    });
    const shown = places.map((p) => p.shown);
    // Issue 14's poor breaks are gone, for their seams.
    for (const gone of ['stra-|tegiarbeidet', 'samar-|beidsprosjekt', 'yt-|tergrenser,']) expect(shown).not.toContain(gone);
    for (const seam of ['strategi-|arbeidet', 'ytter-|grenser.']) expect(shown).toContain(seam);
    const poor = places.filter((p) => p.place === 'poor').map((p) => p.shown);
    expect(poor.length, poor.join(' ')).toBeLessThanOrEqual(16);
    expect(places.filter((p) => p.place === 'seam').length).toBeGreaterThanOrEqual(60);
  });

  it('draws every text line within its column, hyphen included', () => {
    for (const p of doc.pages.slice(1)) {
      for (const op of p.ops) {
        if (op.kind !== 'text' || op.role.kind === 'artifact' || op.role.kind === 'section-title') continue;
        const c = p.columns.find((col) => op.x >= col.x - 0.01 && op.x < col.x + col.width);
        expect(c, `"${op.text}" on page ${p.number}`).toBeDefined();
        expect(op.x + op.width, `"${op.text}" on page ${p.number}`).toBeLessThanOrEqual(c!.x + c!.width + 1e-6);
      }
    }
  });

  const box = (op: Op) =>
    op.kind === 'text'
      ? { x: op.x, y: op.y - op.size * 0.72, w: op.width, h: op.size * 0.95 }
      : op.kind === 'line'
        ? { x: op.x, y: op.y, w: op.dx, h: op.dy }
        : { x: op.x, y: op.y, w: op.width, h: op.height };

  it('keeps every box inside the page, body text inside its column, and no two boxes overlapping', () => {
    const { page, margins } = { page: { width: 595.28, height: 841.89 }, margins: { left: 51, right: 51 } };
    for (const p of doc.pages) {
      const solid = p.ops.filter((op) => op.kind === 'text' || op.kind === 'image' || op.kind === 'qr');
      for (const op of solid) {
        const b = box(op);
        expect(b.x).toBeGreaterThanOrEqual(p === doc.pages[0] ? 0 : margins.left - 0.01);
        expect(b.x + b.w).toBeLessThanOrEqual(page.width - (p === doc.pages[0] ? 0 : margins.right) + 0.01);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.y + b.h).toBeLessThanOrEqual(page.height);
        if (op.role.kind !== 'artifact' && op.role.kind !== 'section-title' && p.columns.length > 0) {
          const inside = p.columns.some((c) => b.x >= c.x - 0.01 && b.x + b.w <= c.x + c.width + 0.01 && b.y >= c.y - 0.01 && b.y + b.h <= c.y + c.height + 0.01);
          expect(inside, `"${op.kind === 'text' ? op.text : op.kind === 'image' ? op.alt : op.kind}" on page ${p.number} is outside its column`).toBe(true);
        }
      }
      for (let i = 0; i < solid.length; i++) {
        for (let j = i + 1; j < solid.length; j++) {
          const a = box(solid[i]!);
          const b = box(solid[j]!);
          const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.05 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0.05;
          expect(overlap, `page ${p.number}: ${JSON.stringify(solid[i])} overlaps ${JSON.stringify(solid[j])}`).toBe(false);
        }
      }
    }
  });

  it('repeats a heading with " forts." exactly where an article goes on in a new column', () => {
    // Which article each op belongs to, column by column, in reading order.
    const articleOf = (op: Op): string | undefined => {
      const r = op.role;
      if (r.kind === 'heading') return r.article;
      if (r.kind === 'paragraph' || r.kind === 'list-item' || r.kind === 'caption' || (r.kind === 'figure' && !r.block.endsWith('-logo'))) {
        const [, s, a] = /^s(\d+)a(\d+)/.exec(r.block)!;
        return issue.sections[Number(s)]!.articles[Number(a)]!.id;
      }
      return undefined;
    };
    let continuations = 0;
    let previousLast: string | undefined;
    for (const p of doc.pages.slice(1)) {
      // A new section starts fresh.
      if (p.ops.some((op) => op.role.kind === 'section-title')) previousLast = undefined;
      for (const c of p.columns) {
        const ops = p.ops.filter((op) => op.x >= c.x - 0.01 && op.x < c.x + c.width && articleOf(op) !== undefined);
        if (ops.length === 0) continue;
        const first = ops[0]!;
        const continued = first.role.kind === 'heading' && first.role.continued;
        const firstBody = ops.find((op) => !(op.role.kind === 'heading' && op.role.continued))!;
        const startsFresh = firstBody.role.kind === 'heading';
        if (continued) {
          continuations++;
          expect(first.kind === 'text' && first.text).toBeTruthy();
          expect(previousLast, `page ${p.number}: a "forts." heading for an article that did not go on`).toBe(articleOf(first));
        } else {
          expect(startsFresh, `page ${p.number}: "${(firstBody as { text?: string }).text}" goes on from the previous column without a "forts." heading`).toBe(true);
        }
        previousLast = articleOf(ops[ops.length - 1]!);
      }
    }
    expect(continuations).toBeGreaterThan(5);
    const fortsTexts = doc.pages.flatMap((p) => p.ops).filter((op) => op.kind === 'text' && op.role.kind === 'heading' && op.role.continued);
    expect(fortsTexts.some((op) => op.kind === 'text' && op.text.endsWith('forts.'))).toBe(true);
  });
});
