// A character the font cannot draw is an error naming the character and where it is, never a
// silent blank box in the PDF.
import type { Problem } from '../issue/problems.js';
import type { Inline, Issue, Style } from '../model/types.js';
import type { Measurer } from '../text/measure.js';

const STYLES: Style[] = ['regular', 'bold', 'italic', 'boldItalic'];

export function checkGlyphs(issue: Issue, m: Measurer, fontName: string): Problem[] {
  // Each character the issue uses is asked of the fonts once; only where one is missing are
  // the texts gone through one by one, to name each place.
  const texts: string[] = [];
  eachText(issue, (text) => texts.push(text));
  const used = distinctCharacters(texts);
  if (STYLES.every((s) => m.missing(used, s).length === 0)) return [];
  const problems: Problem[] = [];
  eachText(issue, (text, at) => {
    const missing = new Set(STYLES.flatMap((s) => m.missing(text, s)));
    for (const ch of missing) {
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      problems.push({ at, message: `the character "${ch}" (${code}) is not in the font ${fontName}: replace it, or choose a font that has it` });
    }
  });
  return problems;
}

/** Each character of the texts once, in one string. */
export function distinctCharacters(texts: readonly string[]): string {
  const seen = new Uint8Array(0x10000);
  const out: string[] = [];
  const astral = new Set<string>();
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          astral.add(text.slice(i, i + 2));
          i++;
          continue;
        }
      }
      if (seen[c] === 0) {
        seen[c] = 1;
        out.push(String.fromCharCode(c));
      }
    }
  }
  return out.join('') + [...astral].join('');
}

/** Every text of the issue the fonts draw, with its place. */
function eachText(issue: Issue, check: (text: string, at: Inline['at'] | undefined) => void): void {
  check(issue.period, issue.periodAt);
  for (const section of issue.sections) {
    if (section.title !== undefined) check(section.title, section.titleAt);
    for (const article of section.articles) {
      check(article.heading, article.headingAt);
      for (const block of article.body) {
        if (block.kind === 'qr') {
          for (const p of block.codes) {
            check(p.title, p.titleAt);
            check(p.shortUrl, p.shortUrlAt);
          }
          continue;
        }
        const texts = block.kind === 'paragraph' ? [block.text] : block.kind === 'list' ? block.items : block.caption ? [block.caption] : [];
        for (const t of texts) check(t.runs.map((r) => r.text).join(''), t.at);
      }
    }
  }
}
