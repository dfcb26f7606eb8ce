// Issue + theme → the whole document as pages of positioned ops. Pure: the measurer and the
// line breaker are passed in. Page furniture and the cover are added once page numbers are
// known; cross-references are resolved by laying out again until no page number moves.
import { createHash } from 'node:crypto';
import type { Box, Document, Op, OutlineEntry, Page, Role } from '../display/types.js';
import { translate } from '../display/types.js';
import { InputError } from '../issue/problems.js';
import type { Issue, Run, Section } from '../model/types.js';
import type { LineBreaker } from '../text/breaker.js';
import type { Hyphenator } from '../text/hyphenate.js';
import type { Measurer } from '../text/measure.js';
import { setText, type SetResult } from '../text/set.js';
import { flowSection, lineOps, type FlowContext, type FlowItem, type SetCache } from './flow.js';
import { UnfittableError } from './paginate.js';
import { paginateWithCost, type Memo, type Paginated } from './totalfit.js';
import { columnFill, countColumns, fillOf, total, type PageReport } from './report.js';
import type { Theme } from './theme.js';

export interface LayoutInput {
  readonly issue: Issue;
  readonly theme: Theme;
  readonly measurer: Measurer;
  readonly breaker: LineBreaker;
  /** Hyphenation of body text; words stay whole without it. */
  readonly hyphenator?: Hyphenator;
  /** Paragraphs set by an earlier layout with the same theme, measurer, breaker and hyphenator (watch). */
  readonly setCache?: SetCache;
  /** Sections laid out by an earlier layout with the same theme, measurer, breaker and hyphenator (watch). */
  readonly sectionCache?: LaidSections;
}

/**
 * A section laid out into pages, the warnings its layout gave, and the page numbers it asked
 * for (its cross-references) with the answers it got: it holds where they are the same. Its
 * pages are numbered from the first page it had (`laid.outline.page`) and its warnings name the
 * places in the issue's files its text had (`positions`): both are moved when it is used at
 * another page or its text has moved in its file (see `moved`).
 */
export interface LaidSection {
  readonly laid: SectionPages;
  readonly warnings: readonly string[];
  readonly asked: readonly (readonly [string, number | undefined])[];
  /** The places (file:line:column) of the section's texts when it was laid out, in the order of `sectionKey`. */
  readonly positions: readonly string[];
  /**
   * Laid out in a first pass, not knowing the page numbers it asked for: such a layout only
   * says which page each article starts on, for the pass after it, and is never drawn. So its
   * pages are kept without their contents (a section's pages are most of what is kept on disk),
   * and it answers only a first pass.
   */
  readonly firstPass?: true;
}

/** Laid-out sections by `sectionKey`, one for each set of answers their cross-references got; a Map will do. */
export interface LaidSections {
  get(key: string): LaidSection[] | undefined;
  set(key: string, laid: LaidSection[]): unknown;
}

/** A place in a file as JSON.stringify writes one (a SourcePos made by YamlSource). */
const POSITION = /\{"file":("(?:[^"\\]|\\.)*"),"line":(\d+),"column":(\d+)\}/g;

/**
 * Everything a section's layout reads besides the theme, fonts and hyphenation, and the page
 * numbers of its cross-references: its content, its place in the issue (section number) and the
 * issue's language. Not where its texts are in the issue's files, which only its warnings show,
 * nor its first page, which only numbers its pages: a line added above it in the file, or a page
 * added before it, leaves it as it was laid out. Those places are given apart, in order.
 */
export function sectionKey(section: Section, s: number, language: string): { key: string; positions: readonly string[] } {
  const { content, positions } = contentOf(section);
  return { key: `${s}/${language}/${content}`, positions };
}

/**
 * A section's content as the SHA-256 of its JSON without its places (the JSON of a long section
 * is some hundred kilobytes, kept on disk with each of its layouts), and its places: made once
 * for each section object (a build asks in every pass).
 */
const contents = new WeakMap<Section, { content: string; positions: readonly string[] }>();
function contentOf(section: Section): { content: string; positions: readonly string[] } {
  let found = contents.get(section);
  if (!found) {
    const positions: string[] = [];
    // Hashed piece by piece, each place as "0": the JSON is not copied once more without them.
    const json = JSON.stringify(section);
    const hash = createHash('sha256');
    let from = 0;
    for (const m of json.matchAll(POSITION)) {
      hash.update(json.slice(from, m.index)).update('0');
      positions.push(`${JSON.parse(m[1]!) as string}:${m[2]!}:${m[3]!}`);
      from = m.index! + m[0].length;
    }
    contents.set(section, (found = { content: hash.update(json.slice(from)).digest('base64'), positions }));
  }
  return found;
}

