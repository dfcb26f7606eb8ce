// Styled runs → words: the units line breaking works with. A word may mix styles and links
// ("**fet**,"); a space belongs to the word before it.
import type { LinkTarget, Run, Style } from '../model/types.js';
import type { Measurer } from './measure.js';

export interface Piece {
  readonly text: string;
  readonly style: Style;
  readonly link?: LinkTarget;
  readonly width: number;
  /** Language of the piece where the text marks it (an inline language). */
  readonly lang?: string;
}

export interface Word {
  readonly pieces: readonly Piece[];
  readonly width: number;
  /** Width of the space after the word; 0 at the end of the text. */
  readonly space: number;
  readonly spaceStyle: Style;
  /** Link of the space after the word, when the link goes on in the next word. */
  readonly spaceLink?: LinkTarget;
  /** The space after the word must not break a line (see `ties`). */
  readonly tie?: boolean;
  /** Where the text had soft hyphens (U+00AD), as offsets into the word's visible text. */
  readonly soft?: readonly number[];
  /** Part of text marked as not to be split (`…`): not hyphenated. */
  readonly whole?: boolean;
}

const SOFT = '\u00ad';

export function toWords(runs: readonly Run[], size: number, m: Measurer): Word[] {
  const words: Word[] = [];
  let pieces: Piece[] = [];
  let soft: number[] | undefined;
  let length = 0;
  let whole = false;
  const finish = (space: Run | undefined) => {
    if (pieces.length === 0) return;
    if (pieces.length > 1) pieces = kerned(pieces, size, m);
    let width = 0;
    for (let k = 0; k < pieces.length; k++) width += pieces[k]!.width;
    const word: { -readonly [K in keyof Word]: Word[K] } = {
      pieces,
      width,
      space: space ? m.width(' ', space.style, size) : 0,
      spaceStyle: space?.style ?? pieces[pieces.length - 1]!.style,
    };
    if (space?.link) word.spaceLink = space.link;
    if (soft) word.soft = soft;
    // Inside text marked whole, a space does not break either.
    if (whole) {
      word.whole = true;
      if (space?.whole) word.tie = true;
    }
    words.push(word);
    pieces = [];
    soft = undefined;
    length = 0;
    whole = false;
  };
  for (const run of runs) {
    const parts = run.text.split(' ');
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i]!;
      if (i > 0) finish(run);
      // A soft hyphen is not drawn: it only marks where the word may break.
      if (part.includes(SOFT)) {
        const bits = part.split(SOFT);
        part = bits.join('');
        let at = length;
        soft ??= [];
        for (let k = 0; k < bits.length - 1; k++) soft.push((at += bits[k]!.length));
      }
      if (part !== '') {
        if (run.whole) whole = true;
        const width = m.width(part, run.style, size);
        pieces.push(
          run.link
            ? run.lang ? { text: part, style: run.style, width, link: run.link, lang: run.lang } : { text: part, style: run.style, width, link: run.link }
            : run.lang ? { text: part, style: run.style, width, lang: run.lang } : { text: part, style: run.style, width },
        );
        length += part.length;
      }
    }
  }
  finish(undefined);
  // A space whose link does not go on into the next word is not part of the link.
  let before: string | undefined;
  let text = words.length > 0 ? textOf(words[0]!) : '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    const nextText = next ? textOf(next) : '';
    let out = w;
    if (w.spaceLink && next?.pieces[0]?.link !== w.spaceLink) {
      const { spaceLink: _drop, ...rest } = w;
      out = rest;
    }
    if (next && !out.tie && ties(text, nextText, before)) out = { ...out, tie: true };
    words[i] = out;
    before = text;
    text = nextText;
  }
  return words;
}

/**
 * A word's pieces of one style (a link and the punctuation after it: "[her](…).") are one run
 * of the font: each piece's width is measured as part of the whole, so that the kerning between
 * them stays and the word is as wide as if it were one piece.
 */
function kerned(pieces: Piece[], size: number, m: Measurer): Piece[] {
  const out = [...pieces];
  for (let i = 0; i < out.length; ) {
    let j = i + 1;
    while (j < out.length && out[j]!.style === out[i]!.style) j++;
    if (j - i > 1) {
      const text = out.slice(i, j).map((p) => p.text).join('');
      const style = out[i]!.style;
      const adv = m.advances ? m.advances(text, style, size) : undefined;
      const at = (n: number) => (adv ? adv[n]! : m.width(text.slice(0, n), style, size));
      let offset = 0;
      for (let k = i; k < j; k++) {
        const p = out[k]!;
        const width = at(offset + p.text.length) - at(offset);
        offset += p.text.length;
        if (width !== p.width) out[k] = { ...p, width };
      }
    }
    i = j;
  }
  return out;
}

/**
 * The language a word is marked with, when all its pieces with letters are (undefined: its
 * paragraph's): a quotation mark or a comma outside the marked words does not count.
 */
export function langOf(w: Word): string | undefined {
  if (w.pieces.length === 1) return w.pieces[0]!.lang;
  let lang: string | undefined;
  let seen = false;
  for (const p of w.pieces) {
    if (!/\p{L}/u.test(p.text)) continue;
    if (seen && p.lang !== lang) return undefined;
    lang = p.lang;
    seen = true;
  }
  return lang;
}

export function textOf(w: Word): string {
  return w.pieces.length === 1 ? w.pieces[0]!.text : w.pieces.map((p) => p.text).join('');
}

/**
 * Norwegian usage keeps some word pairs on one line, as if the space between them were a
 * no-break space: a number or a range and what it counts ("18 tiltak", "12. november",
 * "7.–8. april", "1 000"), a word
 * like "side" or "nr." and its number ("side 14", "nr. 4"), and a word and the dash after it
 * ("tiltak – se"), so that no line starts with a dash. A number that is the reference of the
 * word before it ("§ 3", "nr. 4") counts nothing: "§ 3 legger" may break after the 3. The text
 * is not changed: the space is drawn as the space it is, and a no-break space typed in the text
 * (U+00A0) does the same.
 */
export function ties(word: string, next: string, before?: string): boolean {
  const n0 = next.charCodeAt(0);
  if (next.length === 1 && (n0 === 0x2013 || n0 === 0x2014)) return true;
  const w0 = word.charCodeAt(0);
  if ((w0 >= 48 && w0 <= 57) || w0 === 40) {
    if (before !== undefined && BEFORE_NUMBER.has(before.toLowerCase())) return false;
    return (NUMBER.test(word) || RANGE.test(word)) && /^[\p{L}\d%§]/u.test(next);
  }
  if (n0 < 48 || n0 > 57 || word.length > 9) return false;
  return BEFORE_NUMBER.has(word.toLowerCase());
}

const NUMBER = /^\(?\d{1,3}(?:[.,]\d+)*\.?$/;
/** A range of days or numbers, "7.–8." or "3–4": it stays with what it counts, as one number does ("7.–8. april"). */
const RANGE = /^\(?\d{1,3}\.?[\u2013-]\d{1,3}\.?$/;
const BEFORE_NUMBER = new Set(['side', 'sidene', 's.', 'nr', 'nr.', 'kap.', 'kapittel', 'kl.', 'pkt.', 'punkt', '§', '§§', 'art.', 'artikkel', 'tabell', 'figur', 'vedlegg']);
