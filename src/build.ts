// The build pipeline: issue folder → checked issue → display list → PDF file.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from './display/types.js';
import { writeAtomically } from './io/files.js';
import { sizeYoungGeneration } from './io/heap.js';
import { changedKeys, folderStamp, keptFile, type KeptFile } from './io/kept.js';
import { findProjectRoot, loadIssue, type KeptSection } from './issue/load.js';
import { failIfAny, formatProblem, type Problem } from './issue/problems.js';
import { layoutIssue, templateData, type LaidSection, type LaidSections } from './layout/document.js';
import { articlePages, saveArticlePages, xrefFile } from './layout/xrefs.js';
import { checkGlyphs } from './layout/glyphs.js';
import { ThemeCache, type LayoutFile, type Theme } from './layout/theme.js';
import type { Issue, PictureData, Run } from './model/types.js';
import type { YamlSource } from './issue/yaml-source.js';
import { checkQrCodes } from './qr/check.js';
import { giveMatrices, knownMatrices, type QrMatrix } from './qr/matrix.js';
import { renderPdf, type DeflatedStreams, type FontSubsets, type ParsedPictures } from './render/pdf.js';
import { preparePictures, type PictureReport } from './render/pictures.js';
import { outputProfile, type ProfileName } from './render/profile.js';
import type { SetCache } from './layout/flow.js';
import type { LayoutReport } from './layout/report.js';
import { greedyBreaker, optimalBreaker, type LineBreaker } from './text/breaker.js';
import { exceptionsFileOf, readExceptions } from './text/exceptions.js';
import { HyphenatorCache, languagesOf, type ExceptionList, type Hyphenator } from './text/hyphenate.js';
import { FontCache, type FontMeasurer, type Fonts } from './text/measure.js';
import { compiledDir } from './text/patterns.js';
import type { SetResult } from './text/set.js';
import { wordsDir } from './text/wordlist.js';

export interface BuildOptions {
  /** Output file; default <outDir>/<file name from the layout>. */
  readonly out?: string;
  /** Folder of the output file when `out` is not given; default out/. */
  readonly outDir?: string;
  /** Layout file; default layouts/kom.yaml of the project. */
  readonly layout?: string;
  /** Output profile: screen (default; e-mail and web) or print (the print shop). */
  readonly profile?: ProfileName;
  /** Where processed pictures are kept between builds; default .cache/pictures of the project; false: nowhere. */
  readonly cacheDir?: string | false;
  /** Also write the layout report as JSON beside the PDF (<name>.report.json). */
  readonly report?: boolean;
}

export interface BuildResult {
  readonly issue: Issue;
  readonly file: string;
  readonly pages: number;
  readonly bytes: number;
  readonly warnings: readonly string[];
  readonly document: Document;
  readonly profile: ProfileName;
  /** What happened to each picture. */
  readonly pictures: readonly PictureReport[];
  readonly report: LayoutReport;
  /** Where the report was written, when asked for. */
  readonly reportFile?: string;
  /** The files the build read besides the issue's own: the layout file and its fonts. */
  readonly layoutFiles: readonly string[];
  /** Paragraphs (and headings, captions …) this build set, and those it found set by the build before. */
  readonly paragraphs: KeptTally;
  /** Sections this build laid out, and those it found laid out by the build before. */
  readonly sections: KeptTally;
}

export interface KeptTally {
  readonly set: number;
  readonly kept: number;
}

/**
 * What the stages keep between builds of one process, each cache owned by its stage: the
 * theme (by the layout file's content), the opened fonts and their measurer with every word
 * it shaped (by the font files), hyphenators (by languages and rules) and processed pictures
 * (by content and settings, beside the disk cache) and PNGs as the PDF writer read them (by
 * their bytes). `nyhetsbrev build` uses fresh ones;
 * `nyhetsbrev watch` keeps one set for its whole run. The output is the same either way.
 */
