// A section's articles → flow items of known height for one column width: heading blocks,
// single text lines, unbreakable boxes (pictures with captions) and discardable gaps.
// Each item carries its ops relative to its own top-left corner.
import type { Op, Role, TextOp } from '../display/types.js';
import type { Article, Block, Inline, LinkTarget, Run, Section, Style } from '../model/types.js';
import type { LineBreaker } from '../text/breaker.js';
import type { Hyphenator } from '../text/hyphenate.js';
import type { Measurer } from '../text/measure.js';
import { setText, type BrokenWord, type LineEnd, type SetLine, type SetResult } from '../text/set.js';
import { qrFigure } from '../qr/figure.js';
import { MM, type TextStyle, type Theme } from './theme.js';
import { basename } from 'node:path';

export interface FlowItem {
  readonly kind: 'gap' | 'heading' | 'line' | 'box';
  readonly height: number;
  readonly ops: readonly Op[];
  /** Index of the article in its section. */
  readonly article: number;
  /** How many of the following non-gap items must stand in the same column as this one. */
  readonly keep: number;
  /** Like `keep`, but the first rule to give way: a line ending in a hyphen keeps the next. */
  readonly keepSoft?: number;
  /** A text line: where it stands in its paragraph and how it was set (for the layout report). */
  readonly line?: LineInfo;
  /** How much a gap may grow, and a gap or a picture shrink, when pagination needs it (points). */
  readonly stretch?: number;
  readonly shrink?: number;
  /** A picture: its alternative text and the height of the image above its caption. */
  readonly picture?: { readonly alt: string; readonly imageHeight: number };
}

export type GapKind = 'paragraph' | 'listItem' | 'article' | 'picture';

export interface LineInfo {
  readonly index: number;
  readonly count: number;
  readonly end: LineEnd;
  /** Width left empty at the line's end, in points (negative: overfull). */
  readonly shortfall: number;
  /** The word broken at the line's end, if any (for the report's list of hyphenated words). */
  readonly broken?: BrokenWord;
  /** The line ends after a word's own hyphen ("Justis-" | "og"). */
  readonly hyphenEnd?: true;
  /** Justified: its spaces' width as a multiple of their natural width (1 when not given). */
  readonly spacing?: number;
  /** Justified: points added between letters (negative: taken away), as a last resort. */
  readonly letterSpacing?: number;
  /** Font size of the line's text (where letter spacing is given, to tell it as a share). */
  readonly size?: number;
}

/** Set paragraphs by content (see `setLines`); a Map will do. */
export interface SetCache {
  get(key: string): SetResult | undefined;
  set(key: string, result: SetResult): unknown;
}

export interface FlowContext {
  readonly theme: Theme;
  readonly measurer: Measurer;
  readonly breaker: LineBreaker;
  /** Page number of an article, once known; undefined in the first pass. */
  readonly pageOf: (articleId: string) => number | undefined;
  readonly warnings: string[];
  /**
   * Paragraphs already set, by their runs and measure: kept across the passes that settle
   * cross-references, and (watch) across builds with the same theme, fonts and hyphenation.
   */
  readonly setCache: SetCache;
  /** Break points inside words; without it words stay whole. */
  readonly hyphenator?: Hyphenator;
  /** Language of text whose article names none. */
  readonly language?: string;
  /** Heading of the article being flowed, for warnings. */
  readonly article?: string;
}

export interface SectionFlow {
  readonly items: readonly FlowItem[];
  /** The " forts." heading of each article, for the top of a column it continues in. */
  readonly continuations: readonly FlowItem[];
}

export function flowSection(section: Section, sectionIndex: number, columnWidth: number, ctx: FlowContext): SectionFlow {
  const items: FlowItem[] = [];
  section.articles.forEach((article, a) => {
    if (a > 0) items.push(gap(ctx.theme, 'article', a));
    items.push(...cachedFlow(article, a, `s${sectionIndex}a${a}`, columnWidth, ctx));
  });
  const continuations = section.articles.map((article, a) =>
    cachedHeading(article, a, columnWidth, ctx, true),
  );
  return { items, continuations };
}

