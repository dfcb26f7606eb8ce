// The reference issue as a tagged PDF: our check of PDF/UA-1's machine-checkable part, and the
// structure tree read back and compared with the issue.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue } from '../../src/build.js';
import type { Document } from '../../src/display/types.js';
import { loadIssue } from '../../src/issue/load.js';
import type { Inline, Issue } from '../../src/model/types.js';
import { qrAlt } from '../../src/qr/symbol.js';
import type { PDFObject } from 'mupdf';
import type { OutlineEntry } from '../../src/display/types.js';
import { entryAnchor, headingAnchors } from '../../src/render/anchors.js';
import { checkPdfUa, checkStandard, walk, type StructElem, type UaReport } from '../helpers/pdfua.js';
import { build, pngBytes, project, repo, validIssue } from '../helpers/project.js';

let report: UaReport;
let issue: Issue;
let doc: Document;
let bytes: Buffer;

beforeAll(async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'nyhetsbrev-ua-')), 'ref.pdf');
  const result = await buildIssue(join(repo, 'issues', '2025-4'), { out });
  doc = result.document;
  bytes = readFileSync(out);
  report = await checkPdfUa(bytes);
  issue = await loadIssue(join(repo, 'issues', '2025-4'));
}, 60_000);

describe('the reference issue for the screen as an archive takes it', () => {
  it('passes our check of PDF/A-2a: sRGB OutputIntent, identifiers, no CIDSet, nothing in CMYK', async () => {
    expect(await checkStandard(bytes, 'PDF/A-2a')).toEqual([]);
    const mupdf = await import('mupdf');
    const pdf = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
    const intent = pdf.getTrailer().get('Root').get('OutputIntents').get(0);
    expect(intent.get('S').asName()).toBe('GTS_PDFA1');
    expect(intent.get('OutputConditionIdentifier').asString()).toBe('sRGB IEC61966-2.1');
    // No font carries a CIDSet (allowed by PDF/UA-1 and PDF/A-2; pdfkit's left out composite glyphs' parts).
    expect(bytes.toString('latin1')).not.toContain('/CIDSet');
  });
});

describe('bookmarks and contents entries of the reference issue', () => {
  it('lead to the heading of their section or article, not to the top of its page', async () => {
    const mupdf = await import('mupdf');
    const pdf = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
    const anchors = headingAnchors(doc);
    const tops: number[] = [];
    const compare = (item: PDFObject, entry: OutlineEntry, s?: number) => {
      const dest = item.get('Dest');
      const want = s === undefined ? anchors.get(`a${entry.article}`)! : entryAnchor(anchors, entry, s)!;
      expect(item.get('Title').asString()).toBe(entry.title);
      expect(dest.get(3).asNumber()).toBeCloseTo(doc.pages[want.page]!.height - want.top, 1);
      tops.push(want.top);
    };
    let section = pdf.getTrailer().get('Root').get('Outlines').get('First');
    doc.outline.forEach((entry, s) => {
      compare(section, entry, s);
      let child = section.get('First');
      for (const c of entry.children) {
        compare(child, c);
        child = child.get('Next');
      }
      section = section.get('Next');
    });
    // Articles lower on their page than its top.
    expect(tops.filter((t) => t > 200).length).toBeGreaterThan(10);
    // The cover's contents entries lead to the same places, by named destination.
    const names = pdf.getTrailer().get('Root').get('Names').get('Dests');
    const dests = new Map<string, PDFObject>();
    const walkTree = (n: PDFObject) => {
      const list = n.get('Names');
      for (let i = 0; list.isArray() && i + 1 < list.length; i += 2) dests.set(list.get(i).asString(), list.get(i + 1).resolve());
      const kids = n.get('Kids');
      for (let i = 0; kids.isArray() && i < kids.length; i++) walkTree(kids.get(i));
    };
    walkTree(names);
    const annots = pdf.findPage(0).get('Annots');
    const contents: string[] = [];
    for (let a = 0; annots.isArray() && a < annots.length; a++) {
      const action = annots.get(a).get('A');
      if (action.isDictionary() && action.get('D').isString()) contents.push(action.get('D').asString());
    }
    expect(contents).toHaveLength(doc.outline.length);
    contents.forEach((name, s) => {
      const want = entryAnchor(anchors, doc.outline[s]!, s)!;
      expect(dests.get(name)!.get(3).asNumber()).toBeCloseTo(doc.pages[want.page]!.height - want.top, 1);
    });
  });
});

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
/**
 * The text read from the tags, with a word the layout broke at a line's end joined again: the
 * layout draws a soft hyphen there (U+00AD), which pdf.js leaves out of the text, so the two
 * parts come back as two words. Only spaces the written text does not have are taken out.
 */
