// The web edition: issue folder → out/<issue>/ with index.html, its pictures and fonts, and the
// screen PDF beside it. Everything but the last step is pure or content-addressed; the folder
// is written under a temporary name and renamed, so a failed build never leaves half a page.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { buildIssue, defaultLayout, type BuildResult } from '../build.js';
import { ensureFolder } from '../io/files.js';
import { findProjectRoot } from '../issue/load.js';
import { InputError } from '../issue/problems.js';
import { loadTheme, type Theme } from '../layout/theme.js';
import type { Issue } from '../model/types.js';
import { languagesOf, makeHyphenator, type Hyphenator } from '../text/hyphenate.js';
import { charactersOf, webFonts } from './fonts.js';
import { webPictures, type Asset } from './pictures.js';
import { renderHtml } from './render.js';

export interface HtmlBuildOptions {
  /** The folder to write; default <outDir>/<issue folder name>. */
  readonly out?: string;
  readonly outDir?: string;
  readonly layout?: string;
  readonly cacheDir?: string | false;
}

export interface HtmlBuildResult {
  readonly folder: string;
  readonly file: string;
  readonly bytes: number;
  readonly assets: readonly string[];
  readonly pdf: BuildResult;
}

/** Words shorter than this many letters get no soft hyphens on the web page (see README). */
export const WEB_HYPHEN_MIN_WORD = 12;

export function webHyphenator(theme: Theme, issue: Issue): Hyphenator | undefined {
  const t = theme.typography;
  if (!t.hyphenate) return undefined;
  return makeHyphenator(languagesOf(issue), { minWord: Math.max(WEB_HYPHEN_MIN_WORD, t.hyphenMin.word), minBefore: Math.max(3, t.hyphenMin.before), minAfter: Math.max(3, t.hyphenMin.after) });
}

/** The page and every file beside it, from a checked issue and its PDF. Pure but for sharp and the font subsetter. */
export async function htmlEdition(
  issue: Issue,
  theme: Theme,
  pdf: { readonly name: string; readonly bytes: Buffer },
  cacheDir?: string,
): Promise<Asset[]> {
  const hyphenator = webHyphenator(theme, issue);
  const { pictures, assets: pictureAssets } = await webPictures(issue, { quality: theme.screen.pictures.quality, ...(cacheDir ? { cacheDir } : {}) });
  const base = { issue, theme, pictures, pdf: { href: pdf.name, bytes: pdf.bytes.length }, ...(hyphenator ? { hyphenator } : {}) };
  // The fonts hold the characters of the page: rendered once without them to know which.
  const { hrefs, assets: fontAssets } = await webFonts(theme, charactersOf(renderHtml(base)));
  const html = renderHtml({ ...base, fonts: hrefs });
  return [{ path: 'index.html', bytes: Buffer.from(html, 'utf8') }, { path: pdf.name, bytes: pdf.bytes }, ...fontAssets, ...pictureAssets];
}

export async function buildHtml(folder: string, options: HtmlBuildOptions = {}): Promise<HtmlBuildResult> {
  const target = resolve(options.out ?? join(options.outDir ?? 'out', basename(resolve(folder))));
  const parent = dirname(target);
  ensureFolder(parent);
  if (existsSync(target) && !isFolder(target)) {
    throw new InputError([{ message: `${relative(process.cwd(), target)}: cannot write the web page there: it is a file: expected a folder name, like out/2025-4` }]);
  }
  const prefix = `.${basename(target)}.`;
  removeStaleFolders(parent, prefix);
  const tmp = join(parent, `${prefix}${process.pid}.tmp`);
  const old = join(parent, `${prefix}old.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const root = findProjectRoot(folder);
    const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? join(root, '.cache', 'pictures'));
    const layout = options.layout ?? defaultLayout(folder);
    // The screen PDF, beside the page, for the "Last ned som PDF" link.
    const pdf = await buildIssue(folder, { outDir: tmp, layout, profile: 'screen', cacheDir: cacheDir ?? false });
    const theme = loadTheme(layout);
    const assets = await htmlEdition(pdf.issue, theme, { name: basename(pdf.file), bytes: readFileSync(pdf.file) }, cacheDir);
    for (const a of assets) {
      const file = join(tmp, ...a.path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, a.bytes);
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
    const page = assets[0]!;
    return {
      folder: target,
      file: join(target, 'index.html'),
      bytes: page.bytes.length,
      assets: assets.map((a) => a.path),
      pdf: { ...pdf, file: join(target, basename(pdf.file)) },
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function isFolder(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Temporary folders of builds whose process is gone. */
function removeStaleFolders(dir: string, prefix: string): void {
  for (const name of readdirSync(dir)) {
    const m = /\.(\d+)\.tmp$/.exec(name);
    if (!m || !name.startsWith(prefix)) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPERM') rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}
