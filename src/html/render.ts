// Issue + theme → the web page: one HTML string. Pure: the pictures (already resampled and
// named), the fonts' addresses and the PDF's size are passed in. Every piece of issue text is
// escaped here and nowhere else; the layout's templates see only the issue's metadata.
import { slug } from '../issue/load.js';
import { templateData } from '../layout/document.js';
import type { Theme } from '../layout/theme.js';
import type { Article, Block, Inline, Issue, Publication, Run, Section, Style } from '../model/types.js';
import type { Hyphenator } from '../text/hyphenate.js';
import { css } from './css.js';
import { palettes } from './colours.js';
import { pictureKey, type WebPicture } from './pictures.js';

export interface HtmlInput {
  readonly issue: Issue;
  readonly theme: Theme;
  /** By `pictureKey`: the resampled versions of each placed picture. */
  readonly pictures: ReadonlyMap<string, WebPicture>;
  /** Address of each style's web font, relative to the page; none: the reader's sans-serif. */
  readonly fonts?: Readonly<Partial<Record<Style, string>>>;
  /** The PDF beside the page. */
  readonly pdf?: { readonly href: string; readonly bytes: number };
  /** Soft hyphens in long words; without it the browser breaks lines between words only. */
  readonly hyphenator?: Hyphenator;
}

