// What a proofreader wants to know about an issue that builds: placeholders still in it,
// pictures too coarse for print, alternative texts that only repeat a file name,
// cross-reference page numbers that moved since the last build, and one address linked with
// two different texts in one article. Pure: the laid-out issue in, findings out.
import { basename, extname } from 'node:path';
import type { Document } from '../display/types.js';
import { readHeader } from '../issue/picture-header.js';
import type { SourcePos } from '../issue/problems.js';
import type { Article, Inline, Issue, PictureRef } from '../model/types.js';
import { placements } from '../render/pictures.js';
import { isPlaceholder } from '../issue/placeholder-mark.js';

export interface Finding {
  readonly at?: SourcePos;
  readonly message: string;
  /** Text standing at or after `at` in the file, to point at more exactly (a link's address). */
  readonly near?: string;
}

export interface ProofreadInput {
  readonly issue: Issue;
  readonly document: Document;
  /** Print wants at least this many pixels per inch at a picture's placed size. */
  readonly minimumPpi: number;
  /** Article id → page, from the last build; undefined when there was none. */
  readonly lastPages?: Readonly<Record<string, number>>;
  /** Article id → page, in this layout. */
  readonly pages: Readonly<Record<string, number>>;
}

/** Text `nyhetsbrev new` leaves in an emptied article. */
const PLACEHOLDER_TEXT = /\[?Skriv teksten her\]?/i;

export function proofread(input: ProofreadInput): Finding[] {
  const { issue } = input;
  const findings: Finding[] = [];
  const articles = issue.sections.flatMap((s) => s.articles);
  for (const a of articles) {
    placeholderText(a, findings);
    sameAddressTwoTexts(a, findings);
  }
  const pictures = pictureRefs(articles);
  placeholderPictures(pictures, issue, findings);
  coarsePictures(pictures, input, findings);
  alternativeTexts(pictures, findings);
  movedCrossReferences(articles, input, findings);
  return findings;
}

function inlinesOf(a: Article): { text: Inline; what: string }[] {
  return a.body.flatMap((b) =>
    b.kind === 'paragraph' ? [{ text: b.text, what: 'a paragraph' }]
    : b.kind === 'list' ? b.items.map((text) => ({ text, what: 'a list item' }))
    : b.kind === 'picture' && b.caption ? [{ text: b.caption, what: 'a caption' }]
    : [],
  );
}

const plain = (text: Inline) => text.runs.map((r) => r.text).join('');

function placeholderText(a: Article, findings: Finding[]): void {
  for (const { text, what } of inlinesOf(a)) {
    const m = PLACEHOLDER_TEXT.exec(plain(text));
    if (m) findings.push({ at: text.at, message: `placeholder text "${m[0]}" in ${what} of "${a.heading}": expected the article's own text` });
  }
}

/** Each picture once (the first place it is named), with every place kept for messages. */
function pictureRefs(articles: readonly Article[]): PictureRef[] {
  const refs: PictureRef[] = [];
  for (const a of articles) {
    if (a.logo) refs.push(a.logo.picture);
    for (const b of a.body) if (b.kind === 'picture') refs.push(b.picture);
  }
  return refs;
}

function firstOfEach(refs: readonly PictureRef[]): PictureRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.file) && seen.add(r.file));
}

function placeholderPictures(refs: readonly PictureRef[], issue: Issue, findings: Finding[]): void {
  for (const r of refs) {
    const data = issue.pictures.get(r.file);
    if (data && isPlaceholder(data.data)) {
      findings.push({ at: r.at, message: `picture ${basename(r.file)} is still a placeholder: expected the real picture saved under the same name` });
    }
  }
}

function coarsePictures(refs: readonly PictureRef[], input: ProofreadInput, findings: Finding[]): void {
  const placed = placements(input.document);
  for (const r of firstOfEach(refs)) {
    const size = placed.get(r.file);
    const data = input.issue.pictures.get(r.file);
    const header = data ? readHeader(data.data) : undefined;
    if (!size || !header) continue;
    const ppi = header.width / (size.width / 72);
    if (ppi < input.minimumPpi) {
      const mm = (size.width * 25.4) / 72;
      findings.push({
        at: r.at,
        message: `picture ${basename(r.file)} has ${Math.round(ppi)} ppi at its placed size (${mm.toFixed(0)} mm wide): print wants at least ${input.minimumPpi}; expected a larger original (${Math.ceil((size.width / 72) * input.minimumPpi)} pixels wide or more)`,
      });
    }
  }
}

/** "logo-nkvts.png", "logo-nkvts", "logo nkvts", "IMG_2041.JPG" — a file name, not a description. */
export function altRepeatsFileName(alt: string, file: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.\s]+/g, ' ').trim();
  const name = basename(file);
  const stem = name.slice(0, name.length - extname(name).length);
  const a = norm(alt);
  if (a === norm(name) || a === norm(stem)) return true;
  return /\.(png|jpe?g|gif|webp|tiff?|svg|heic)$/i.test(alt.trim()) || /^(img|dsc|image|bilde)[ _-]?\d+$/i.test(alt.trim());
}

function alternativeTexts(refs: readonly PictureRef[], findings: Finding[]): void {
  for (const r of refs) {
    if (altRepeatsFileName(r.alt, r.file)) {
      findings.push({ at: r.at, message: `alternative text "${r.alt}" only repeats the file name: expected what the picture shows, for readers who cannot see it` });
    }
  }
}

function movedCrossReferences(articles: readonly Article[], input: ProofreadInput, findings: Finding[]): void {
  const last = input.lastPages;
  if (!last) return;
  for (const a of articles) {
    for (const { text } of inlinesOf(a)) {
      for (const run of text.runs) {
        if (run.link?.kind !== 'article') continue;
        const before = last[run.link.id];
        const now = input.pages[run.link.id];
        if (before !== undefined && now !== undefined && before !== now) {
          findings.push({
            at: run.link.at,
            message: `cross-reference "${run.text.trim()}" to "#${run.link.id}" now shows page ${now}; the last build showed page ${before}: a printed or sent proof has the old number`,
          });
        }
      }
    }
  }
}

/** One article linking one address with different words confuses readers (and screen readers' link lists). */
function sameAddressTwoTexts(a: Article, findings: Finding[]): void {
  const texts = new Map<string, string>();
  for (const { text } of inlinesOf(a)) {
    // A link's words may span runs of different styles: join runs of the same link.
    const links: { url: string; words: string }[] = [];
    let prev: unknown;
    for (const run of text.runs) {
      if (run.link?.kind === 'url') {
        if (run.link === prev) links[links.length - 1]!.words += run.text;
        else links.push({ url: run.link.url, words: run.text });
      }
      prev = run.link;
    }
    for (const { url, words } of links) {
      const w = words.replace(/\s+/g, ' ').trim();
      const other = texts.get(url);
      if (other === undefined) texts.set(url, w);
      else if (other.toLowerCase() !== w.toLowerCase()) {
        findings.push({ at: text.at, message: `${url} is linked as "${other}" and as "${w}" in "${a.heading}": expected one link text for one address`, near: url });
      }
    }
  }
}