/**
 * A section laid out before, for a build where its first page is `firstPage` and its texts are
 * at `positions`: its pages, articles and outline numbered from there, and its warnings naming
 * the places its texts have now.
 */
export function moved(found: LaidSection, firstPage: number, positions: readonly string[]): { laid: SectionPages; warnings: readonly string[] } {
  const by = firstPage - found.laid.outline.page;
  const laid = by === 0 ? found.laid : renumbered(found.laid, by);
  const now = new Map<string, string>();
  found.positions.forEach((p, i) => {
    const q = positions[i];
    if (q !== undefined && q !== p) now.set(p, q);
  });
  const warnings = now.size === 0 ? found.warnings : found.warnings.map((w) => withPlaces(w, now));
  return { laid, warnings };
}

/** A warning with each place it names (file:line:column, not followed by another digit) replaced by its new one. */
function withPlaces(warning: string, now: ReadonlyMap<string, string>): string {
  let out = warning;
  for (const [before, after] of now) {
    let at = out.indexOf(before);
    while (at >= 0) {
      const next = out.charCodeAt(at + before.length);
      const whole = !(next >= 48 && next <= 57) && (at === 0 || !/[\w/.-]/.test(out[at - 1]!));
      if (whole) {
        out = out.slice(0, at) + after + out.slice(at + before.length);
        at = out.indexOf(before, at + after.length);
      } else at = out.indexOf(before, at + 1);
    }
  }
  return out;
}

/** A section's pages numbered `by` pages later (earlier when negative). */
function renumbered(laid: SectionPages, by: number): SectionPages {
  return {
    ...laid,
    pages: laid.pages.map((p) => ({ ...p, number: p.number + by })),
    articlePages: new Map([...laid.articlePages].map(([id, page]) => [id, page + by])),
    outline: { ...laid.outline, page: laid.outline.page + by, children: laid.outline.children.map((c) => ({ ...c, page: c.page + by })) },
    report: laid.report.map((r) => ({ ...r, page: r.page + by })),
  };
}

const MAX_PASSES = 5;

export function layoutIssue(input: LayoutInput): Document {
  let pages = new Map<string, number>();
  const setCache = input.setCache ?? new Map<string, SetResult>();
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const known = pass > 1 ? pages : undefined;
    const result = layoutOnce(input, known, setCache);
    // A layout that asked no page number cannot move when given them: no second pass.
    if (!result.askedPages || (pass > 1 && samePages(result.articlePages, pages))) return result.document;
    pages = result.articlePages;
  }
  // Page numbers that keep moving each other: give up with a clear message instead of looping.
  throw new InputError([{ message: 'cross-references do not settle: their page numbers keep changing the layout; try rewording the text around them' }]);
}