const asWritten = (read: string, written: string): string => {
  let out = '';
  let j = 0;
  for (let i = 0; i < read.length; i++) {
    if (read[i] === ' ' && written[j] !== ' ' && read[i + 1] === written[j]) continue;
    out += read[i];
    j++;
  }
  return out;
};
const pageOf = (id: string) => doc.pages.find((p) => p.ops.some((op) => op.role.kind === 'heading' && op.role.article === id && !op.role.continued))!.number;
const textOf = (i: Inline) => norm(i.runs.map((r) => (r.link?.kind === 'article' ? `${r.text} ${pageOf(r.link.id)}` : r.text)).join(''));
const elements = (type: string, under = report.root!) => [...walk(under)].filter((e) => e.type === type);
const sections = () => elements('Sect');
const articles = () => issue.sections.flatMap((s) => s.articles);

describe('the reference issue as a tagged PDF', () => {
  it('passes our check of PDF/UA-1', () => {
    expect(report.failures).toEqual([]);
    expect(report.counts.links).toBeGreaterThan(100);
    expect(report.counts.figures).toBeGreaterThan(40);
  });

  it('gives every section its own Sect with one H1, its title, or its first heading where it has none', () => {
    const titles = sections().map((s) => elements('H1', s).map((h) => h.text));
    expect(titles.every((t) => t.length === 1)).toBe(true);
    expect(titles.flat()).toEqual(issue.sections.map((s) => norm(s.title ?? s.articles[0]!.heading)));
    // As the contents and the bookmarks list them: the back page ("Om KOM") is a section.
    expect(titles.flat()).toEqual(doc.outline.map((o) => norm(o.title)));
    expect(issue.sections.some((s) => !s.title)).toBe(true);
    // The cover's title is the only other H1.
    expect(elements('H1').map((h) => h.text)[0]).toBe('Nyhetsbrev fra KOM');
    expect(elements('H1')).toHaveLength(issue.sections.length + 1);
    expect(sections().every((s) => s.children.every((c) => c.type !== 'Sect'))).toBe(true);
  });

  it('lists every other article heading in order as H2, " forts." headings never', () => {
    const h2 = sections().flatMap((s) => elements('H2', s).map((h) => h.text));
    expect(h2).toEqual(issue.sections.flatMap((s) => s.articles.filter((a, i) => s.title || i > 0).map((a) => norm(a.heading))));
    expect(elements('H2').some((h) => h.text.endsWith('forts.'))).toBe(false);
  });

  it('lists every paragraph in order as one P, however many columns and pages it runs over', () => {
    const ps = sections().flatMap((s) => elements('P', s).map((p) => norm(p.text)));
    const expected = articles().flatMap((a) => a.body.flatMap((b) => (b.kind === 'paragraph' ? [textOf(b.text)] : [])));
    expect(ps.map((p, i) => asWritten(p, expected[i] ?? ''))).toEqual(expected);
  });

  it('tags lists as L of LI with the bullet as Lbl and the text as LBody', () => {
    const lists = articles().flatMap((a) => a.body.flatMap((b) => (b.kind === 'list' ? [b] : [])));
    const ls = sections().flatMap((s) => elements('L', s));
    expect(ls).toHaveLength(lists.length);
    ls.forEach((l, i) => {
      expect(l.children.map((c) => c.type).every((t) => t === 'LI')).toBe(true);
      expect(l.children.map((li) => li.children.map((c) => c.type))).toEqual(lists[i]!.items.map(() => ['Lbl', 'LBody']));
      expect(l.children.map((li) => li.children[0]!.text)).toEqual(lists[i]!.items.map(() => lists[i]!.bullet));
      const written = lists[i]!.items.map(textOf);
      expect(l.children.map((li, k) => asWritten(norm(li.children[1]!.text), written[k] ?? ''))).toEqual(written);
    });
  });

  it('tags every picture and logo as a Figure with its alternative text, captions as Caption', () => {
    const alts = articles().flatMap((a) => [
      ...(a.logo && !a.logo.decorative ? [a.logo.picture.alt] : []),
      ...a.body.flatMap((b) => (b.kind === 'picture' ? [b.picture.alt] : b.kind === 'qr' ? b.codes.map(qrAlt) : [])),
    ]);
    expect(alts.filter((alt) => alt.startsWith('QR: '))).toHaveLength(4);
    expect(elements('Figure').map((f) => f.alt)).toEqual(alts);
    const captions = articles().flatMap((a) => a.body.flatMap((b) => (b.kind === 'picture' && b.caption ? [textOf(b.caption)] : [])));
    // A QR code's title and address under it are its caption too.
    const qrTitles = articles().flatMap((a) => a.body.flatMap((b) => (b.kind === 'qr' ? b.codes.map((c) => c.title) : [])));
    const all = elements('Caption').map((c) => norm(c.text));
    const ofQr = (t: string) => qrTitles.some((title) => t.startsWith(title));
    expect(all.filter(ofQr)).toHaveLength(qrTitles.length);
    expect(all.filter((t) => !ofQr(t))).toEqual(captions);
  });

  it('keeps footers, page numbers and running heads out of the tree', () => {
    const texts = [...walk(report.root!)].filter((e) => e.children.length === 0).map((e) => e.text);
    expect(texts.filter((t) => t === 'Nyhetsbrev fra KOM')).toHaveLength(1); // the cover's title
    expect(texts.some((t) => /^Nyhetsbrev fra KOM \d+$/.test(t))).toBe(false);
    expect(texts.some((t) => /^\d+$/.test(t))).toBe(false);
    expect(report.counts.artifacts).toBeGreaterThan(doc.pages.length * 2);
  });

  it('keeps the space at the end of each line in the file, so that words read from the tags stay apart', async () => {
    const mupdf = await import('mupdf');
    const file = mupdf.Document.openDocument(bytes, 'application/pdf');
    for (let n = 1; n < file.countPages(); n++) {
      // " forts." headings are artifacts, left out of the tags.
      const blocks = file.loadPage(n).toStructuredText('preserve-whitespace').asText().split('\n\n').filter((b) => !b.trim().endsWith('forts.'));
      // A line that a lowercase word goes on from ends with a space.
      for (const b of blocks) expect(b, `page ${n + 1}`).not.toMatch(/[\p{L}\d,.)]\n\p{Ll}/u);
    }
  });

  it('describes every link whole, and links to different places differently (WCAG 2.4.4)', async () => {
    const mupdf = await import('mupdf');
    const file = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
    const targetOf = new Map<string, string>();
    let n = 0;
    for (let i = 0; i < file.countPages(); i++) {
      const annots = file.findPage(i).get('Annots');
      for (let a = 0; annots.isArray() && a < annots.length; a++) {
        const annot = annots.get(a);
        if (annot.get('Subtype').asName() !== 'Link') continue;
        n++;
        const contents = annot.get('Contents').asString();
        const action = annot.get('A');
        const target = action.get('URI').isString() ? action.get('URI').asString() : `dest ${String(action.get('D').isNull() ? annot.get('Dest') : action.get('D'))}`;
        expect(contents, `page ${i + 1}`).not.toMatch(/…\s*$/);
        expect(contents).not.toContain('\u00ad');
        expect(targetOf.get(contents) ?? target, `"${contents}" on page ${i + 1}`).toBe(target);
        targetOf.set(contents, target);
      }
    }
    expect(n).toBe(report.counts.links);
    // Each link's address is in its description, whole (the scheme left out).
    expect([...targetOf].filter(([, t]) => t.startsWith('http')).every(([c, t]) => c.toLowerCase().includes(t.toLowerCase().replace(/^https?:\/\//, '').replace(/\/$/, '').replace(/^www\./, '').split('/')[0]!))).toBe(true);
  });

  it('puts the words of every link inside its Link element, the addresses under QR codes too', () => {
    const links = elements('Link');
    expect(links.filter((l) => l.text === '' && !l.children.some((c) => c.type === 'Figure'))).toEqual([]);
    const codes = articles().flatMap((a) => a.body.flatMap((b) => (b.kind === 'qr' ? b.codes : [])));
    const underCodes = elements('Caption').flatMap((c) => c.children.filter((k) => k.type === 'Link').map((l) => asWritten(l.text, l.text.replace(/ /g, ''))));
    expect(underCodes).toEqual(codes.map((c) => c.shortUrl));
  });

  it('makes the cover\'s contents a TOC of links to the sections', () => {
    const toc = elements('TOC')[0]!;
    expect(toc.children.map((c) => norm(c.children[0]!.text))).toEqual(doc.outline.map((o) => `${norm(o.title)} ${o.page}`));
    // Each TOCI holds a Reference (ISO 32000-1, Table 333) holding the entry's Link.
    const links = toc.children.map((c) => (c.children[0]!.type === 'Reference' ? c.children[0]!.children[0] : undefined));
    expect(links.every((l) => l?.type === 'Link' && l.annotations === 1)).toBe(true);
  });
});

describe('tagging of what the reference issue does not show', () => {
  it('gives an article in another language its language, and leaves a decorative logo out', async () => {
    const p = project({
      'issues/x/issue.yaml': validIssue.replace(
        '      - heading: NKVTS\n',
        '      - heading: NKVTS\n        language: en\n        logo:\n          src: pictures/logo.png\n          alt: NKVTS\n          decorative: true\n          link: https://www.nkvts.no/\n',
      ).replace('Tekst med', 'Text with'),
      'issues/x/pictures/logo.png': await pngBytes(60, 20),
    });
    expect((await build(p)).code).toBe(0);
    const r = await checkPdfUa(readFileSync(p.out));
    expect(r.failures).toEqual([]);
    const art = [...walk(r.root!)].find((e) => e.type === 'Art')!;
    expect(art.lang).toBe('en');
    expect([...walk(r.root!)].filter((e) => e.type === 'Figure')).toHaveLength(0);
    // The logo's link is still a Link element holding its annotation.
    const links = [...walk(art)].filter((e: StructElem) => e.type === 'Link');
    expect(links.map((l) => l.annotations)).toEqual([1, 1]);
  });

  it('writes metadata with XML characters as well-formed XMP', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('period: januar–mars 2026', 'period: "januar & <mars> 2026"') });
    expect((await build(p)).code).toBe(0);
    const mupdf = await import('mupdf');
    const catalog = mupdf.Document.openDocument(readFileSync(p.out), 'application/pdf').asPDF()!.getTrailer().get('Root');
    const xmp = catalog.get('Metadata').readStream().asString();
    expect(xmp).toContain('Nyhetsbrev fra KOM, januar &amp; &lt;mars&gt; 2026');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(xmp).toContain('<rdf:li>nb-NO</rdf:li>');
  });

  it('our check finds the faults of an untagged PDF', async () => {
    const pdf = new PDFDocument({ pdfVersion: '1.7' });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((r) => pdf.on('end', () => r()));
    pdf.text('Hei', 50, 50).link(50, 50, 40, 12, 'https://example.org/');
    pdf.end();
    await done;
    const r = await checkPdfUa(Buffer.concat(chunks));
    const found = r.failures.join('\n');
    for (const f of ['MarkInfo', '/Lang', 'title', 'DisplayDocTitle', 'PDF/UA identifier', 'structure tree', 'Contents', 'StructParent', 'neither tagged nor an artifact']) {
      expect(found).toContain(f);
    }
  });
});
