// Issue folder → checked Issue. The only stage of the pipeline that reads issue files; every
// mistake found in a file is collected and reported at once.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Article, Block, Inline, Issue, PictureData, PictureRef, Publication, Run, Section } from '../model/types.js';
import { checkAgainst } from './check.js';
import { checkLink, parseInline } from './inline.js';
import { probePicture, resolvePicturePath } from './pictures.js';
import { publicationsFile, readPublications, unknownPublication, type PublicationList } from './publications.js';
import { failIfAny, InputError, type Problem, type SourcePos } from './problems.js';
import * as schema from './schema.js';
import type { ArticleFile, IssueFile, SectionFile } from './schema.js';
import { issueParts } from './parts.js';
import { YamlSource, type Path } from './yaml-source.js';

/**
 * The longest paragraph, list item or caption, in characters. A whole issue is about 40,000; a
 * text longer than this is a mistake (a document pasted in, a text that lost its paragraph
 * breaks) and is refused before layout starts, instead of keeping a build busy for a long time.
 */
export const MAX_TEXT_LENGTH = 100_000;

type TextKind = 'paragraph' | 'list item' | 'caption';

const SPLIT: Record<TextKind, string> = {
  paragraph: 'split it into several paragraphs',
  'list item': 'split it into several items',
  caption: 'shorten it',
};

/** Why a text is too long to be set, or undefined. Characters are counted as Unicode code points. */
export function textTooLong(text: string, kind: TextKind): string | undefined {
  // A text has at most as many characters as UTF-16 code units: most need no counting.
  if (text.length <= MAX_TEXT_LENGTH) return undefined;
  let characters = 0;
  for (const _ of text) characters++;
  if (characters <= MAX_TEXT_LENGTH) return undefined;
  return `this ${kind} is ${characters} characters long: expected at most ${MAX_TEXT_LENGTH} (${SPLIT[kind]})`;
}

export interface LoadOptions {
  /** Folder that issue paths may not leave; defaults to the nearest parent holding `layouts/`. */
  readonly projectRoot?: string;
  /** What an earlier load read (watch): files read and checked, texts parsed, by their content. */
  readonly kept?: KeptReading;
}

/** A cache by content; a Map will do. */
export interface ContentCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): unknown;
}

/**
 * What a load can take from an earlier one: a YAML file read and checked against its schema,
 * by the file's path, schema and text; and the runs of an inline text, by the text. Only what
 * was found without mistakes is kept (positions are asked of the file being read, never kept).
 */
export interface KeptReading {
  readonly files: ContentCache<{ readonly source: YamlSource; readonly value: unknown }>;
  readonly inlines: ContentCache<readonly Run[]>;
  /**
   * The items of the issue file's `sections:` as an earlier load made them, by their text (see
   * `loadInParts`): kept where one is given, so that a load after an edit reads only the item
   * edited. Plain data: kept on disk between builds too.
   */
  readonly sections?: ContentCache<KeptSection>;
}

/**
 * An item of `sections:` as loaded, with what its load read besides its own text: the line it
 * stood on (its places are the file's as it was then), the pictures it names, and the other
 * files it read (a standing page, the publication list) by the SHA-1 of their bytes.
 */
export interface KeptSection {
  readonly line: number;
  readonly section: Section;
  readonly pictures: readonly PendingPicture[];
  readonly reads: readonly (readonly [string, string])[];
}

/** A picture waiting to be read: where it was named (the path as written, and the folder it is relative to), and its resolved file. */
interface PendingPicture {
  readonly file: string;
  readonly alt: string;
  readonly at: SourcePos;
  readonly rel: string;
  readonly baseDir: string;
}

export function findProjectRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'layouts')) && existsSync(join(dir, 'assets'))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