/**
 * The heading at the top of a column an article goes on in: its `short:` heading, or the first
 * line of its heading, with the layout's " forts." — on one line when it can be (words are
 * dropped from the end until it fits), and never with "forts." alone on a line of its own.
 */
export function continuationText(article: Article, width: number, ctx: FlowContext): string {
  const { theme, measurer } = ctx;
  const style = theme.type.heading;
  const fits = (text: string) => measurer.width(text, style.style, style.size) <= width;
  // "forts." tied to the word before it, unless that makes a word no line holds (a word cut
  // at its own hyphen, "Forskningsrapporter/-seminarer forts.", still breaks at the hyphen).
  const tie = (text: string) => {
    const tied = text.replace(/ (\S+)$/, '\u00a0$1');
    return setText([{ text: tied, style: style.style }], style.size, () => width, measurer, ctx.breaker).emergencyBreaks === 0 ? tied : text;
  };
  let words = (article.short ?? article.heading).split(' ');
  if (article.short === undefined) {
    const lines = setText([{ text: article.heading, style: style.style }], style.size, () => width, measurer, ctx.breaker).lines;
    if (lines.length > 1) {
      const first = lines[0]!.fragments.map((f) => f.text).join('').trim().split(' ');
      // A line that ends inside a word ("Forskningsrapporter/-") leaves that word out.
      const whole = lines[0]!.end === 'space' ? first : first.slice(0, -1);
      if (whole.length > 0) words = whole;
    }
  }
  const make = (w: readonly string[]) => theme.continuation({ heading: w.join(' ').replace(/[\s,:;–—-]+$/u, '') });
  while (words.length > 1 && !fits(make(words))) words = words.slice(0, -1);
  // One word too long to stand with " forts." ("Forskningsrapporter/-seminarer"): its part
  // before a slash or hyphen, if that fits.
  if (words.length === 1 && !fits(make(words))) {
    const parts = words[0]!.split(/(?<=[/-])/);
    for (let k = parts.length - 1; k >= 1; k--) {
      const part = parts.slice(0, k).join('').replace(/[/-]+$/, '');
      if (part !== '' && fits(make([part]))) {
        words = [part];
        break;
      }
    }
  }
  // A word cut at its hyphen ("overvåkings-") or a little word ("og", "i") does not end a heading.
  while (words.length > 1 && /(-|^\p{Ll}{1,3})$/u.test(words[words.length - 1]!)) words = words.slice(0, -1);
  return tie(make(words));
}

/**
 * Results made for an article once per build, with the warnings made with them (each pass
 * reports its own warnings: a kept result's are given again with it). Kept beside the
 * paragraphs' cache; each build loads its own article objects, so nothing is taken from a
 * build with another layout.
 */
type ArticleMemo<T> = WeakMap<FlowContext['setCache'], WeakMap<Article, Map<string, { value: T; warnings: string[] }>>>;

/** The result `make` gave for this article and key in this build, or what it gives now (kept when it says so). */
function remembered<T>(memo: ArticleMemo<T>, article: Article, key: string, ctx: FlowContext, make: () => { value: T; keep: boolean }): T {
  let byArticle = memo.get(ctx.setCache);
  if (!byArticle) memo.set(ctx.setCache, (byArticle = new WeakMap()));
  let made = byArticle.get(article);
  if (!made) byArticle.set(article, (made = new Map()));
  const found = made.get(key);
  if (found) {
    ctx.warnings.push(...found.warnings);
    return found.value;
  }
  const before = ctx.warnings.length;
  const { value, keep } = make();
  if (keep) made.set(key, { value, warnings: ctx.warnings.slice(before) });
  return value;
}

/**
 * Articles flowed once per build where they ask no page number: the pass that gives the
 * cross-references their numbers flows again only the articles that hold one (the items are
 * never changed once made).
 */
const flowed: ArticleMemo<readonly FlowItem[]> = new WeakMap();
function cachedFlow(article: Article, a: number, id: string, width: number, ctx: FlowContext): readonly FlowItem[] {
  return remembered(flowed, article, `${width}/${id}/${ctx.language ?? ''}`, ctx, () => {
    let asked = false;
    const items = flowArticle(article, a, id, width, {
      ...ctx,
      pageOf: (articleId) => {
        asked = true;
        return ctx.pageOf(articleId);
      },
    });
    return { value: items, keep: !asked };
  });
}