function samePages(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export interface SectionPages {
  readonly pages: Page[];
  readonly articlePages: Map<string, number>;
  readonly outline: OutlineEntry;
  readonly report: PageReport[];
  readonly cost: number;
  readonly greedyCost: number;
}

function layoutOnce(input: LayoutInput, known: ReadonlyMap<string, number> | undefined, setCache: FlowContext['setCache']) {
  const { issue, theme } = input;
  const warnings: string[] = [];
  let askedPages = false;
  // The page numbers the section being laid out asked for, and what it was told.
  const asked: [string, number | undefined][] = [];
  const ctx: FlowContext = {
    theme,
    measurer: input.measurer,
    breaker: input.breaker,
    pageOf: (id) => {
      askedPages = true;
      const page = known?.get(id);
      asked.push([id, page]);
      return page;
    },
    warnings,
    ...(input.hyphenator ? { hyphenator: input.hyphenator } : {}),
    language: issue.language,
    setCache,
  };
  const body: Page[] = [];
  const articlePages = new Map<string, number>();
  const outline: OutlineEntry[] = [];
  const perPage: PageReport[] = [];
  let cost = 0;
  let greedyCost = 0;
  const kept = input.sectionCache;
  issue.sections.forEach((section, s) => {
    const firstPage = body.length + 2;
    const { key, positions } = kept ? sectionKey(section, s, issue.language) : { key: '', positions: [] };
    let laid: SectionPages;
    const variants = kept?.get(key);
    const found = variants?.find((v) => (!v.firstPass || known === undefined) && v.asked.every(([id, page]) => known?.get(id) === page));
    if (found) {
      const now = moved(found, firstPage, positions);
      laid = now.laid;
      warnings.push(...now.warnings);
      if (found.asked.length > 0) askedPages = true;
    } else {
      const before = warnings.length;
      asked.length = 0;
      laid = layoutSection(section, s, firstPage, ctx);
      // A first pass whose section asked for a page number is followed by another (layoutIssue).
      const firstPass = known === undefined && asked.length > 0;
      const entry: LaidSection = firstPass
        ? { laid: { ...laid, pages: laid.pages.map((p) => ({ ...p, ops: [] })) }, warnings: [], asked: [...asked], positions, firstPass }
        : { laid, warnings: warnings.slice(before), asked: [...asked], positions };
      if (variants) variants.push(entry);
      else kept?.set(key, [entry]);
    }
    body.push(...laid.pages);
    perPage.push(...laid.report);
    cost += laid.cost;
    greedyCost += laid.greedyCost;
    for (const [k, v] of laid.articlePages) articlePages.set(k, v);
    outline.push(laid.outline);
  });
  const meta = templateData(issue);
  const cover = coverPage(outline, ctx, meta);
  const pages = [cover, ...body.map((p) => withFooter(p, ctx, meta))];
  const document: Document = {
    pages,
    outline,
    info: {
      title: theme.metadata.title(meta),
      author: theme.metadata.author(meta),
      subject: theme.metadata.subject(meta),
      keywords: theme.metadata.keywords(meta),
      language: issue.language === 'nb' ? 'nb-NO' : issue.language,
      date: issue.date,
    },
    fileName: theme.fileName(meta),
    warnings,
    report: { pages: pages.length, total: total(perPage), fill: fillOf(pages.length, perPage, cost, greedyCost), perPage },
  };
  return { document, articlePages, askedPages };
}

const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'];

/** What templates may use: the issue's metadata, never its articles. */
export function templateData(issue: Issue): Record<string, unknown> {
  const [y, m, d] = issue.date.split('-').map(Number) as [number, number, number];
  return {
    name: issue.name,
    number: issue.number,
    year: issue.year,
    period: issue.period,
    // Printed where the date goes (the cover) until the issue's date is filled in.
    date: issue.dateMissing ? '(dato ikke fylt inn)' : `${d}. ${MONTHS[m - 1]} ${y}`,
    isoDate: issue.date,
  };
}

function sectionLabel(section: Section): string {
  return section.title ?? section.articles[0]?.heading ?? '';
}

function layoutSection(section: Section, s: number, firstPage: number, ctx: FlowContext): SectionPages {
  const { theme } = ctx;
  const { page, margins, columnGap } = theme;
  const contentWidth = page.width - margins.left - margins.right;
  const columnWidth = (contentWidth - columnGap * (section.columns - 1)) / section.columns;

  const band = section.title ? titleBand(section.title, s, ctx) : undefined;
  const top = margins.top + (band ? band.height + theme.spacing.belowBand : 0);
  const columnHeight = page.height - margins.bottom - theme.footer.height - top;
  const boxes: Box[] = Array.from({ length: section.columns }, (_, c) => ({
    x: margins.left + c * (columnWidth + columnGap),
    y: top,
    width: columnWidth,
    height: columnHeight,
  }));

  const flow = flowSection(section, s, columnWidth, ctx);
  let columns;
  let paginated: Paginated;
  try {
    paginated = paginateWithCost({ ...flow, columnHeight, perPage: section.columns, balance: theme.typography.balanceLastPage }, memoOf(ctx));
    columns = paginated.columns;
  } catch (e) {
    if (e instanceof UnfittableError) {
      const article = section.articles[e.item.article]!;
      throw new InputError([{ at: article.headingAt, message: `"${article.heading}": a part of this article is taller than a whole column and cannot be placed; shorten the heading or make the picture smaller` }]);
    }
    throw e;
  }

  const pages: Page[] = [];
  const articlePages = new Map<string, number>();
  const report: PageReport[] = [];
  for (let first = 0; first < Math.max(columns.length, 1); first += section.columns) {
    const number = firstPage + pages.length;
    const onPage = columns.slice(first, first + section.columns);
    const forts = onPage.map((c) => c[0]?.item).filter((it): it is FlowItem => it !== undefined && isContinuation(it));
    report.push({
      page: number,
      ...countColumns(onPage),
      fill: Array.from({ length: section.columns }, (_, c) => columnFill(onPage[c] ?? [], columnHeight)),
      continuations: forts.map((it) => it.ops.filter((o) => o.kind === 'text').map((o) => o.text).join(' ').replace(/\s+/g, ' ').trim()),
      continuationLines: forts.reduce((s, it) => s + it.height, 0) / theme.type.body.leading,
      pictures: onPage.flat().filter((p) => (p.scale !== undefined || p.floated) && p.item.picture)
        .map((p) => ({ alt: p.item.picture!.alt, scale: Math.round((p.scale ?? 1) * 100) / 100, floated: p.floated ?? 0 })),
      sectionLast: first + section.columns >= columns.length,
    });
    const ops: Op[] = band ? band.ops(pages.length === 0) : [];
    for (let c = 0; c < section.columns; c++) {
      const column = columns[first + c];
      const box = boxes[c]!;
      for (const { item, y } of column ?? []) {
        for (const op of item.ops) ops.push(translate(op, box.x, box.y + y));
        const head = item.ops[0]?.role;
        if (item.kind === 'heading' && head?.kind === 'heading' && !head.continued) articlePages.set(head.article, number);
      }
    }
    pages.push({ number, width: page.width, height: page.height, columns: boxes, ops });
  }
  const outline: OutlineEntry = {
    title: sectionLabel(section),
    page: firstPage,
    children: section.articles.map((a) => ({ title: a.heading, page: articlePages.get(a.id) ?? firstPage, article: a.id, children: [] })),
  };
  return { pages, articlePages, outline, report, cost: paginated.cost, greedyCost: paginated.greedyCost };
}

function isContinuation(item: FlowItem): boolean {
  const role = item.ops[0]?.role;
  return item.kind === 'heading' && role?.kind === 'heading' && role.continued;
}

/** Section paginations of one build, kept across its passes (beside the paragraphs' cache). */
const memos = new WeakMap<FlowContext['setCache'], Map<string, Memo>>();
function memoOf(ctx: FlowContext): Map<string, Memo> {
  let memo = memos.get(ctx.setCache);
  if (!memo) memos.set(ctx.setCache, (memo = new Map()));
  return memo;
}

/** The title band: a coloured strip with the section title; on later pages it is furniture. */
function titleBand(title: string, s: number, ctx: FlowContext) {
  const { theme, measurer, breaker } = ctx;
  const { page, margins, band } = theme;
  const style = theme.type.sectionTitle;
  const width = page.width - margins.left - margins.right;
  const lines = setText([{ text: title, style: style.style }], style.size, () => width - 2 * band.padding, measurer, breaker).lines;
  const textHeight = lines.length * style.leading;
  const height = Math.max(band.height, textHeight + band.padding);
  const textTop = margins.top + (height - textHeight) / 2;
  return {
    height,
    ops: (first: boolean): Op[] => {
      const role: Role = first ? { kind: 'section-title', section: s } : { kind: 'artifact' };
      return [
        band.fullWidth
          ? { kind: 'rect', x: 0, y: margins.top, width: page.width, height, fill: theme.colours.band, role: { kind: 'artifact' } }
          : { kind: 'rect', x: margins.left, y: margins.top, width, height, fill: theme.colours.band, role: { kind: 'artifact' } },
        ...lines.flatMap((line, i) =>
          lineOps(line, style, margins.left + band.padding, textTop + i * style.leading, role, ctx, undefined, theme.colours.bandText),
        ),
      ];
    },
  };
}

function withFooter(p: Page, ctx: FlowContext, meta: Record<string, unknown>): Page {
  const { theme, measurer } = ctx;
  const { margins, page } = theme;
  const style = theme.type.footer;
  const y = page.height - margins.bottom - style.size * 0.25;
  const text = theme.footer.text({ ...meta, page: p.number });
  const num = String(p.number);
  const numWidth = measurer.width(num, 'bold', style.size);
  const artifact: Role = { kind: 'artifact' };
  const ruleY = page.height - margins.bottom - theme.footer.height + style.size * 0.5;
  const footer: Op[] = [
    { kind: 'rect', x: margins.left, y: ruleY, width: page.width - margins.left - margins.right, height: 0.6, fill: theme.colours.rule, role: artifact },
    { kind: 'text', x: margins.left, y, text, style: 'regular', size: style.size, colour: theme.colours.muted, width: measurer.width(text, 'regular', style.size), role: artifact },
    { kind: 'text', x: page.width - margins.right - numWidth, y, text: num, style: 'bold', size: style.size, colour: theme.colours.muted, width: numWidth, role: artifact },
  ];
  return { ...p, ops: [...p.ops, ...footer] };
}

function coverPage(outline: readonly OutlineEntry[], ctx: FlowContext, meta: Record<string, unknown>): Page {
  const { theme, measurer, breaker } = ctx;
  const { page, margins, colours, type } = theme;
  const width = page.width - margins.left - margins.right;
  const ops: Op[] = [];
  const write = (text: string, style: typeof type.body, top: number, colour: string, role: Role, x = margins.left, w = width) => {
    const runs: Run[] = [{ text, style: style.style }];
    const lines = setText(runs, style.size, () => w, measurer, breaker).lines;
    lines.forEach((line, i) => ops.push(...lineOps(line, style, x, top + i * style.leading, role, ctx, undefined, colour)));
    return top + lines.length * style.leading;
  };
  // A coloured block across the top of the cover holds the title.
  const blockHeight = page.height * 0.3;
  ops.push({ kind: 'rect', x: 0, y: 0, width: page.width, height: blockHeight, fill: colours.band, role: { kind: 'artifact' } });
  let y = blockHeight - type.coverTitle.leading * 2.2;
  y = write(theme.cover.title(meta), type.coverTitle, y, colours.bandText, { kind: 'cover', part: 'title' });
  write(theme.cover.subtitle(meta), type.coverLine, y, colours.bandText, { kind: 'cover', part: 'line' });

  y = blockHeight + 12 * (72 / 25.4);
  for (const line of [theme.cover.issueLine(meta), theme.cover.periodLine(meta), theme.cover.dateLine(meta)]) {
    y = write(line, type.coverLine, y, colours.heading, { kind: 'cover', part: 'line' });
  }

  y += 12 * (72 / 25.4);
  y = write(theme.cover.contentsTitle(meta), type.heading, y, colours.heading, { kind: 'cover', part: 'contents-title' });
  ops.push({ kind: 'rect', x: margins.left, y: y + 2, width, height: 0.8, fill: colours.rule, role: { kind: 'artifact' } });
  y += type.contents.leading * 0.5;

  // The contents list: in one column at type.contents if it fits, else in two, else in two at
  // type.contentsSmall; only a list too long even for that is refused.
  const bottom = page.height - margins.bottom;
  const gap = theme.columnGap;
  const tries: [typeof type.contents, number][] = [[type.contents, 1], [type.contents, 2], [type.contentsSmall, 2]];
  for (const [style, columns] of tries) {
    const list = contentsList(outline, ctx, style, y, (width - gap * (columns - 1)) / columns, gap, columns, bottom);
    if (list) {
      ops.push(...list);
      return { number: 1, width: page.width, height: page.height, columns: [], ops };
    }
  }
  throw new InputError([{
    message: `the contents list does not fit on the cover even in two columns at type.contentsSmall (${outline.length} sections): give the sections shorter titles, or a smaller type.contentsSmall in the layout`,
  }]);
}

/** The contents list's ops in `columns` columns from `top`, or undefined if it does not fit above `bottom`. */
function contentsList(
  outline: readonly OutlineEntry[], ctx: FlowContext, style: Theme['type']['contents'], top: number, width: number, gap: number, columns: number, bottom: number,
): Op[] | undefined {
  const { theme, measurer, breaker } = ctx;
  const { margins, colours } = theme;
  const ops: Op[] = [];
  const numberWidth = measurer.width('000', 'bold', style.size);
  const role: Role = { kind: 'cover', part: 'contents' };
  let column = 0;
  let y = top;
  for (const entry of outline) {
    const lines = setText([{ text: entry.title, style: style.style }], style.size, () => width - numberWidth - 12, measurer, breaker).lines;
    const height = lines.length * style.leading;
    if (y + height > bottom) {
      if (++column >= columns || y === top) return undefined;
      y = top;
    }
    const x = margins.left + column * (width + gap);
    lines.forEach((line, i) => ops.push(...lineOps(line, style, x, y + i * style.leading, role, ctx, undefined, colours.text)));
    const end = y + height;
    const num = String(entry.page);
    const numW = measurer.width(num, 'bold', style.size);
    const baseY = end - style.leading + (style.leading / 2 + style.size * 0.33);
    ops.push({ kind: 'text', x: x + width - numW, y: baseY, text: num, style: 'bold', size: style.size, colour: colours.heading, width: numW, role });
    ops.push({ kind: 'link', x, y, width, height, target: { page: entry.page }, text: `${entry.title}, side ${entry.page}`, role });
    y = end + style.leading * 0.25;
  }
  return ops;
}