export interface BuildCaches {
  readonly themes: ThemeCache;
  readonly fonts: FontCache;
  readonly hyphenators: HyphenatorCache;
  readonly pictures: Map<string, PictureData>;
  /** The renderer's: PNG pictures as pdfkit read them. */
  readonly parsedPictures: ParsedPictures;
  /** Layout's: paragraphs as set, by their text and measure (see `ParagraphCache`). */
  readonly paragraphs: ParagraphCache;
  /** Layout's: sections laid out into pages, by their content (see `SectionCache`). */
  readonly sections: SectionCache;
  /** The loader's: YAML files read and checked, and inline texts parsed, by their content. */
  readonly files: KeptCache<{ readonly source: YamlSource; readonly value: unknown }>;
  readonly inlines: KeptCache<readonly Run[]>;
  /** The loader's: the items of the issue file's sections as loaded, by their text (see issue/load.ts). */
  readonly loaded: KeptCache<KeptSection>;
  /** The renderer's: compressed streams by their bytes, and font subsets (see render/pdf.ts). */
  readonly deflated: DeflatedStreams;
  readonly subsets: FontSubsets;
}

export function freshCaches(): BuildCaches {
  return { themes: new ThemeCache(), fonts: new FontCache(), hyphenators: new HyphenatorCache(), pictures: new Map(), parsedPictures: new Map(), paragraphs: new ParagraphCache(), sections: new SectionCache(), files: new KeptCache(), inlines: new KeptCache(), loaded: new KeptCache(), deflated: new Map(), subsets: new WeakMap() };
}

/**
 * Results kept from one build to the next (watch), by their content: set paragraphs (after a
 * text edit only the edited paragraph is set again) and laid-out sections (only the edited
 * section is laid out again). The entries hold for one theme, measurer and hyphenator (the
 * breaker's settings are the theme's); a build with any other starts empty. Entries the last
 * build did not use are dropped, so the cache holds about one issue's worth.
 */
export class KeptCache<T> {
  private previous = new Map<string, T>();
  private current = new Map<string, T>();
  private owner: readonly unknown[] = [];
  /** Entries made (not found) since the last `tally`. */
  private setAgain = 0;

  /** The cache for a build with these; call once per build. */
  forBuild(...owner: readonly unknown[]): this {
    const same = owner.length === this.owner.length && owner.every((o, i) => o === this.owner[i]);
    this.previous = same ? this.current : new Map();
    this.current = new Map();
    this.owner = owner;
    this.later = undefined;
    return this;
  }

  /** Nothing kept yet in this process. */
  get empty(): boolean {
    return this.current.size === 0 && this.previous.size === 0;
  }

  get(key: string): T | undefined {
    let hit = this.current.get(key);
    if (!hit && (hit = this.given().get(key))) this.current.set(key, hit);
    return hit;
  }

  set(key: string, result: T): void {
    this.current.set(key, result);
    this.setAgain++;
  }

  /** Entries a build before this process made (see io/kept.ts), when this one has none of its own. */
  seed(kept: ReadonlyMap<string, T>): void {
    if (this.previous.size === 0) this.previous = new Map(kept);
  }

  /** Entries to `seed` with, read only when this build first asks for one it has not made (a build that asks for none never reads them). */
  seedLater(read: () => ReadonlyMap<string, T>): void {
    if (this.previous.size === 0) this.later = read;
  }

  private later: (() => ReadonlyMap<string, T>) | undefined;

  /** The entries given for this build, read now if they were given to be read later. */
  private given(): Map<string, T> {
    const read = this.later;
    if (read) {
      this.later = undefined;
      this.seed(read());
    }
    return this.previous;
  }

  /** This build's entries: how many it made and how many it found, and whether they differ from the ones it started with. */
  tally(): { readonly set: number; readonly kept: number; readonly changed: boolean } {
    const set = this.setAgain;
    this.setAgain = 0;
    return { set, kept: this.current.size - set, changed: set > 0 || this.current.size !== this.previous.size };
  }

  /** The entries this build used. */
  used(): ReadonlyMap<string, T> {
    return this.current;
  }

  /** The entries this build used, and those it was given and did not ask for. */
  usedAndGiven(): ReadonlyMap<string, T> {
    return new Map([...this.given(), ...this.current]);
  }

  /** How many entries this build has used or made. */
  get size(): number {
    return this.current.size;
  }
}

/** Set paragraphs by their text and measure (see `KeptCache`). */
export class ParagraphCache extends KeptCache<SetResult> implements SetCache {}

/** Laid-out sections by their content, place and the issue's language (see `KeptCache`). */
export class SectionCache extends KeptCache<LaidSection[]> implements LaidSections {}

