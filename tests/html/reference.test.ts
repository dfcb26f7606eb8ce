// The reference issue (issues/2025-4) as a web page, read back with a real HTML parser (parse5)
// and checked with html-validate: every word and link of the issue, in reading order, the
// page's structure, the files beside it, and the same bytes from a second build.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { parse } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHtml, type HtmlBuildResult } from '../../src/html/build.js';
import type { Article, Block, Inline, Issue } from '../../src/model/types.js';
import { findWord, words } from '../helpers/pdf.js';
import { repo } from '../helpers/project.js';

// parse5's tree, as far as these tests walk it.
interface Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node;
}

let built: HtmlBuildResult;
let issue: Issue;
let html: string;
let doc: Node;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-html-'));
  built = await buildHtml(join(repo, 'issues', '2025-4'), { out: join(dir, '2025-4'), cacheDir: join(dir, 'cache') });
  issue = built.pdf.issue;
  html = readFileSync(built.file, 'utf8');
  doc = parse(html) as unknown as Node;
}, 180_000);

const all = (n: Node, f: (n: Node) => boolean, out: Node[] = []): Node[] => {
  if (f(n)) out.push(n);
  for (const c of n.childNodes ?? []) all(c, f, out);
  return out;
};
const tag = (n: Node, name: string) => all(n, (x) => x.tagName === name);
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
/** The text a reader gets: text nodes in document order, soft hyphens taken out; style sheets left out. */
const text = (n: Node): string => {
  if (n.nodeName === '#text') return n.value!.replace(/\u00ad/g, '');
  if (n.tagName === 'style' || n.tagName === 'script') return '';
  // Block elements end a word: "</p><p>" is a space to a reader.
  const inner = (n.childNodes ?? []).map(text).join('');
  return /^(p|li|h[1-6]|figcaption|div|section|article|ul|ol|nav|header|main|footer|figure)$/.test(n.tagName ?? '') ? ` ${inner} ` : inner;
};

const inlines = (b: Block): readonly Inline[] => (b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items : b.kind === 'picture' && b.caption ? [b.caption] : []);
const articles = () => issue.sections.flatMap((s) => s.articles);
/** A paragraph's text as the page shows it: a cross-reference names its article, where the PDF gives its page. */
const textOf = (i: Inline) => i.runs.map((r) => (r.link?.kind === 'article' ? `${r.text} (${articles().find((a) => a.id === (r.link as { id: string }).id)!.heading})` : r.text)).join('');
const articleWords = (a: Article) => [a.heading, ...a.body.flatMap(inlines).map(textOf)].flatMap(words);