export async function loadIssue(folder: string, options: LoadOptions = {}): Promise<Issue> {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError([{ message: `${folder}: no such issue folder: expected a folder holding issue.yaml, like issues/2025-4` }]);
  }
  const root = options.projectRoot ? resolve(options.projectRoot) : findProjectRoot(dir);
  const file = join(dir, 'issue.yaml');
  if (!existsSync(file)) throw new InputError([{ message: `${display(file)}: missing: an issue folder holds its text in issue.yaml` }]);

  const inParts = options.kept?.sections ? await loadInParts(file, dir, root, options.kept, options.kept.sections) : undefined;
  if (inParts) return inParts;

  const parsed = readChecked(file, schema.issue, root, options.kept);
  const data: IssueFile = parsed.value;
  const problems: Problem[] = [];
  const pictures: PendingPicture[] = [];
  const ctx: Ctx = { root, problems, pictures, publications: publicationReader(root, problems), digests: new Map(), resolved: new Map(), ...(options.kept ? { kept: options.kept } : {}) };

  const sections: Section[] = [];
  data.sections.forEach((entry, i) => sections.push(loadEntry(entry, ['sections', i], parsed.source, dir, ctx)));
  checkIds(sections, problems);

  const probed = await readPictures(pictures, root, problems);
  failIfAny(problems);
  return issueOf(dir, data, parsed.source, sections, probed);
}

function loadEntry(entry: IssueFile['sections'][number], path: Path, source: YamlSource, dir: string, ctx: Ctx): Section {
  return 'standing' in entry ? loadStanding(entry, path, source, ctx) : toSection(entry, path, source, dir, ctx);
}

function issueOf(dir: string, data: Omit<IssueFile, 'sections'>, header: YamlSource, sections: Section[], probed: Awaited<ReturnType<typeof readPictures>>): Issue {
  return {
    name: basename(dir),
    number: data.number,
    year: data.year,
    period: data.period,
    periodAt: header.at(['period']),
    ...(data.date === schema.DATE_PLACEHOLDER ? { date: `${data.year}-01-01`, dateMissing: header.at(['date']) } : { date: data.date }),
    language: data.language ?? 'nb',
    sections: sections.map((s) => withPictureSizes(s, probed.sizes)),
    pictures: probed.data,
  };
}

/** The issue file's lines before `sections:`, checked. */
const HEADER = schema.issue.omit({ sections: true });

/**
 * The issue read part by part (see parts.ts): its header, and each item of `sections:` either
 * as `kept` holds it (its text the same, the files it read the same, its pictures where they
 * were; its places moved to where its text stands now) or read here, and kept. Undefined, and
 * the file read whole, where the file is not cut surely or anything in it is wrong: its problems
 * are then said as a reading of the whole file says them.
 */
async function loadInParts(file: string, dir: string, root: string, reading: KeptReading, kept: ContentCache<KeptSection>): Promise<Issue | undefined> {
  const name = display(file);
  const read = YamlSource.text(file, name);
  const parts = 'text' in read ? issueParts(read.text) : undefined;
  if (!parts) return undefined;
  const head = YamlSource.parse(parts.header, name);
  const header = head.source && head.problems.length === 0 ? HEADER.safeParse(head.source.data() ?? {}) : undefined;
  if (!head.source || !header?.success) return undefined;

  const problems: Problem[] = [];
  const pictures: PendingPicture[] = [];
  const sections: Section[] = [];
  const publications = publicationReader(root, problems);
  const resolved: Ctx['resolved'] = new Map();
  const digests = new Map<string, string>();
  for (const [i, part] of parts.sections.entries()) {
    // The part by the SHA-256 of its text: the texts of a long issue would be kept twice on disk.
    const key = `${name}\0${dir}\0${root}\0${createHash('sha256').update(part.text).digest('base64')}`;
    const found = kept.get(key);
    if (found && stillHolds(found, root, digests, resolved)) {
      const by = part.line - found.line;
      sections.push(by === 0 ? found.section : movedDown(found.section, name, by));
      pictures.push(...(by === 0 ? found.pictures : found.pictures.map((p) => movedDown(p, name, by))));
      continue;
    }
    const path = ['sections', i];
    const source = YamlSource.parsePart(part.text, name, part.line, path);
    const entry = source ? schema.sectionEntry.safeParse((source.data() as unknown[])[0]) : undefined;
    if (!source || !entry?.success) return undefined;
    const reads: [string, string][] = [];
    const own: PendingPicture[] = [];
    const ctx: Ctx = { root, problems, pictures: own, publications: recording(publications, publicationsFile(root), reads, digests), kept: reading, reads, digests, resolved };
    const section = loadEntry(entry.data, path, source, dir, ctx);
    if (problems.length > 0) return undefined;
    kept.set(key, { line: part.line, section, pictures: own, reads });
    sections.push(section);
    pictures.push(...own);
  }
  checkIds(sections, problems);
  const probed = problems.length === 0 ? await readPictures(pictures, root, problems) : undefined;
  if (!probed || problems.length > 0) return undefined;
  return issueOf(dir, header.data, head.source, sections, probed);
}

