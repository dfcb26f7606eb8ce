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
import { checkQrCodes } from './qr/check.js';
import { renderPdf } from './render/pdf.js';
import { greedyBreaker } from './text/breaker.js';
import { FontMeasurer, openFonts, type Fonts } from './text/measure.js';

export interface BuildOptions {
  /** Output file; default out/<file name from the layout>. */
  readonly out?: string;
  /** Layout file; default layouts/kom.yaml of the project. */
  readonly layout?: string;
}

export interface BuildResult {
  readonly file: string;
  readonly pages: number;
  readonly bytes: number;
  readonly warnings: readonly string[];
  readonly document: Document;
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
  const document = layoutIssue({ issue, theme, measurer, breaker: greedyBreaker });
  return { issue, theme, fonts, measurer, document };
}

export async function buildIssue(folder: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { issue, fonts, measurer, document } = await layoutFolder(folder, options.layout);
  const bytes = await renderPdf(document, { fonts, pictures: issue.pictures, shape: (t, s) => measurer.shape(t, s) });
  const file = resolve(options.out ?? join('out', document.fileName));
  writeAtomically(file, bytes);
  return { file, pages: document.pages.length, bytes: bytes.length, warnings: document.warnings, document };
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