describe('the reference issue as a web page', () => {
  it('holds every word of every article, in reading order', () => {
    const body = tag(doc, 'main')[0]!;
    const stream = words(text(body));
    let at = 0;
    let count = 0;
    for (const article of articles()) {
      for (const word of articleWords(article)) {
        const { index, length } = findWord(stream, word, at);
        expect(index, `"${word}" of "${article.heading}" after word ${at}`).toBeGreaterThanOrEqual(at);
        // Between two words of an article stand at most a section's heading and a cross-reference's target.
        expect(index - at, `"${word}" of "${article.heading}" comes ${index - at} words later than expected`).toBeLessThan(30);
        at = index + length;
        count++;
      }
    }
    expect(count).toBeGreaterThan(4000);
  });

  it('makes every link of the issue a link with the same address on its words, in reading order', () => {
    const anchors = tag(doc, 'a').map((a) => ({ href: attr(a, 'href')!, text: words(text(a)).join(' '), imgAlt: tag(a, 'img').map((i) => attr(i, 'alt')) }));
    let at = 0;
    let count = 0;
    const next = (href: string, ok: (a: (typeof anchors)[number]) => boolean, what: string) => {
      const i = anchors.findIndex((a, k) => k >= at && a.href === href && ok(a));
      expect(i, `${what}: a link to ${href}, after link ${at}`).toBeGreaterThanOrEqual(at);
      at = i + 1;
      count++;
    };
    for (const a of articles()) {
      if (a.logo?.link) next(a.logo.link, (x) => x.imgAlt.length === 1, `logo of ${a.heading}`);
      for (const b of a.body) {
        if (b.kind === 'picture' && b.link) next(b.link, (x) => x.imgAlt.includes(b.picture.alt), `picture ${b.picture.alt}`);
        if (b.kind === 'qr') for (const p of b.codes) next(p.url, (x) => x.text === words(p.title).join(' '), `publication ${p.id}`);
        for (const i of inlines(b)) {
          for (const r of i.runs) {
            if (!r.link) continue;
            const href = r.link.kind === 'url' ? r.link.url : `#${r.link.id}`;
            next(href, (x) => x.text.startsWith(words(r.text).join(' ')), `"${r.text}" in ${a.heading}`);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it('links cross-references to the article they name, with its heading and without a page number', () => {
    const ids = new Set(tag(doc, 'article').map((a) => attr(a, 'id')));
    const xrefs = tag(doc, 'a').filter((a) => attr(a, 'href')!.startsWith('#') && tag(doc, 'main')[0] && !attr(a, 'class'));
    const toArticles = xrefs.filter((a) => ids.has(attr(a, 'href')!.slice(1)));
    expect(toArticles.length).toBeGreaterThanOrEqual(4);
    for (const x of toArticles) {
      const target = articles().find((a) => a.id === attr(x, 'href')!.slice(1))!;
      expect(text(x)).toContain(target.heading);
      expect(text(x)).not.toMatch(/side\s*\d/);
    }
    // Every in-page link lands on an element of the page.
    const allIds = new Set(all(doc, (n) => attr(n, 'id') !== undefined).map((n) => attr(n, 'id')));
    for (const a of tag(doc, 'a').filter((a) => attr(a, 'href')!.startsWith('#'))) expect(allIds.has(attr(a, 'href')!.slice(1)), attr(a, 'href')).toBe(true);
  });

  it('is one semantic page: language, title, skip link, the cover with its contents, a section per section and an article per article', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="nb">')).toBe(true);
    expect(text(tag(doc, 'title')[0]!).trim()).toBe('Nyhetsbrev fra KOM nr. 4 2025');
    const skip = tag(doc, 'a')[0]!;
    expect(attr(skip, 'href')).toBe('#hovedinnhold');
    expect(attr(tag(doc, 'main')[0]!, 'id')).toBe('hovedinnhold');
    const header = tag(doc, 'header')[0]!;
    expect(tag(header, 'h1').map(text).join('').trim()).toBe('Nyhetsbrev fra KOM');
    expect(text(header)).toContain('Publisert 9. januar 2026');
    const nav = tag(header, 'nav')[0]!;
    expect(tag(nav, 'a').length).toBe(issue.sections.length);
    const sections = tag(tag(doc, 'main')[0]!, 'section');
    expect(sections.length).toBe(issue.sections.length);
    sections.forEach((s, i) => {
      expect(tag(s, 'h2').length, `section ${i}`).toBe(1);
      expect(tag(s, 'article').length).toBe(issue.sections[i]!.articles.length);
      for (const a of tag(s, 'article')) expect(tag(a, 'h3').length).toBe(1);
    });
    // The contents lead to the sections, in order.
    expect(tag(nav, 'a').map((a) => attr(a, 'href'))).toEqual(sections.map((s) => `#${attr(s, 'id')}`));
    // No h4 and no skipped level.
    expect(tag(doc, 'h4').length).toBe(0);
  });

  it('marks articles in another language (see render.test.ts; the reference issue has none), lists as lists, figures with alt, caption and size', () => {
    for (const a of articles().filter((x) => x.language && x.language !== 'nb')) {
      const el = all(doc, (n) => n.tagName === 'article' && attr(n, 'id') === a.id)[0]!;
      expect(attr(el, 'lang'), a.id).toBe(a.language);
    }
    const lists = articles().flatMap((a) => a.body.filter((b) => b.kind === 'list'));
    const uls = tag(tag(doc, 'main')[0]!, 'ul').filter((u) => !attr(u, 'class')?.includes('publications'));
    expect(uls.length).toBe(lists.length);
    const pictures = articles().flatMap((a) => a.body.filter((b) => b.kind === 'picture'));
    const figures = tag(doc, 'figure');
    expect(figures.length).toBe(pictures.length);
    figures.forEach((f, i) => {
      const p = pictures[i]!;
      const img = tag(f, 'img')[0]!;
      expect(attr(img, 'alt')).toBe(p.kind === 'picture' && p.picture.alt);
      expect(Number(attr(img, 'width'))).toBeGreaterThan(0);
      expect(Number(attr(img, 'height'))).toBeGreaterThan(0);
      expect(tag(f, 'figcaption').length).toBe(p.kind === 'picture' && p.caption ? 1 : 0);
    });
    for (const img of tag(doc, 'img')) {
      expect(attr(img, 'alt'), attr(img, 'src')).toBeDefined();
      expect(attr(img, 'src')).toMatch(/^bilder\/[a-z0-9-]+-[0-9a-f]{10}-\d+\.webp$/);
    }
    // Decorative logos are skipped by screen readers; the others carry the organisation's name.
    for (const a of articles().filter((x) => x.logo)) {
      const el = all(doc, (n) => n.tagName === 'article' && attr(n, 'id') === a.id)[0]!;
      const logo = tag(el, 'img').find((i) => attr(i, 'class') === 'logo')!;
      expect(attr(logo, 'alt')).toBe(a.logo!.decorative && !a.logo!.link ? '' : a.logo!.picture.alt);
    }
  });

  it('is a folder to publish as it is: every file it names is beside it, pictures at 1× and 2×, fonts as WOFF2, the PDF with its size', () => {
    const named = new Set<string>();
    for (const img of tag(doc, 'img')) {
      named.add(attr(img, 'src')!);
      const set = attr(img, 'srcset');
      if (set) for (const part of set.split(',')) named.add(part.trim().split(' ')[0]!);
    }
    const fonts = [...html.matchAll(/url\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBe(4);
    for (const f of fonts) expect(f).toMatch(/^fonter\/NotoSans-[A-Za-z]+-[0-9a-f]{10}\.woff2$/), named.add(f);
    const pdfLinks = tag(doc, 'a').filter((a) => attr(a, 'type') === 'application/pdf');
    expect(pdfLinks.length).toBeGreaterThanOrEqual(1);
    const pdf = attr(pdfLinks[0]!, 'href')!;
    named.add(pdf);
    const size = statSync(join(built.folder, pdf)).size;
    expect(text(pdfLinks[0]!).trim()).toBe(`Last ned som PDF (${Math.round(size / 1024)} KB)`);
    // Nothing on another site: the page works from a folder, offline.
    expect(html).not.toMatch(/(src|href)="\/\//);
    expect(html).not.toMatch(/url\("?https?:/);
    const files = listFiles(built.folder);
    for (const n of named) expect(files, n).toContain(n);
    // And nothing beside it that the page does not use.
    expect(files.filter((f) => f !== 'index.html').sort()).toEqual([...named].sort());
    expect(tag(doc, 'img').filter((i) => attr(i, 'srcset')?.includes(' 2x')).length).toBeGreaterThan(30);
    for (const f of fonts) expect(readFileSync(join(built.folder, f)).toString('latin1', 0, 4)).toBe('wOF2');
    for (const n of named) if (n.endsWith('.webp')) expect(readFileSync(join(built.folder, n)).toString('latin1', 8, 12)).toBe('WEBP');
  });

  it('hyphenates only long words, with soft hyphens at the patterns\' places, and never an address', () => {
    const softWords = [...html.replace(/<[^>]*>/g, ' ').matchAll(/[^\s<>]*&shy;[^\s<>]*/g)].map((m) => m[0].replace(/&shy;/g, ''));
    expect(softWords.length).toBeGreaterThan(200);
    for (const w of softWords) expect([...w.replace(/[^\p{L}]/gu, '')].length, w).toBeGreaterThanOrEqual(12);
    // At the seam and inside the parts, never at the poor place ("men-" reads as "but").
    expect(html).toContain('menneske&shy;handel');
    expect(html).not.toContain('men&shy;neske');
    for (const a of tag(doc, 'a')) expect(attr(a, 'href')).not.toContain('\u00ad');
  });

  it('is valid HTML with html-validate\'s recommended, document and accessibility rules', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended', 'html-validate:document', 'html-validate:a11y'] });
    const report = await validator.validateString(html, 'index.html');
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    expect(messages).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('gives the same bytes from a second build, with or without the picture cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-html-again-'));
    const again = await buildHtml(join(repo, 'issues', '2025-4'), { out: join(dir, '2025-4'), cacheDir: false });
    const a = listFiles(built.folder);
    expect(listFiles(again.folder)).toEqual(a);
    for (const f of a) expect(readFileSync(join(again.folder, f)).equals(readFileSync(join(built.folder, f))), f).toBe(true);
    expect(existsSync(join(dir, '.2025-4.' + process.pid + '.tmp'))).toBe(false);
  }, 180_000);
});

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split('\\').join('/')]))
    .sort();
}