/**
 * The folder this tool is installed in: its layouts/ and fonts/ are the defaults. The nearest
 * folder above this module with a package.json: the same from src/ (tests), dist/ (tsc) and
 * dist/bin/ (the shipped bundle).
 */
export const toolRoot = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '..');
  }
}

export function defaultLayout(issueFolder: string): string {
  const own = join(findProjectRoot(issueFolder), 'layouts', 'kom.yaml');
  return existsSync(own) ? own : join(toolRoot, 'layouts', 'kom.yaml');
}

export async function layoutFolder(
  folder: string,
  layout?: string,
  caches: BuildCaches = freshCaches(),
): Promise<{ issue: Issue; theme: Theme; fonts: Fonts; measurer: FontMeasurer; document: Document; layoutFile: string; root: string; paragraphs: KeptTally; sections: KeptTally }> {
  const layoutFile = layout ?? defaultLayout(folder);
  const root = findProjectRoot(folder);
  const theme = caches.themes.load(layoutFile, layoutStore(root, layoutFile));
  // A process's first load reads the texts the last one parsed, and keeps its own.
  const parsed = caches.inlines.empty ? inlineStore(root, folder) : undefined;
  const inlines = caches.inlines.forBuild();
  if (parsed) inlines.seedLater(() => parsed.load());
  const read = caches.loaded.empty ? loadedStore(root, folder) : undefined;
  const loaded = caches.loaded.forBuild();
  if (read) loaded.seed(read.load());
  const issue = await loadIssue(folder, { kept: { files: caches.files.forBuild(), inlines, sections: loaded } });
  sizeYoungGeneration(issue.sections.reduce((n, s) => n + s.articles.length, 0));
  // Only the texts of the items read again are asked for: the file keeps the others too.
  if (parsed && inlines.tally().set > 0) parsed.save(inlines.usedAndGiven());
  if (read && loaded.tally().changed) read.save(loaded.used());
  const { fonts, measurer } = caches.fonts.open(theme.fonts);
  // QR matrices as the last build made them: the qrcode package tries all eight masks of each.
  const qr = caches.paragraphs.empty ? qrStore(root, issue) : undefined;
  const givenQr = qr?.load() ?? new Map<string, QrMatrix>();
  giveMatrices(givenQr);
  failIfAny([...checkGlyphs(issue, measurer, fontName(theme)), ...checkQrCodes(issue, theme.qr, basename(layoutFile))]);
  const exceptionsFile = exceptionsFileOf(layoutFile);
  const exceptions = exceptionsFile ? readExceptions(exceptionsFile) : undefined;
  if (exceptions) failIfAny(exceptions.problems);
  const { breaker, hyphenator } = typesetting(theme, issue, caches.hyphenators, exceptions?.list);
  // A process's first build reads the paragraphs and sections the last one kept, and keeps its
  // own (watch's later builds have them in memory).
  const stores = caches.paragraphs.empty ? layoutStores(root, issue, theme, caches.themes.digestOf(layoutFile), exceptions?.list) : undefined;
  const setCache = caches.paragraphs.forBuild(theme, measurer, hyphenator);
  const sectionCache = caches.sections.forBuild(theme, measurer, hyphenator);
  if (stores) {
    caches.paragraphs.seedLater(() => stores.paragraphs.load());
    caches.sections.seed(stores.sections.load());
  }
  const document = layoutIssue({ issue, theme, measurer, breaker, setCache, sectionCache, ...(hyphenator ? { hyphenator } : {}) });
  if (qr && changedKeys(new Set(givenQr.keys()), knownMatrices())) qr.save(knownMatrices());
  const paragraphs = caches.paragraphs.tally();
  const sections = caches.sections.tally();
  if (stores) {
    // Every section is asked for in every build, so the file holds this issue's sections. A
    // section found whole does not ask for its paragraphs: the ones given are kept with the
    // ones used, so that an edit there sets one paragraph again, not the section's all (the file
    // grows by the paragraphs edited, and starts again with any change of layout or program).
    if (sections.changed) stores.sections.save(caches.sections.used());
    if (paragraphs.set > 0) stores.paragraphs.save(caches.paragraphs.usedAndGiven());
  }
  return { issue, theme, fonts, measurer, document, layoutFile, root, paragraphs: { set: paragraphs.set, kept: paragraphs.kept }, sections: { set: sections.set, kept: sections.kept } };
}