const SOFT = '\u00ad';

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00ad/g, '&shy;').replace(/\u00a0/g, '&nbsp;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** "853 KB", "1,2 MB": the size as Norwegian readers write it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

/** The ids of the sections, unique among themselves and the article ids. */
export function sectionIds(issue: Issue): string[] {
  const taken = new Set(issue.sections.flatMap((s) => s.articles.map((a) => a.id)));
  return issue.sections.map((s) => {
    const base = `del-${slug(sectionLabel(s))}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

export function sectionLabel(section: Section): string {
  return section.title ?? section.articles[0]?.heading ?? '';
}

interface Ctx {
  readonly input: HtmlInput;
  readonly headings: ReadonlyMap<string, string>;
  readonly lang: string;
}

export function renderHtml(input: HtmlInput): string {
  const { issue, theme } = input;
  const meta = templateData(issue);
  const headings = new Map(issue.sections.flatMap((s) => s.articles.map((a) => [a.id, a.heading] as const)));
  const ids = sectionIds(issue);
  const widths = [...new Set(issue.sections.flatMap((s) => s.articles.flatMap((a) => a.body.flatMap((b) => (b.kind === 'picture' ? [b.width] : [])))))].sort((a, b) => a - b);
  const lang = issue.language;
  const t = (s: string) => escapeText(s);
  const out: string[] = [];
  out.push('<!DOCTYPE html>');
  out.push(`<html lang="${escapeAttr(lang)}">`);
  out.push('<head>');
  out.push('<meta charset="utf-8">');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push('<meta name="color-scheme" content="light dark">');
  out.push(`<title>${t(theme.metadata.title(meta))}</title>`);
  out.push(`<meta name="description" content="${escapeAttr(theme.metadata.subject(meta))}">`);
  out.push(`<meta name="author" content="${escapeAttr(theme.metadata.author(meta))}">`);
  out.push(`<style>\n${css(theme, palettes(theme), input.fonts ?? {}, widths)}</style>`);
  out.push('</head>');
  out.push('<body>');
  out.push('<a class="skip" href="#hovedinnhold">Hopp til innholdet</a>');

  // The cover: the band with the title, the issue's lines, the PDF and the contents.
  out.push('<header class="cover">');
  out.push('<div class="band"><div class="wrap">');
  out.push(`<h1>${t(theme.cover.title(meta))}</h1>`);
  out.push(`<p class="subtitle">${t(theme.cover.subtitle(meta))}</p>`);
  out.push('</div></div>');
  out.push('<div class="wrap cover-body">');
  out.push('<div class="issue-lines">');
  for (const line of [theme.cover.issueLine(meta), theme.cover.periodLine(meta), theme.cover.dateLine(meta)]) out.push(`<p>${t(line)}</p>`);
  if (input.pdf) {
    out.push(`<p class="pdf"><a href="${escapeAttr(input.pdf.href)}" type="application/pdf">Last ned som PDF (${formatSize(input.pdf.bytes)})</a></p>`);
  }
  out.push('</div>');
  out.push('<nav class="contents" aria-labelledby="innhold">');
  out.push(`<h2 id="innhold">${t(theme.cover.contentsTitle(meta))}</h2>`);
  out.push('<ol>');
  issue.sections.forEach((s, i) => out.push(`<li><a href="#${ids[i]}">${t(sectionLabel(s))}</a></li>`));
  out.push('</ol>');
  out.push('</nav>');
  out.push('</div>');
  out.push('</header>');

  out.push('<main id="hovedinnhold">');
  issue.sections.forEach((section, i) => {
    const id = ids[i]!;
    const untitled = section.title === undefined;
    out.push(`<section id="${id}" class="${section.columns === 2 ? 'two' : 'one'}" aria-labelledby="${id}-tittel">`);
    // A section without a title (the back page) still has its heading, for the outline; it
    // is read, not shown, since its first article's heading says the same.
    out.push(`<div class="band${untitled ? ' hidden-band' : ''}"><div class="wrap"><h2 id="${id}-tittel"${untitled ? ' class="visually-hidden"' : ''}>${t(sectionLabel(section))}</h2></div></div>`);
    out.push('<div class="wrap articles">');
    for (const article of section.articles) out.push(...renderArticle(article, { input, headings, lang }));
    out.push('</div>');
    out.push('</section>');
  });
  out.push('</main>');

  out.push('<footer class="page-footer">');
  out.push(`<div class="wrap"><p>${t(theme.footer.text({ ...meta, page: '' }).trim())} · ${t(theme.cover.issueLine(meta))} · ${t(theme.metadata.author(meta))}</p>`);
  if (input.pdf) out.push(`<p><a href="${escapeAttr(input.pdf.href)}" type="application/pdf">Last ned som PDF (${formatSize(input.pdf.bytes)})</a></p>`);
  out.push('</div>');
  out.push('</footer>');
  out.push('</body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}

function renderArticle(a: Article, ctx: Ctx): string[] {
  const lang = a.language ?? ctx.lang;
  const inner: Ctx = { ...ctx, lang };
  const out: string[] = [];
  const langAttr = a.language && a.language !== ctx.lang ? ` lang="${escapeAttr(a.language)}"` : '';
  out.push(`<article id="${escapeAttr(a.id)}"${langAttr} aria-labelledby="${escapeAttr(a.id)}-tittel">`);
  out.push('<div class="article-head">');
  out.push(`<h3 id="${escapeAttr(a.id)}-tittel">${escapeText(a.heading)}</h3>`);
  if (a.logo) {
    const pic = ctx.input.pictures.get(pictureKey(a.logo.picture.file, 'logo'));
    if (pic) {
      // A decorative logo repeats the heading: screen readers skip it, unless it is the only
      // thing in a link, which then needs its name.
      const alt = a.logo.decorative && !a.logo.link ? '' : a.logo.picture.alt;
      const img = imgTag(pic, alt, 'logo');
      out.push(a.logo.link ? `<a class="logo-link" href="${escapeAttr(a.logo.link)}">${img}</a>` : img);
    }
  }
  out.push('</div>');
  for (const b of a.body) out.push(renderBlock(b, inner));
  out.push('</article>');
  return out;
}

function renderBlock(b: Block, ctx: Ctx): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inline(b.text, ctx)}</p>`;
    case 'list':
      return `<ul class="${b.bullet === '•' ? 'bullets' : 'guillemets'}">\n${b.items.map((i) => `<li>${inline(i, ctx)}</li>`).join('\n')}\n</ul>`;
    case 'picture': {
      const pic = ctx.input.pictures.get(pictureKey(b.picture.file, b.width));
      if (!pic) return '';
      const img = imgTag(pic, b.picture.alt);
      const linked = b.link ? `<a href="${escapeAttr(b.link)}">${img}</a>` : img;
      const caption = b.caption ? `\n<figcaption>${inline(b.caption, ctx)}</figcaption>` : '';
      return `<figure class="w${b.width}">\n${linked}${caption}\n</figure>`;
    }
    case 'qr':
      return publications(b.codes);
  }
}

/** A QR code on the screen one reads is no use: each is a plain link with the publication's title. */
function publications(codes: readonly Publication[]): string {
  const item = (p: Publication) => `<a href="${escapeAttr(p.url)}"${p.language !== 'nb' ? ` hreflang="${escapeAttr(p.language)}"` : ''}>${escapeText(p.title)}</a>`;
  if (codes.length === 1) return `<p class="publications">${item(codes[0]!)}</p>`;
  return `<ul class="publications">\n${codes.map((p) => `<li>${item(p)}</li>`).join('\n')}\n</ul>`;
}

function imgTag(pic: WebPicture, alt: string, cls?: string): string {
  const srcset = pic.src2 ? ` srcset="${escapeAttr(pic.src1)} 1x, ${escapeAttr(pic.src2)} 2x"` : '';
  return `<img${cls ? ` class="${cls}"` : ''} src="${escapeAttr(pic.src1)}"${srcset} width="${pic.width}" height="${pic.height}" alt="${escapeAttr(alt)}" loading="lazy" decoding="async">`;
}

function inline(text: Inline, ctx: Ctx): string {
  return text.runs.map((r) => run(r, ctx)).join('');
}

const OPEN: Record<Style, string> = { regular: '', bold: '<strong>', italic: '<em>', boldItalic: '<strong><em>' };
const CLOSE: Record<Style, string> = { regular: '', bold: '</strong>', italic: '</em>', boldItalic: '</em></strong>' };

function run(r: Run, ctx: Ctx): string {
  // Words marked with another language (`[…]{lang=sv}`) are a span with that lang, hyphenated by it.
  const inner = r.lang ? { ...ctx, lang: r.lang } : ctx;
  let body = r.whole ? `<span class="whole">${escapeText(r.text)}</span>` : hyphenated(r.text, inner);
  body = `${OPEN[r.style]}${body}${CLOSE[r.style]}`;
  if (r.lang && r.lang !== ctx.lang) body = `<span lang="${escapeAttr(r.lang)}">${body}</span>`;
  if (!r.link) return body;
  if (r.link.kind === 'url') return `<a href="${escapeAttr(r.link.url)}">${body}</a>`;
  // A cross-reference: the PDF adds the page number ("side 14"); on the web the link goes to
  // the article itself, and names it.
  const heading = ctx.headings.get(r.link.id) ?? '';
  return `<a href="#${escapeAttr(r.link.id)}">${body} <span class="xref">(${escapeText(heading)})</span></a>`;
}

/** Text with soft hyphens from the hyphenation patterns in its long words. */
export function hyphenated(text: string, ctx: { readonly input: { readonly hyphenator?: Hyphenator }; readonly lang: string }): string {
  const h = ctx.input.hyphenator;
  if (!h) return escapeText(text);
  return text
    .split(/(\s+)/)
    .map((w) => {
      if (w === '' || /\s/.test(w) || w.includes(SOFT)) return escapeText(w);
      // A browser weighs no breaks: the poor ones (men-neskehandel) are not offered to it.
      const breaks = h(w, ctx.lang).filter((b) => b.kind === 'hyphen' && b.place !== 'poor');
      if (breaks.length === 0) return escapeText(w);
      let out = '';
      let from = 0;
      for (const b of breaks) {
        out += escapeText(w.slice(from, b.at)) + '&shy;';
        from = b.at;
      }
      return out + escapeText(w.slice(from));
    })
    .join('');
}