/** A file's bytes as `reads` records them: their SHA-1, or "none" for a file not there. */
function digestOf(file: string): string {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return 'none';
  }
}

/**
 * A kept item's other files are as they were, and its pictures' paths still lead to the same
 * files: each file hashed and each path resolved once a load (`digests`, `resolved`), however
 * many items read the publication list or name a logo.
 */
function stillHolds(found: KeptSection, root: string, digests: Map<string, string>, resolved: Ctx['resolved']): boolean {
  return found.reads.every(([file, was]) => digestOnce(digests, file) === was) && found.pictures.every((p) => resolvedOnce(resolved, p.rel, p.baseDir, root).file === p.file);
}

/** `digestOf`, once a load for each file. */
function digestOnce(digests: Map<string, string>, file: string): string {
  let found = digests.get(file);
  if (found === undefined) digests.set(file, (found = digestOf(file)));
  return found;
}

/** `resolvePicturePath`, once a load for each folder and path. */
function resolvedOnce(resolved: Ctx['resolved'], rel: string, baseDir: string, root: string): ReturnType<typeof resolvePicturePath> {
  const key = `${baseDir}\0${rel}`;
  let found = resolved.get(key);
  if (!found) resolved.set(key, (found = resolvePicturePath(rel, baseDir, root)));
  return found;
}

/** The publication list, read once, and recorded in `reads` by each item that asks for it. */
function recording(publications: Ctx['publications'], file: string, reads: [string, string][], digests: Map<string, string>): Ctx['publications'] {
  return () => {
    if (!reads.some(([f]) => f === file)) reads.push([file, digestOnce(digests, file)]);
    return publications();
  };
}

/** `value` with every place in the file `name` moved `by` lines down (up when negative). */
function movedDown<T>(value: T, name: string, by: number): T {
  const move = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(move);
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
    const o = v as Record<string, unknown>;
    if (o.file === name && typeof o.line === 'number' && typeof o.column === 'number' && Object.keys(o).length === 3) return { file: name, line: o.line + by, column: o.column };
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = move(o[k]);
    return out;
  };
  return move(value) as T;
}

interface Ctx {
  readonly root: string;
  readonly problems: Problem[];
  readonly pictures: PendingPicture[];
  /** The project's publication list, read when the first QR code names it. */
  readonly publications: () => { list?: PublicationList; missing?: string };
  readonly kept?: KeptReading;
  /** Files read besides the issue file, by the SHA-1 of their bytes (see `KeptSection`). */
  readonly reads?: [string, string][];
  /** Files' digests as `reads` records them, each file hashed once a load. */
  readonly digests: Map<string, string>;
  /** Picture paths resolved in this load, by folder and path: an issue names the same logo many times. */
  readonly resolved: Map<string, ReturnType<typeof resolvePicturePath>>;
}

