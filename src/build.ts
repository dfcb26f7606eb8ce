// The build pipeline: issue folder → checked issue → display list → PDF file.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from './display/types.js';
import { findProjectRoot, loadIssue } from './issue/load.js';
import { failIfAny } from './issue/problems.js';
import { layoutIssue } from './layout/document.js';
import { checkGlyphs } from './layout/glyphs.js';
import { loadTheme, type Theme } from './layout/theme.js';
import type { Issue } from './model/types.js';
import { renderPdf } from './render/pdf.js';
import type { LayoutReport } from './layout/report.js';
import { greedyBreaker, optimalBreaker, type LineBreaker } from './text/breaker.js';
import { languagesOf, makeHyphenator, type Hyphenator } from './text/hyphenate.js';
import { FontMeasurer, openFonts, type Fonts } from './text/measure.js';

export interface BuildOptions {
  /** Output file; default out/<file name from the layout>. */
  readonly out?: string;
  /** Layout file; default layouts/kom.yaml of the project. */
  readonly layout?: string;
  /** Also write the layout report as JSON beside the PDF (<name>.report.json). */
  readonly report?: boolean;
}

export interface BuildResult {
  readonly file: string;
  readonly pages: number;
  readonly bytes: number;
  readonly warnings: readonly string[];
  readonly document: Document;
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
  const theme = loadTheme(layout ?? defaultLayout(folder));
  const issue = await loadIssue(folder);
  const fonts = openFonts(theme.fonts);
  const measurer = new FontMeasurer(fonts);
  failIfAny(checkGlyphs(issue, measurer, fontName(theme)));
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
  const { issue, fonts, measurer, document } = await layoutFolder(folder, options.layout);
  const bytes = await renderPdf(document, { fonts, pictures: issue.pictures, shape: (t, s) => measurer.shape(t, s) });
  const file = resolve(options.out ?? join('out', document.fileName));
  writeAtomically(file, bytes);
  const report = document.report!;
  let reportFile: string | undefined;
  if (options.report) {
    reportFile = file.replace(/\.pdf$/i, '') + '.report.json';
    writeAtomically(reportFile, Buffer.from(JSON.stringify(report, null, 2) + '\n'));
  }
  return { file, pages: document.pages.length, bytes: bytes.length, warnings: document.warnings, document, report, ...(reportFile ? { reportFile } : {}) };
}

/** Writes next to the target and renames, so a failed build never leaves half a PDF. */
export function writeAtomically(file: string, bytes: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function fontName(theme: Theme): string {
  return basename(theme.fonts.regular).replace(/-Regular\.[ot]tf$/i, '').replace(/\.[ot]tf$/i, '');
}
