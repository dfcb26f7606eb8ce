// The page each article starts on, kept by every build, so that `check` can say which
// cross-reference numbers moved since the last build (and so in the proof the writer holds).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from '../display/types.js';
import { writeAtomically } from '../io/files.js';
import type { Issue } from '../model/types.js';

/** Article id → the page it starts on, from the document's outline (sections, then their articles). */
export function articlePages(issue: Issue, document: Document): Record<string, number> {
  const pages: Record<string, number> = {};
  issue.sections.forEach((section, s) => {
    section.articles.forEach((a, i) => {
      const page = document.outline[s]?.children[i]?.page;
      if (page !== undefined) pages[a.id] = page;
    });
  });
  return pages;
}

/** Where the pages of an issue's last build are kept: .cache/xrefs/<issue>.json in the project. */
export function xrefFile(root: string, issueName: string): string {
  return join(root, '.cache', 'xrefs', `${issueName}.json`);
}

export function saveArticlePages(file: string, pages: Record<string, number>): void {
  writeAtomically(file, Buffer.from(JSON.stringify({ version: 1, pages }, null, 2) + '\n'));
}

/** The pages of the last build, or undefined when there was none (or the file is damaged). */
export function readArticlePages(file: string): Record<string, number> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; pages?: Record<string, unknown> };
    if (data.version !== 1 || !data.pages || typeof data.pages !== 'object') return undefined;
    return Object.fromEntries(Object.entries(data.pages).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return undefined;
  }
}