/**
 * Where the shipped program keeps this issue's set paragraphs and laid-out sections between
 * builds (see io/kept.ts), under a digest of what laying them out depends on besides their own
 * content: the program, the layout file, the fonts, the issue's languages, the hyphenation
 * exceptions and the compiled patterns and word lists. None when run from the sources.
 */
function layoutStores(
  root: string, issue: Issue, theme: Theme, layoutDigest: string | undefined, exceptions: ExceptionList | undefined,
): { paragraphs: KeptFile<SetResult>; sections: KeptFile<LaidSection[]> } | undefined {
  if (!layoutDigest) return undefined;
  const dependsOn = [
    layoutDigest, fontStamp(theme), languagesOf(issue),
    [...(exceptions ?? new Map())].map(([lang, words]) => [lang, [...words]]), folderStamp(compiledDir, wordsDir),
  ];
  const paragraphs = keptFile<SetResult>(root, 'paragraphs', issue.name, dependsOn);
  const sections = keptFile<LaidSection[]>(root, 'sections', issue.name, dependsOn);
  return paragraphs && sections ? { paragraphs, sections } : undefined;
}

/** Where the shipped program keeps the QR matrices of an issue's codes (see `giveMatrices`); none when run from the sources. */
function qrStore(root: string, issue: Issue): KeptFile<QrMatrix> | undefined {
  return keptFile(root, 'qr', issue.name);
}

/**
 * Where the shipped program keeps the issue's texts as parsed into runs (by the text, see
 * `KeptReading` in issue/load.ts), for one program and ICU; none when run from the sources.
 */
function inlineStore(root: string, folder: string): KeptFile<readonly Run[]> | undefined {
  return keptFile(root, 'inlines', basename(resolve(folder)), [process.versions.icu ?? null]);
}

/**
 * Where the shipped program keeps the items of the issue file's sections as loaded (see
 * `KeptReading` in issue/load.ts), for one program, ICU, issue folder and working folder (their
 * places name the file as seen from there); none when run from the sources.
 */
function loadedStore(root: string, folder: string): KeptFile<KeptSection> | undefined {
  return keptFile(root, 'loaded', basename(resolve(folder)), [process.versions.icu ?? null, resolve(folder), root, process.cwd()]);
}

/**
 * Where the shipped program keeps the layout file as checked (see `ThemeCache`), in the
 * issue's project, for one program and layout file path; none when run from the sources.
 */
function layoutStore(root: string, layoutFile: string): KeptFile<LayoutFile> | undefined {
  return keptFile(root, 'layout', basename(layoutFile).replace(/\.ya?ml$/i, ''), [resolve(layoutFile)]);
}

/** The line breaker and hyphenator the layout asks for; patterns are read here, before layout. */
export function typesetting(
  theme: Theme, issue: Issue, hyphenators: HyphenatorCache = new HyphenatorCache(), exceptions?: ExceptionList,
): { breaker: LineBreaker; hyphenator?: Hyphenator } {
  const t = theme.typography;
  const breaker =
    t.breaker === 'greedy'
      ? greedyBreaker
      : optimalBreaker({
          pretolerance: t.pretolerance, tolerance: t.tolerance, linePenalty: t.linePenalty, hyphenPenalty: t.hyphenPenalty,
          seamPenalty: t.seamPenalty, poorHyphenPenalty: t.poorHyphenPenalty,
          exHyphenPenalty: t.exHyphenPenalty, doubleHyphenDemerits: t.doubleHyphenDemerits, finalHyphenDemerits: t.finalHyphenDemerits,
          adjDemerits: t.adjDemerits, raggedStretch: t.raggedStretch, maxHyphensInRow: t.maxHyphensInRow,
        });
  if (!t.hyphenate || t.breaker === 'greedy') return { breaker };
  const { word, before, after } = t.hyphenMin;
  return { breaker, hyphenator: hyphenators.get(languagesOf(issue), { minWord: word, minBefore: before, minAfter: after }, exceptions) };
}

/**
 * Where the shipped program keeps an issue's compressed streams (by the hash of their bytes) and
 * font subsets (by font and glyphs) between builds, valid for one program, zlib and set of font
 * files (see io/kept.ts); none when run from the sources.
 */
