// A character the font cannot draw is an error naming the character and where it is, never a
// silent blank box in the PDF.
import type { Problem } from '../issue/problems.js';
import type { Inline, Issue, Style } from '../model/types.js';
import type { Measurer } from '../text/measure.js';

const STYLES: Style[] = ['regular', 'bold', 'italic', 'boldItalic'];

export function checkGlyphs(issue: Issue, m: Measurer, fontName: string): Problem[] {
  const problems: Problem[] = [];
  const check = (text: string, at: Inline['at']) => {
    const missing = new Set(STYLES.flatMap((s) => m.missing(text, s)));
    for (const ch of missing) {
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      problems.push({ at, message: `the character "${ch}" (${code}) is not in the font ${fontName}: replace it, or choose a font that has it` });
    }
  };
  for (const section of issue.sections) {
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
  return problems;
}