function flowArticle(article: Article, a: number, id: string, width: number, sectionCtx: FlowContext): FlowItem[] {
  const ctx: FlowContext = { ...sectionCtx, article: article.heading };
  const { theme } = ctx;
  const items: FlowItem[] = [cachedHeading(article, a, width, ctx, false)];
  const lang = article.language;
  article.body.forEach((block, b) => {
    const blockId = `${id}b${b}`;
    if (b > 0) {
      const prev = article.body[b - 1]!;
      const figure = (k: Block['kind']) => k === 'picture' || k === 'qr';
      items.push(gap(theme, figure(block.kind) || figure(prev.kind) ? 'picture' : 'paragraph', a));
    }
    items.push(...flowBlock(block, blockId, a, width, ctx, lang));
  });
  return items;
}

function flowBlock(block: Block, blockId: string, a: number, width: number, ctx: FlowContext, lang: string | undefined): FlowItem[] {
  const { theme } = ctx;
  const body = theme.type.body;
  switch (block.kind) {
    case 'paragraph':
      return textLines(block.text, body, width, 0, { kind: 'paragraph', block: blockId }, a, ctx, lang, theme.colours.text);
    case 'list': {
      const indent = theme.spacing.listIndent;
      const out: FlowItem[] = [];
      block.items.forEach((item, i) => {
        if (i > 0) out.push(gap(theme, 'listItem', a));
        const role: Role = { kind: 'list-item', block: blockId, item: i };
        const lines = textLines(item, body, width - indent, indent, role, a, ctx, lang, theme.colours.text);
        const first = lines[0]!;
        const bullet: Op = {
          kind: 'text', x: 0, y: baseline(body), text: block.bullet, style: 'bold', size: body.size,
          colour: theme.colours.heading, width: ctx.measurer.width(block.bullet, 'bold', body.size), role: { kind: 'list-label', block: blockId, item: i },
        };
        out.push({ ...first, ops: [bullet, ...first.ops] }, ...lines.slice(1));
      });
      return out;
    }
    case 'picture':
      return [pictureBox(block, blockId, a, width, ctx, lang)];
    case 'qr':
      return [qrFigure(block, blockId, a, width, ctx)];
  }
}

function pictureBox(block: Extract<Block, { kind: 'picture' }>, blockId: string, a: number, columnWidth: number, ctx: FlowContext, lang: string | undefined): FlowItem {
  const { theme } = ctx;
  const { picture } = block;
  const caption = block.caption
    ? setLines(block.caption.runs.map((r) => ({ ...r, style: italic(r.style) })), theme.type.caption, columnWidth, ctx, block.caption, lang ?? ctx.language)
    : [];
  const captionHeight = caption.length * theme.type.caption.leading;
  const captionGap = caption.length > 0 ? theme.spacing.afterHeading : 0;
  const maxHeight = Math.min(theme.picture.maxHeight, columnHeight(theme) - captionHeight - captionGap);
  let w = (columnWidth * block.width) / 100;
  let h = (w * picture.pixelHeight) / picture.pixelWidth;
  if (h > maxHeight) {
    w = (w * maxHeight) / h;
    h = maxHeight;
  }
  // A very tall narrow picture or a thin banner is shown with its short side at least
  // picture.minSide, as far as the column and picture.maxHeight allow; else the user is told.
  const minSide = theme.picture.minSide;
  if (Math.min(w, h) < minSide - 1e-6) {
    const grow = Math.min(minSide / Math.min(w, h), columnWidth / w, maxHeight / h);
    if (grow > 1) {
      w *= grow;
      h *= grow;
    }
    if (Math.min(w, h) < minSide - 1e-6) {
      const mm = (v: number) => (v / MM).toFixed(1).replace(/\.0$/, '');
      ctx.warnings.push(
        `${picture.at.file}:${picture.at.line}:${picture.at.column}: the picture ${basename(picture.file)} ("${picture.alt}") is shown ${mm(w)} × ${mm(h)} mm: ` +
        `its ${w < h ? 'width' : 'height'} is under picture.minSide ${mm(minSide)} mm, and a column (${mm(columnWidth)} mm wide, pictures at most ${mm(maxHeight)} mm high) has no room to show it larger; crop it to a less ${w < h ? 'tall' : 'wide'} shape`,
      );
    }
  }
  const role: Role = { kind: 'figure', block: blockId, alt: picture.alt };
  const x = (columnWidth - w) / 2;
  const ops: Op[] = [{ kind: 'image', x, y: 0, width: w, height: h, picture: picture.file, alt: picture.alt, role }];
  if (block.link) ops.push({ kind: 'link', x, y: 0, width: w, height: h, target: { url: block.link }, text: picture.alt, role });
  const captionRole: Role = { kind: 'caption', block: blockId };
  // Captions stand centred under the (centred) picture.
  caption.forEach((line, i) => {
    const indent = (columnWidth - line.width) / 2;
    ops.push(...lineOps(line, theme.type.caption, indent, h + captionGap + i * theme.type.caption.leading, captionRole, ctx, lang, theme.colours.muted));
  });
  // Pagination may set it smaller, down to pagination.pictureScale of this size, never with its
  // short side under picture.minSide.
  const least = Math.max(h * theme.pagination.pictureScale, Math.min(h, (h * minSide) / Math.min(w, h)));
  return {
    kind: 'box', height: h + captionGap + captionHeight, ops, article: a, keep: 0,
    picture: { alt: picture.alt, imageHeight: h }, ...(least < h - 0.5 ? { shrink: h - least } : {}),
  };
}

