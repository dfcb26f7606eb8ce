// Sets a paragraph: runs → words → lines of positioned fragments (x from the line's start).
import type { LinkTarget, Run, Style } from '../model/types.js';
import type { LineBreaker } from './breaker.js';
import type { Measurer } from './measure.js';
import { splitWide, toWords, type Word } from './words.js';

export interface Fragment {
  readonly x: number;
  readonly text: string;
  readonly style: Style;
  readonly width: number;
  readonly link?: LinkTarget;
}

export interface SetLine {
  readonly fragments: readonly Fragment[];
  readonly width: number;
}

export interface SetResult {
  readonly lines: readonly SetLine[];
  /** Words that had to be cut to fit the line (no break point was wide enough). */
  readonly emergencyBreaks: number;
}

export function setText(
  runs: readonly Run[],
  size: number,
  lineWidth: (line: number) => number,
  m: Measurer,
  breaker: LineBreaker,
): SetResult {
  // A word is cut only when no line could hold it; the breaker puts it on a line wide enough.
  const widest = Math.max(lineWidth(0), lineWidth(1), lineWidth(Number.MAX_SAFE_INTEGER));
  let emergencyBreaks = 0;
  const words: Word[] = toWords(runs, size, m).flatMap((w) => {
    if (w.width <= widest) return [w];
    emergencyBreaks++;
    return splitWide(w, widest, size, m);
  });
  const spans = breaker(words, lineWidth);
  const lines = spans.map((span) => line(words.slice(span.start, span.end)));
  return { lines, emergencyBreaks };
}

function line(words: readonly Word[]): SetLine {
  const chunks: Omit<Fragment, 'x'>[] = [];
  words.forEach((w, i) => {
    for (const p of w.pieces) chunks.push(p);
    if (i < words.length - 1 && w.space > 0) {
      chunks.push({ text: ' ', style: w.spaceStyle, width: w.space, ...(w.spaceLink ? { link: w.spaceLink } : {}) });
    }
  });
  const fragments: Fragment[] = [];
  let x = 0;
  for (const c of chunks) {
    const last = fragments[fragments.length - 1];
    if (last && last.style === c.style && last.link === c.link) {
      fragments[fragments.length - 1] = { ...last, text: last.text + c.text, width: last.width + c.width };
    } else fragments.push({ ...c, x });
    x += c.width;
  }
  return { fragments, width: x };
}
