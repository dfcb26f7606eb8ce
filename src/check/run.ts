// `nyhetsbrev check`: everything `build` checks, without writing a PDF, and what a proofreader
// wants to know, as findings with their places. Errors stop a build; warnings do not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutFolder, unfilledDate } from '../build.js';
import { findProjectRoot } from '../issue/load.js';
import { InputError, type Problem, type SourcePos } from '../issue/problems.js';
import { publicationsFile, readPublications } from '../issue/publications.js';
import type { Article, Issue } from '../model/types.js';
import { outputProfile } from '../render/profile.js';
import { checkLinks, type LinkCheckOptions, type LinkResult } from './links.js';
import { proofread, type Finding } from './proofread.js';
import { articlePages, readArticlePages, xrefFile } from '../layout/xrefs.js';

export interface CheckOptions {
  readonly layout?: string;
  /** Also fetch every address. */
  readonly online?: boolean;
  /** Settings of the link checker (timeout, limits, progress); its cache defaults to .cache/links of the project. */
  readonly links?: LinkCheckOptions;
}

export interface LinkFinding extends LinkResult {
  readonly at?: SourcePos;
}

export interface CheckResult {
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** Every address checked online (empty without --online). */
  readonly links: readonly LinkFinding[];
}

export async function checkIssue(folder: string, options: CheckOptions = {}): Promise<CheckResult> {
  let laid;
  try {
    laid = await layoutFolder(folder, options.layout);
    // The print profile's own checks (the layout's CMYK colours), as `build --profile print` makes them.
    outputProfile('print', laid.theme);
  } catch (e) {
    if (e instanceof InputError) return { errors: e.problems.map(finding), warnings: [], links: [] };
    throw e;
  }
  const { issue, theme, document } = laid;
  const root = findProjectRoot(folder);
  const pages = articlePages(issue, document);
  const lastPages = readArticlePages(xrefFile(root, issue.name));
  const locate = locator();
  const warnings: Finding[] = [
    ...unfilledDate(issue).map(finding),
    ...document.warnings.map((w) => finding({ message: w })),
    ...proofread({ issue, document, minimumPpi: theme.print.pictures.minimum, pages, ...(lastPages ? { lastPages } : {}) }).map(locate),
  ];
  const links: LinkFinding[] = [];
  if (options.online) {
    const places = addresses(issue, root);
    const results = await checkLinks([...places.keys()], { cacheDir: join(root, '.cache', 'links'), ...options.links });
    for (const [url, r] of results) {
      const place = places.get(url);
      const at = place ? locate({ at: place, message: '', near: url }).at : undefined;
      links.push({ ...r, ...(at ? { at } : {}) });
      if (r.status === 'ok') continue;
      const message = r.status === 'moved' ? `link ${url} has moved permanently: expected the new address ${r.location}` : r.status === 'unchecked' ? `link ${url}: ${r.message}` : `link ${url} is broken: ${r.message}`;
      warnings.push({ ...(at ? { at } : {}), message });
    }
  }
  return { errors: [], warnings, links };
}

/** A problem, or a warning written "file:line:column: message", as a finding with its place. */
function finding(p: Problem): Finding {
  if (p.at) return { at: p.at, message: p.message };
  const m = /^(.+?):(\d+):(\d+): ([\s\S]*)$/.exec(p.message);
  return m ? { at: { file: m[1]!, line: Number(m[2]), column: Number(m[3]) }, message: m[4]! } : { message: p.message };
}

/** Points a finding at its `near` text, the first time it stands at or after the finding's place. */
function locator(): (f: Finding) => Finding {
  const files = new Map<string, string[] | undefined>();
  return (f) => {
    const { near, ...rest } = f;
    if (!near || !f.at) return rest;
    let lines = files.get(f.at.file);
    if (!files.has(f.at.file)) {
      lines = existsSync(f.at.file) ? readFileSync(f.at.file, 'utf8').split('\n') : undefined;
      files.set(f.at.file, lines);
    }
    if (!lines) return rest;
    for (let i = f.at.line - 1; i < lines.length; i++) {
      const from = i === f.at.line - 1 ? Math.max(0, f.at.column - 1) : 0;
      const c = lines[i]!.indexOf(near, from);
      if (c >= 0) return { ...rest, at: { file: f.at.file, line: i + 1, column: c + 1 } };
    }
    return rest;
  };
}

/** Every http(s) address of the issue, its standing pages and the publication list, with the first place it is named. */
function addresses(issue: Issue, root: string): Map<string, SourcePos> {
  const places = new Map<string, SourcePos>();
  const add = (url: string, at: SourcePos) => {
    if (/^https?:/i.test(url) && !places.has(url)) places.set(url, at);
  };
  const article = (a: Article) => {
    if (a.logo?.link) add(a.logo.link, a.logo.picture.at);
    for (const b of a.body) {
      const inlines = b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items : b.kind === 'picture' && b.caption ? [b.caption] : [];
      if (b.kind === 'picture' && b.link) add(b.link, b.picture.at);
      if (b.kind === 'qr') for (const p of b.codes) add(p.url, p.at);
      for (const text of inlines) for (const r of text.runs) if (r.link?.kind === 'url') add(r.link.url, text.at);
    }
  };
  issue.sections.forEach((s) => s.articles.forEach(article));
  const file = publicationsFile(root);
  if (existsSync(file)) {
    const { list } = readPublications(file);
    for (const p of list?.publications ?? []) add(p.url, p.at);
  }
  return places;
}