function renderStore(root: string, issue: Issue, theme: Theme, profile: ProfileName): KeptFile<ReadonlyMap<string, Uint8Array>> | undefined {
  return keptFile(root, 'render', `${issue.name}-${profile}`, [process.versions.zlib, fontStamp(theme)]);
}

/** The layout's font files by style, path, size and modification time. */
function fontStamp(theme: Theme): unknown[] {
  return Object.entries(theme.fonts).sort().map(([style, file]) => {
    const s = statSync(file);
    return [style, resolve(file), s.size, s.mtimeMs];
  });
}

export async function buildIssue(folder: string, options: BuildOptions = {}, caches: BuildCaches = freshCaches()): Promise<BuildResult> {
  const { issue, theme, fonts, measurer, document, layoutFile, root, paragraphs, sections } = await layoutFolder(folder, options.layout, caches);
  const profile = outputProfile(options.profile ?? 'screen', theme);
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? join(root, '.cache', 'pictures'));
  const prepared = await preparePictures(document, issue.pictures, profile.pictures, { root, memory: caches.pictures, ...(cacheDir ? { cacheDir } : {}) });
  // A process's first render reads the streams and font subsets the last build made, and keeps its own.
  const store = caches.deflated.size === 0 ? renderStore(root, issue, theme, profile.name) : undefined;
  const found = store?.load();
  const foundStreams = found?.get('streams') ?? new Map<string, Uint8Array>();
  const keptSubsets = { found: found?.get('subsets') ?? new Map<string, Uint8Array>(), used: new Map<string, Uint8Array>() };
  for (const [k, v] of foundStreams) caches.deflated.set(k, v);
  const bytes = await renderPdf(document, {
    fonts, pictures: prepared.pictures, shape: (t, s) => measurer.shape(t, s), parsedPictures: caches.parsedPictures, deflated: caches.deflated, subsets: caches.subsets,
    ...(store ? { keptSubsets } : {}),
  }, profile);
  if (store && (changedKeys(new Set(foundStreams.keys()), caches.deflated) || changedKeys(new Set(keptSubsets.found.keys()), keptSubsets.used))) {
    store.save(new Map([['streams', caches.deflated], ['subsets', keptSubsets.used]]));
  }
  const file = resolve(options.out ?? join(options.outDir ?? 'out', profile.fileName(templateData(issue))));
  writeAtomically(file, bytes);
  // The pages cross-references show in this build, for `check` to compare with later; a
  // cache that cannot be written costs that comparison, never the build.
  try {
    saveArticlePages(xrefFile(root, issue.name), articlePages(issue, document));
  } catch {
    /* left out */
  }
  const unmapped = [...profile.unmapped].map((c) => `colour ${c} has no CMYK value in the layout's print.colours: converted by formula`);
  const report = document.report!;
  let reportFile: string | undefined;
  if (options.report) {
    reportFile = file.replace(/\.pdf$/i, '') + '.report.json';
    writeAtomically(reportFile, Buffer.from(JSON.stringify({ ...report, paragraphs, sections }, null, 2) + '\n'));
  }
  return {
    issue,
    file,
    pages: document.pages.length,
    bytes: bytes.length,
    warnings: [...unfilledDate(issue).map(formatProblem), ...document.warnings, ...prepared.warnings, ...unmapped],
    document,
    profile: profile.name,
    pictures: prepared.report,
    report,
    ...(reportFile ? { reportFile } : {}),
    layoutFiles: [resolve(layoutFile), ...Object.values(theme.fonts)],
    paragraphs,
    sections,
  };
}

/** `date: ÅÅÅÅ-MM-DD`: not a mistake while the issue is written, but the build and check say so. */
export function unfilledDate(issue: Issue): Problem[] {
  if (!issue.dateMissing) return [];
  return [{ at: issue.dateMissing, message: 'the date is not filled in yet: the cover shows "(dato ikke fylt inn)" where the date goes; write the publication date as YYYY-MM-DD before the issue is sent' }];
}

function fontName(theme: Theme): string {
  return basename(theme.fonts.regular).replace(/-Regular\.[ot]tf$/i, '').replace(/\.[ot]tf$/i, '');
}
