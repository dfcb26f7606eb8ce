// The build pipeline: issue folder → checked issue → display list → PDF file.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from './display/types.js';
import { writeAtomically } from './files.js';
import { findProjectRoot, loadIssue } from './issue/load.js';
import { failIfAny, formatProblem, type Problem } from './issue/problems.js';
import { layoutIssue, templateData } from './layout/document.js';
import { articlePages, saveArticlePages, xrefFile } from './check/xrefs.js';
import { checkGlyphs } from './layout/glyphs.js';
import { loadTheme, type Theme } from './layout/theme.js';
import type { Issue } from './model/types.js';
import { checkQrCodes } from './qr/check.js';
import { renderPdf } from './render/pdf.js';
import { preparePictures, type PictureReport } from './render/pictures.js';
import { outputProfile, type ProfileName } from './render/profile.js';
import type { LayoutReport } from './layout/report.js';
import { greedyBreaker, optimalBreaker, type LineBreaker } from './text/breaker.js';
import { languagesOf, makeHyphenator, type Hyphenator } from './text/hyphenate.js';
import { FontMeasurer, openFonts, type Fonts } from './text/measure.js';

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
}

/** The folder this tool is installed in: its layouts/ and fonts/ are the defaults. */
export const toolRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function defaultLayout(issueFolder: string): string {
  const own = join(findProjectRoot(issueFolder), 'layouts', 'kom.yaml');
  return existsSync(own) ? own : join(toolRoot, 'layouts', 'kom.yaml');
}

export async function layoutFolder(
  folder: string,
  layout?: string,
): Promise<{ issue: Issue; theme: Theme; fonts: Fonts; measurer: FontMeasurer; document: Document }> {
  const layoutFile = layout ?? defaultLayout(folder);
  const theme = loadTheme(layoutFile);
  const issue = await loadIssue(folder);
  const fonts = openFonts(theme.fonts);
  const measurer = new FontMeasurer(fonts);
  failIfAny([...checkGlyphs(issue, measurer, fontName(theme)), ...checkQrCodes(issue, theme.qr, basename(layoutFile))]);
  const { breaker, hyphenator } = typesetting(theme, issue);
  const document = layoutIssue({ issue, theme, measurer, breaker, ...(hyphenator ? { hyphenator } : {}) });
  return { issue, theme, fonts, measurer, document };
}

/** The line breaker and hyphenator the layout asks for; patterns are read here, before layout. */
export function typesetting(theme: Theme, issue: Issue): { breaker: LineBreaker; hyphenator?: Hyphenator } {
  const t = theme.typography;
  const breaker =
    t.breaker === 'greedy'
      ? greedyBreaker
      : optimalBreaker({
          pretolerance: t.pretolerance, tolerance: t.tolerance, linePenalty: t.linePenalty, hyphenPenalty: t.hyphenPenalty,
          exHyphenPenalty: t.exHyphenPenalty, doubleHyphenDemerits: t.doubleHyphenDemerits, finalHyphenDemerits: t.finalHyphenDemerits,
          adjDemerits: t.adjDemerits, raggedStretch: t.raggedStretch, maxHyphensInRow: t.maxHyphensInRow,
        });
  if (!t.hyphenate || t.breaker === 'greedy') return { breaker };
  const { word, before, after } = t.hyphenMin;
  return { breaker, hyphenator: makeHyphenator(languagesOf(issue), { minWord: word, minBefore: before, minAfter: after }) };
}

export async function buildIssue(folder: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { issue, theme, fonts, measurer, document } = await layoutFolder(folder, options.layout);
  const profile = outputProfile(options.profile ?? 'screen', theme);
  const root = findProjectRoot(folder);
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? join(root, '.cache', 'pictures'));
  const prepared = await preparePictures(document, issue.pictures, profile.pictures, { root, ...(cacheDir ? { cacheDir } : {}) });
  const bytes = await renderPdf(document, { fonts, pictures: prepared.pictures, shape: (t, s) => measurer.shape(t, s) }, profile);
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
    writeAtomically(reportFile, Buffer.from(JSON.stringify(report, null, 2) + '\n'));
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