/**
 * Headings set once per build: they hold no cross-reference, so the passes that settle page
 * numbers get the same item.
 */
const headings: ArticleMemo<FlowItem> = new WeakMap();
function cachedHeading(article: Article, a: number, width: number, ctx: FlowContext, continued: boolean): FlowItem {
  return remembered(headings, article, `${width}/${a}/${continued}`, ctx, () => {
    const text = continued ? continuationText(article, width, ctx) : article.heading;
    return { value: headingItem(text, article, a, width, ctx, continued), keep: true };
  });
}

function headingItem(text: string, article: Article, a: number, width: number, ctx: FlowContext, continued: boolean): FlowItem {
  const { theme } = ctx;
  const style = theme.type.heading;
  const logo = continued ? undefined : article.logo;
  let logoW = 0;
  let logoH = 0;
  if (logo) {
    logoH = theme.logo.height;
    logoW = (logoH * logo.picture.pixelWidth) / logo.picture.pixelHeight;
    if (logoW > theme.logo.maxWidth) {
      logoH = (logoH * theme.logo.maxWidth) / logoW;
      logoW = theme.logo.maxWidth;
    }
  }
  const runs: Run[] = [{ text, style: style.style }];
  // The logo stands beside the heading, which wraps in the width the logo leaves. When a word
  // is too wide for a line beside the logo, the logo is made as short as one line of the
  // heading (if that leaves it at least half its height), so that only the first line stands
  // beside it; when even the first word is too wide for that, the heading goes under the logo.
  const narrow = width - logoW - theme.logo.gap;
  const beside = (h: number) => (i: number) => (i < Math.ceil(h / style.leading - 1e-6) ? narrow : width);
  const setsBeside = (h: number) => {
    const trial = setText(runs, style.size, beside(h), ctx.measurer, ctx.breaker);
    return trial.emergencyBreaks === 0 && trial.lines.every((l) => l.width <= (l.available ?? Infinity) + 1e-6);
  };
  let logoAbove = false;
  if (logo && !setsBeside(logoH)) {
    const oneLine = style.leading - 1;
    if (oneLine >= logoH / 2 && setsBeside(oneLine)) {
      logoW *= oneLine / logoH;
      logoH = oneLine;
    } else logoAbove = true;
  }
  const textTop = logoAbove ? logoH + theme.spacing.afterHeading : 0;
  const lineWidth = logo && !logoAbove ? beside(logoH) : width;
  const lines = setLines(runs, style, lineWidth, ctx, { at: article.headingAt });
  const textHeight = textTop + lines.length * style.leading;
  const role: Role = { kind: 'heading', article: article.id, continued };
  const ops: Op[] = lines.flatMap((line, i) =>
    lineOps(line, style, 0, textTop + i * style.leading, role, ctx, article.language, theme.colours.heading),
  );
  if (logo) {
    // A logo that only repeats the heading is decoration: readers of the tagged PDF skip it.
    const logoRole: Role = logo.decorative ? { kind: 'artifact' } : { kind: 'figure', block: `${article.id}-logo`, alt: logo.picture.alt };
    const x = width - logoW;
    ops.push({ kind: 'image', x, y: 0, width: logoW, height: logoH, picture: logo.picture.file, alt: logo.picture.alt, role: logoRole });
    if (logo.link) ops.push({ kind: 'link', x, y: 0, width: logoW, height: logoH, target: { url: logo.link }, text: logo.picture.alt, role: logoRole });
  }
  const height = Math.max(textHeight, logoH) + theme.spacing.afterHeading;
  return { kind: 'heading', height, ops, article: a, keep: continued ? 1 : 2 };
}

