// What the articles of a built issue print, for the end-to-end tests that look for every word
// of every article in the PDF.
import { expect } from 'vitest';
import type { Document } from '../../src/display/types.js';
import type { Article, Block, Inline } from '../../src/model/types.js';
import { findWord, words, type PdfFile } from './pdf.js';

/** A block's texts: a paragraph, a list's items, a picture's caption. */
export const blockTexts = (b: Block): readonly Inline[] => (b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items : b.kind === 'picture' && b.caption ? [b.caption] : []);

/** The page an article starts on, as laid out. */
const startPage = (doc: Document, id: string) => doc.pages.find((p) => p.ops.some((op) => op.role.kind === 'heading' && op.role.article === id && !op.role.continued))!.number;

/** An article's words as printed: its heading and texts, a cross-reference with its page number. */
export function printedWords(a: Article, doc: Document): string[] {
  const textOf = (i: Inline) => i.runs.map((r) => (r.link?.kind === 'article' ? `${r.text} ${startPage(doc, r.link.id)}` : r.text)).join('');
  return [a.heading, ...a.body.flatMap(blockTexts).map(textOf)].flatMap(words);
}

/**
 * Every word of these articles stands in the PDF after the cover, in reading order. Between two
 * words of an article stand at most furniture, a title band and a continuation heading: a long
 * jump means a word is missing or out of order.
 */
export function expectWordsInOrder(pdf: PdfFile, articles: readonly Article[], doc: Document): void {
  const stream = pdf.pages.slice(1).flatMap((p) => words(p.text));
  let at = 0;
  for (const article of articles) {
    for (const word of printedWords(article, doc)) {
      const { index: found, length } = findWord(stream, word, at);
      expect(found, `"${word}" of "${article.heading}" after word ${at}`).toBeGreaterThanOrEqual(at);
      expect(found - at, `"${word}" of "${article.heading}" comes ${found - at} words later than expected`).toBeLessThan(45);
      at = found + length;
    }
  }
}