function publicationReader(root: string, problems: Problem[]): Ctx['publications'] {
  let read: { list?: PublicationList; missing?: string } | undefined;
  return () => {
    if (!read) {
      const file = publicationsFile(root);
      if (!existsSync(file)) read = { missing: display(file) };
      else {
        const r = readPublications(file);
        problems.push(...r.problems);
        read = r.list ? { list: r.list } : {};
      }
    }
    return read;
  };
}

function readChecked<S extends typeof schema.issue | typeof schema.section>(file: string, s: S, root: string, kept?: KeptReading) {
  type Value = S extends typeof schema.issue ? IssueFile : SectionFile;
  const read = YamlSource.text(file, display(file));
  if ('problems' in read) failIfAny(read.problems);
  const { text } = read as { text: string };
  const key = kept ? `${s === schema.issue ? 'issue' : 'section'}\0${file}\0${display(file)}\0${text}` : '';
  const known = kept?.files.get(key);
  if (known) return { source: known.source, value: known.value as Value };
  const { source, problems } = YamlSource.parse(text, display(file));
  failIfAny(problems);
  const checked = checkAgainst(s, source!);
  // With the file's shape wrong, its pictures and links are still checked, so that one run
  // reports every mistake of the file.
  if (checked.problems.length > 0) failIfAny([...checked.problems, ...looseChecks(source!, dirname(file), root)]);
  kept?.files.set(key, { source: source!, value: checked.value });
  return { source: source!, value: checked.value as Value };
}

/** Picture paths and link addresses anywhere in a file, whatever its shape. */
function looseChecks(source: YamlSource, baseDir: string, root: string): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: Path, key: string | number | undefined, inText: boolean): void => {
    if (typeof node === 'string') {
      if ((key === 'picture' || key === 'src') && path.length > 1) {
        const { problem } = resolvePicturePath(node, baseDir, root);
        if (problem) problems.push({ at: source.at(path), message: problem });
      } else if (key === 'link') checkLink(node, path, source, problems);
      else if (inText) {
        const kind: TextKind = key === 'caption' ? 'caption' : path[path.length - 2] === 'list' ? 'list item' : 'paragraph';
        const long = textTooLong(node, kind);
        if (long) problems.push({ at: source.at(path), message: long });
        else parseInline(node, path, source, problems);
      }
      return;
    }
    if (Array.isArray(node)) node.forEach((v, i) => visit(v, [...path, i], i, inText));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) visit(v, [...path, k], k, k === 'body' || k === 'list' || k === 'caption' || (inText && k !== 'alt'));
    }
  };
  visit(source.data(), [], undefined, false);
  return problems;
}

/**
 * A text's runs as parsed by an earlier load, or parsed here (and kept if without mistakes). A
 * cross-reference's place is asked of the file being read: the same text may stand on another
 * line now.
 */
function parseKept(text: string, path: Path, source: YamlSource, ctx: Ctx): Inline {
  const runs = ctx.kept?.inlines.get(text);
  if (runs) {
    const placed = runs.some((r) => r.link?.kind === 'article')
      ? runs.map((r) => (r.link?.kind === 'article' ? { ...r, link: { ...r.link, at: source.within(path, `#${r.link.id}`) } } : r))
      : runs;
    return { runs: placed, at: source.at(path) };
  }
  const before = ctx.problems.length;
  const inline = parseInline(text, path, source, ctx.problems);
  if (ctx.kept && ctx.problems.length === before) ctx.kept.inlines.set(text, inline.runs);
  return inline;
}