function textLines(
  text: Inline, style: TextStyle, width: number, indent: number, role: Role, a: number,
  ctx: FlowContext, lang: string | undefined, colour: string,
): FlowItem[] {
  const lines = setLines(text.runs, style, width, ctx, text, lang ?? ctx.language);
  const n = lines.length;
  const items: FlowItem[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    // Fields set one by one, in the order they have always had.
    const info: { -readonly [K in keyof LineInfo]: LineInfo[K] } = { index: i, count: n, end: line.end ?? 'last', shortfall: (line.available ?? line.width) + (line.protrusion ?? 0) - line.width };
    if (line.broken) info.broken = line.broken;
    if (line.hyphenEnd) info.hyphenEnd = true;
    if (line.spacing !== undefined) info.spacing = line.spacing;
    if (line.letterSpacing !== undefined) {
      info.letterSpacing = line.letterSpacing;
      info.size = style.size;
    }
    const ops = lineOps(line, style, indent, 0, role, ctx, lang, colour);
    // No orphan (a first line alone at a column's foot), no widow (a last line alone at its top).
    const keep = n >= 2 && (i === 0 || i === n - 2) ? 1 : 0;
    // No column ends on a hyphen.
    items[i] = line.end === 'hyphen' || line.end === 'explicit' || line.end === 'emergency'
      ? { kind: 'line', height: style.leading, ops, article: a, keep, keepSoft: 1, line: info }
      : { kind: 'line', height: style.leading, ops, article: a, keep, line: info };
  }
  return items;
}

/** Sets text; `lang` (body text) asks for hyphenation in that language, as the layout allows. */
function setLines(
  runs: readonly Run[], style: TextStyle, width: number | ((line: number) => number), ctx: FlowContext, source: Pick<Inline, 'at'>,
  lang?: string,
): readonly SetLine[] {
  const { hyphenator } = ctx;
  const body = lang !== undefined;
  const justify = body && ctx.theme.typography.align === 'justified';
  // Text without cross-references sets the same in every pass: set it once.
  const cacheable = typeof width === 'number' && !runs.some((r) => r.link?.kind === 'article');
  const key = cacheable ? `${style.size}/${String(width)}/${lang ?? ''}/${justify}/${JSON.stringify(runs)}` : '';
  let result = cacheable ? ctx.setCache.get(key) : undefined;
  if (!result) {
    const resolved = runs.map((r) => withPageNumber(r, ctx));
    result = setText(resolved, style.size, typeof width === 'number' ? () => width : width, ctx.measurer, ctx.breaker, {
      ...(body && hyphenator ? { hyphenate: hyphenateIn(hyphenator, lang) } : {}),
      justify,
      ...(justify ? { letterSpacing: ctx.theme.typography.letterSpacing, protrusion: ctx.theme.typography.protrusion, maxProtrusion: ctx.theme.columnGap / 2 } : {}),
    });
    if (cacheable) ctx.setCache.set(key, result);
  }
  if (result.emergencyBreaks > 0) {
    const where = ctx.article ? ` in "${ctx.article}"` : '';
    ctx.warnings.push(`${source.at.file}:${source.at.line}:${source.at.column}: a word${where} is wider than the column and was broken with a hyphen`);
  }
  return result.lines;
}

