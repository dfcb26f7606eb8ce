// Styled runs → words: the units line breaking works with. A word may mix styles and links
// ("**fet**,"); a space belongs to the word before it.
import type { LinkTarget, Run, Style } from '../model/types.js';
import type { Measurer } from './measure.js';

export interface Piece {
  readonly text: string;
  readonly style: Style;
  readonly link?: LinkTarget;
  readonly width: number;
}

export interface Word {
  readonly pieces: readonly Piece[];
  readonly width: number;
  /** Width of the space after the word; 0 at the end of the text. */
  readonly space: number;
  readonly spaceStyle: Style;
  /** Link of the space after the word, when the link goes on in the next word. */
  readonly spaceLink?: LinkTarget;
}

export function toWords(runs: readonly Run[], size: number, m: Measurer): Word[] {
  const words: Word[] = [];
  let pieces: Piece[] = [];
  const finish = (space: Run | undefined) => {
    if (pieces.length === 0) return;
    const width = pieces.reduce((s, p) => s + p.width, 0);
    words.push({
      pieces,
      width,
      space: space ? m.width(' ', space.style, size) : 0,
      spaceStyle: space?.style ?? pieces[pieces.length - 1]!.style,
      ...(space?.link ? { spaceLink: space.link } : {}),
    });
    pieces = [];
  };
  for (const run of runs) {
    const parts = run.text.split(' ');
    parts.forEach((part, i) => {
      if (i > 0) finish(run);
      if (part !== '') pieces.push({ text: part, style: run.style, width: m.width(part, run.style, size), ...(run.link ? { link: run.link } : {}) });
    });
  }
  finish(undefined);
  // A space whose link does not go on into the next word is not part of the link.
  return words.map((w, i) => {
    const next = words[i + 1];
    if (w.spaceLink && next?.pieces[0]?.link !== w.spaceLink) {
      const { spaceLink: _drop, ...rest } = w;
      return rest;
    }
    return w;
  });
}

/** Splits a word too wide for any line into pieces that fit (an emergency break). */
export function splitWide(word: Word, maxWidth: number, size: number, m: Measurer): Word[] {
  const out: Word[] = [];
  let current: Piece[] = [];
  let currentWidth = 0;
  const flush = () => {
    if (current.length > 0) out.push({ pieces: current, width: currentWidth, space: 0, spaceStyle: word.spaceStyle });
    current = [];
    currentWidth = 0;
  };
  for (const piece of word.pieces) {
    let text = '';
    for (const ch of piece.text) {
      const w = m.width(text + ch, piece.style, size);
      if (currentWidth + w > maxWidth && (text !== '' || current.length > 0)) {
        if (text !== '') current.push({ ...piece, text, width: m.width(text, piece.style, size) });
        currentWidth += text !== '' ? m.width(text, piece.style, size) : 0;
        flush();
        text = ch;
      } else text += ch;
    }
    if (text !== '') {
      const w = m.width(text, piece.style, size);
      current.push({ ...piece, text, width: w });
      currentWidth += w;
    }
  }
  flush();
  const last = out[out.length - 1];
  if (last) out[out.length - 1] = { ...last, space: word.space, ...(word.spaceLink ? { spaceLink: word.spaceLink } : {}) };
  return out;
}