function loadStanding(
  entry: { standing: string; title?: string | undefined; articles?: ArticleFile[] | undefined },
  path: Path,
  source: YamlSource,
  ctx: Ctx,
): Section {
  const file = join(ctx.root, 'assets', 'standing', `${entry.standing}.yaml`);
  if (!existsSync(file)) {
    ctx.problems.push({ at: source.within([...path, 'standing'], entry.standing), message: `no standing page "${entry.standing}": expected a file ${display(file)}` });
    return { columns: 2, articles: [] };
  }
  ctx.reads?.push([file, digestOnce(ctx.digests, file)]);
  const standing = readChecked(file, schema.section, ctx.root, ctx.kept);
  const base = toSection(standing.value, [], standing.source, dirname(file), ctx);
  const own = toSection({ articles: entry.articles ?? [] }, path, source, dirname(source.file), ctx);
  // The issue's articles replace the standing page's articles with the same id; new ids are added.
  const ownById = new Map(own.articles.map((a) => [a.id, a]));
  const merged = base.articles.map((a) => ownById.get(a.id) ?? a);
  const added = own.articles.filter((a) => !base.articles.some((b) => b.id === a.id));
  const title = entry.title ?? base.title;
  const titleAt = entry.title !== undefined ? source.at([...path, 'title']) : base.titleAt;
  return { ...base, ...(title === undefined ? {} : { title }), ...(titleAt ? { titleAt } : {}), articles: [...merged, ...added] };
}

function toSection(s: SectionFile, path: Path, source: YamlSource, baseDir: string, ctx: Ctx): Section {
  const articles = s.articles.map((a, i) => toArticle(a, [...path, 'articles', i], source, baseDir, ctx));
  return { ...(s.title === undefined ? {} : { title: s.title, titleAt: source.at([...path, 'title']) }), columns: s.columns ?? 2, articles };
}

function toArticle(a: ArticleFile, path: Path, source: YamlSource, baseDir: string, ctx: Ctx): Article {
  const picture = (rel: string, alt: string, p: Path): PictureRef => pictureRef(rel, alt, p, source, baseDir, ctx);
  const link = (href: string | undefined, p: Path): string | undefined => {
    if (href === undefined) return undefined;
    const target = checkLink(href, p, source, ctx.problems);
    if (target?.kind === 'article') {
      ctx.problems.push({ at: source.at(p), message: `a picture cannot link to an article: expected an http(s) or mailto address` });
      return undefined;
    }
    return target?.url;
  };
  const inline = (text: string, p: Path, kind: TextKind): Inline => {
    const long = textTooLong(text, kind);
    if (!long) return parseKept(text, p, source, ctx);
    const at = source.at(p);
    ctx.problems.push({ at, message: long });
    return { runs: [], at };
  };

  const body: Block[] = a.body.map((b, i): Block => {
    const p = [...path, 'body', i];
    if (typeof b === 'string') return { kind: 'paragraph', text: inline(b, p, 'paragraph') };
    if ('list' in b) return { kind: 'list', bullet: b.bullet ?? '»', items: b.list.map((item, j) => inline(item, [...p, 'list', j], 'list item')) };
    if ('qr' in b) return { kind: 'qr', codes: publicationsOf(b.qr, [...p, 'qr'], source, ctx), at: source.at([...p, 'qr']) };
    const l = link(b.link, [...p, 'link']);
    return {
      kind: 'picture',
      picture: picture(b.picture, b.alt, [...p, 'picture']),
      width: b.width ?? 100,
      ...(b.caption === undefined ? {} : { caption: inline(b.caption, [...p, 'caption'], 'caption') }),
      ...(l === undefined ? {} : { link: l }),
    };
  });
  const logoLink = a.logo ? link(a.logo.link, [...path, 'logo', 'link']) : undefined;
  return {
    id: a.id ?? slug(a.heading),
    heading: a.heading,
    headingAt: source.at([...path, 'heading']),
    ...(a.short === undefined ? {} : { short: a.short }),
    ...(a.language === undefined ? {} : { language: a.language }),
    ...(a.logo
      ? {
          logo: {
            picture: picture(a.logo.src, a.logo.alt, [...path, 'logo', 'src']),
            ...(logoLink ? { link: logoLink } : {}),
            ...(a.logo.decorative ? { decorative: true } : {}),
          },
        }
      : {}),
    body,
  };
}