/** One hyphenation function for each hyphenator and language (set.ts keeps its findings by it). */
const byLanguage = new WeakMap<Hyphenator, Map<string, (word: string, soft?: readonly number[], inline?: string) => ReturnType<Hyphenator>>>();
function hyphenateIn(hyphenator: Hyphenator, lang: string) {
  let fns = byLanguage.get(hyphenator);
  if (!fns) byLanguage.set(hyphenator, (fns = new Map()));
  let fn = fns.get(lang);
  // A word marked with its own language (an inline language) is hyphenated by that language's patterns.
  if (!fn) fns.set(lang, (fn = (word: string, soft?: readonly number[], inline?: string) => hyphenator(word, inline ?? lang, soft)));
  return fn;
}

/** A cross-reference prints its link text and the page number of the article it names. */
function withPageNumber(run: Run, ctx: FlowContext): Run {
  if (run.link?.kind !== 'article') return run;
  const page = ctx.pageOf(run.link.id);
  return { ...run, text: `${run.text}\u00a0${page ?? '00'}` };
}

export function lineOps(
  line: SetLine, style: TextStyle, x0: number, top: number, role: Role, ctx: FlowContext,
  lang: string | undefined, colour: string,
): Op[] {
  const { theme } = ctx;
  const y = top + baseline(style);
  const ops: Op[] = [];
  const fragments = line.fragments;
  for (let i = 0; i < fragments.length; i++) {
    const f = fragments[i]!;
    const target = f.link ? linkTarget(f.link, ctx) : undefined;
    const joinsNext = (line.end === 'explicit' || line.end === 'address') && i === fragments.length - 1;
    // Fields set one by one in the order the display list has always had them (the document's ID is a hash of it).
    const op: { -readonly [K in keyof TextOp]: TextOp[K] } = {
      kind: 'text', x: x0 + f.x, y, text: f.text, style: f.style, size: style.size,
      colour: target ? theme.colours.link : colour, width: f.width, role,
    };
    if (lang) op.lang = lang;
    if (target) op.link = target;
    if (f.lang && f.lang !== (lang ?? ctx.language)) op.span = f.lang;
    if (joinsNext) op.joinsNext = joinsNext;
    if (f.letterSpacing) op.letterSpacing = f.letterSpacing;
    ops.push(op);
    if (target) {
      const trimmed = f.text.replace(/ +$/, '');
      const width = trimmed === f.text ? f.width : ctx.measurer.width(trimmed, f.style, style.size);
      ops.push({ kind: 'rect', x: x0 + f.x, y: y + style.size * 0.12, width, height: Math.max(0.5, style.size * 0.05), fill: theme.colours.link, role: { kind: 'artifact' } });
      ops.push({ kind: 'link', x: x0 + f.x, y: top, width, height: style.leading, target, text: trimmed, role });
    }
  }
  return ops;
}

function linkTarget(link: LinkTarget, ctx: FlowContext) {
  return link.kind === 'url' ? { url: link.url } : { page: ctx.pageOf(link.id) ?? 1 };
}

/** Baseline of a line within its leading: the text's body centred in the line. */
export function baseline(style: TextStyle): number {
  return style.leading / 2 + style.size * 0.33;
}

function italic(style: Style): Style {
  return style === 'bold' || style === 'boldItalic' ? 'boldItalic' : 'italic';
}

function gap(theme: Theme, kind: GapKind, a: number): FlowItem {
  const { stretch, shrink } = theme.pagination;
  return { kind: 'gap', height: theme.spacing[kind], ops: [], article: a, keep: 0, stretch: stretch[kind], shrink: Math.min(shrink[kind], theme.spacing[kind]) };
}

export function columnHeight(theme: Theme): number {
  const { page, margins, band, spacing, footer } = theme;
  return page.height - margins.top - band.height - spacing.belowBand - margins.bottom - footer.height;
}