function publicationsOf(ids: string | string[], path: Path, source: YamlSource, ctx: Ctx): Publication[] {
  const { list, missing } = ctx.publications();
  if (missing) {
    ctx.problems.push({ at: source.at(path), message: `a QR code names publication "${[ids].flat().join('", "')}", but there is no publication list: expected the file ${missing}` });
    return [];
  }
  if (!list) return []; // its own problems are reported
  const one = typeof ids === 'string';
  return [ids].flat().flatMap((id, j) => {
    const p = list.byId.get(id);
    if (!p) ctx.problems.push({ at: source.at(one ? path : [...path, j]), message: unknownPublication(id, list) });
    return p ? [p] : [];
  });
}

function pictureRef(rel: string, alt: string, path: Path, source: YamlSource, baseDir: string, ctx: Ctx): PictureRef {
  const at = source.at(path);
  const { file, problem } = resolvedOnce(ctx.resolved, rel, baseDir, ctx.root);
  if (problem) ctx.problems.push({ at, message: problem });
  else ctx.pictures.push({ file: file!, alt, at, rel, baseDir });
  // Sizes are filled in once all pictures are read (see withPictureSizes).
  return { file: file ?? '', pixelWidth: 0, pixelHeight: 0, alt, at };
}

async function readPictures(pending: PendingPicture[], root: string, problems: Problem[]) {
  const files = [...new Set(pending.map((p) => p.file))];
  const results = await Promise.all(files.map((f) => probePicture(f)));
  const sizes = new Map<string, { width: number; height: number }>();
  const data = new Map<string, PictureData>();
  files.forEach((f, i) => {
    const r = results[i]!;
    if ('problem' in r) {
      for (const p of pending.filter((q) => q.file === f)) {
        problems.push({ at: p.at, message: `picture file "${relative(root, f)}" ${r.problem}` });
      }
    } else {
      sizes.set(f, { width: r.width, height: r.height });
      data.set(f, r.data);
    }
  });
  return { sizes, data };
}

function withPictureSizes(s: Section, sizes: Map<string, { width: number; height: number }>): Section {
  const sized = (p: PictureRef): PictureRef => {
    const size = sizes.get(p.file)!;
    return { ...p, pixelWidth: size.width, pixelHeight: size.height };
  };
  return {
    ...s,
    articles: s.articles.map((a) => ({
      ...a,
      ...(a.logo ? { logo: { ...a.logo, picture: sized(a.logo.picture) } } : {}),
      body: a.body.map((b) => (b.kind === 'picture' ? { ...b, picture: sized(b.picture) } : b)),
    })),
  };
}

/** Article ids are unique, and every cross-reference names one of them. */
function checkIds(sections: Section[], problems: Problem[]): void {
  const ids = new Map<string, Article>();
  for (const a of sections.flatMap((s) => s.articles)) {
    const other = ids.get(a.id);
    if (other) {
      problems.push({
        at: a.headingAt,
        message: `two articles have the id "${a.id}" (the other at line ${other.headingAt.line} of ${other.headingAt.file}): expected a unique "id:" for each`,
      });
    } else ids.set(a.id, a);
  }
  const inlines = (b: Block): readonly Inline[] =>
    b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items : b.kind === 'picture' && b.caption ? [b.caption] : [];
  for (const a of sections.flatMap((s) => s.articles)) {
    for (const text of a.body.flatMap(inlines)) {
      for (const run of text.runs) {
        if (run.link?.kind === 'article' && !ids.has(run.link.id)) {
          problems.push({
            at: run.link.at,
            message: `cross-reference to "#${run.link.id}", but no article has that id: expected one of the article ids (${[...ids.keys()].slice(0, 8).join(', ')}, …)`,
          });
        }
      }
    }
  }
}

/** "Østersjørådet (CBSS)" → "ostersjoradet-cbss": the default id of an article. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '') || 'artikkel';
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
