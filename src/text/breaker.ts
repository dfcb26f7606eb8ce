// Line breaking behind a small interface: words (with the places inside them where they may
// break) in, line spans out. Two breakers: first fit, and Knuth–Plass total fit.
import type { BreakPlace } from './compounds.js';
import { demeritsOf, INF, knuthPlass, lineBase, type KnuthPlassParams, type Node } from './linebreak.js';

export type InnerBreakKind = 'hyphen' | 'explicit' | 'address' | 'emergency';

/**
 * A place inside an item where a line may end. `at` is the width of the item's text before it;
 * `pre` is the width the line gains when it ends here (the hyphen drawn there), `post` what the
 * next line gains at its start beyond the item's remaining `width - at` (kerning, when measured
 * exactly; 0 otherwise).
 */
export interface InnerBreak {
  readonly at: number;
  readonly pre: number;
  readonly post: number;
  /** `hyphen`: a hyphenation point; `explicit`: after the word's own hyphen; `address`: where an address too long for a line may break (no hyphen drawn); `emergency`: anywhere, as a last resort. */
  readonly kind: InnerBreakKind;
  /** Of a hyphenation point: a compound's seam, inside a part, or poor; weighed by its own penalty (inside when not given). */
  readonly place?: BreakPlace;
}

export interface BreakItem {
  readonly width: number;
  /** Width of the space after the item, when the line goes on. */
  readonly space: number;
  /** The space after the item must not break (a number and its unit: "18 tiltak"). */
  readonly tie?: boolean;
  /** Where the item itself may break, left to right. */
  readonly breaks?: readonly InnerBreak[];
  /** The item ends with its own hyphen ("Justis- og …"): a line ending after it counts as hyphenated. */
  readonly hyphenEnd?: boolean;
  /** In justified text: how much letter spacing may widen or narrow the item at most, in points (none when not given). */
  readonly letterStretch?: number;
  readonly letterShrink?: number;
  /** In justified text: how far the item's last mark (a full stop, a comma …) reaches into the margin when a line ends after it, and a hyphen where it breaks inside (points). */
  readonly protrude?: number;
  readonly hyphenProtrude?: number;
}

/**
 * Letter spacing is a last resort: the breaker counts an item's letter stretch and shrink at
 * this share of what the renderer may use, so a line that needs it is weighed as looser (or
 * tighter) than one whose spaces alone do the same (and the renderer, using spaces first, keeps
 * within its bounds even where the breaker's share of a broken word is estimated by width).
 */
export const LETTER_SPACING_WEIGHT = 0.5;

/**
 * Ragged setting: a line's demerits grow with its squared shortfall (see
 * `KnuthPlassParams.shortfallWeight`), this many times (100 · shortfall / raggedStretch)².
 * Chosen by measuring the rag against the hyphens on the reference issue and the test fixtures
 * (README, "Hyphenation").
 */
export const RAGGED_WEIGHT = 100;

/**
 * A line holds items [start, end). When `from` is set, it starts inside item `start`, after
 * that item's inner break `from`; when `to` is set, it also holds item `end` up to its inner
 * break `to` (and the next line starts there).
 */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
  readonly from?: number;
  readonly to?: number;
}

export interface BreakOptions {
  /** Justified: spaces stretch and shrink, lines end flush. Otherwise ragged right. */
  readonly justify?: boolean;
}

/** `lineWidth(i)` is the width available to the i-th line. */
export type LineBreaker = (items: readonly BreakItem[], lineWidth: (line: number) => number, options?: BreakOptions) => LineSpan[];

/**
 * First fit: each line takes as many items as fit. It uses no hyphenation points; an item too
 * wide for a line is cut at its emergency breaks.
 */
export const greedyBreaker: LineBreaker = (items, lineWidth) => {
  const lines: LineSpan[] = [];
  let start = 0;
  let from: number | undefined;
  let width = 0;
  const newLine = (end: number, to?: number) => {
    lines.push({ start, end, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    start = end;
    from = to;
    width = 0;
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const L = lineWidth(lines.length) + 1e-6;
    const b0 = i === start && from !== undefined ? item.breaks![from]! : undefined;
    const lead = b0 ? b0.at - b0.post : 0;
    const before = i === start ? 0 : width + items[i - 1]!.space;
    if (before + item.width - lead <= L) {
      width = before + item.width - lead;
      continue;
    }
    // Move on to a new line before the item, or before the words tied to it.
    let k = i;
    while (k > start && items[k - 1]!.tie) k--;
    if (k > start) {
      newLine(k);
      i = k - 1;
      continue;
    }
    // The item (with what is tied to it) does not fit a line of its own: cut it at the last
    // emergency break that fits, as often as needed. Breaks stand left to right (`at` only
    // grows, `pre` is never negative), so none after one that starts beyond the line fits:
    // each cut looks at the breaks of one line, not at all the word's.
    const breaks = item.breaks ?? [];
    let cut: number | undefined;
    let address: number | undefined;
    for (let n = b0 === undefined ? 0 : from! + 1; n < breaks.length; n++) {
      const b = breaks[n]!;
      if (before + b.at - lead > L) break;
      if (b.kind === 'address' && before + b.at - lead + b.pre <= L) address = n;
      if (b.kind === 'emergency' && before + b.at - lead + b.pre <= L) cut = n;
    }
    // An address is cut where addresses break, where it can be.
    if (address !== undefined) cut = address;
    if (cut !== undefined) {
      newLine(i, cut);
      i--;
    } else if (i > start) {
      newLine(i);
      i--;
    } else width = before + item.width - lead; // no break point at all: cannot be helped
  }
  if (start < items.length || from !== undefined) newLine(items.length);
  return lines;
};

/** The Knuth–Plass settings of a layout, with TeX's names where TeX has them. */
export interface OptimalSettings {
  /** Badness allowed in the first pass, without hyphenation (TeX's \pretolerance); negative skips it. */
  readonly pretolerance: number;
  /** Badness allowed in the second pass, with hyphenation (TeX's \tolerance). */
  readonly tolerance: number;
  readonly linePenalty: number;
  /** A hyphenation point inside a part of a word (or in a word whose parts are not known). */
  readonly hyphenPenalty: number;
  /** A hyphenation point at a compound's seam (menneske-|handel). */
  readonly seamPenalty: number;
  /** A hyphenation point leaving a short piece that reads as another word (men-|neskehandel). */
  readonly poorHyphenPenalty: number;
  readonly exHyphenPenalty: number;
  readonly emergencyPenalty: number;
  readonly doubleHyphenDemerits: number;
  readonly finalHyphenDemerits: number;
  readonly adjDemerits: number;
  /** Stretch of the right margin of ragged-right lines, in points. */
  readonly raggedStretch: number;
  /** Stretch and shrink of a space in justified text, as fractions of its width. */
  readonly spaceStretch: number;
  readonly spaceShrink: number;
  readonly maxHyphensInRow: number;
}

export const defaultSettings: OptimalSettings = {
  pretolerance: 100,
  tolerance: 400,
  linePenalty: 10,
  hyphenPenalty: 200,
  seamPenalty: 50,
  poorHyphenPenalty: 2000,
  exHyphenPenalty: 50,
  emergencyPenalty: 5000,
  doubleHyphenDemerits: 10000,
  finalHyphenDemerits: 5000,
  adjDemerits: 10000,
  raggedStretch: 28.35,
  spaceStretch: 0.5,
  spaceShrink: 1 / 3,
  maxHyphensInRow: 2,
};

type Pass = 'explicit' | 'hyphen' | 'emergency';

interface Built {
  readonly nodes: Node[];
  /** For each node that is a break: its item, and its inner break there (-1: the space after the item). */
  readonly item: Int32Array;
  readonly brk: Int32Array;
  /** The node of the break after each item, and of each of its inner breaks. */
  readonly after: number[];
  readonly inner: (number[] | undefined)[];
}

const LEVEL: Record<InnerBreakKind, number> = { explicit: 0, address: 0, hyphen: 1, emergency: 2 };
const PASS_LEVEL: Record<Pass, number> = { explicit: 0, hyphen: 1, emergency: 2 };

// Nodes of one shape (every field set), so that the breaker's loop sees one kind of object.
const node = (type: Node['type'], width: number, stretch: number, shrink: number, penalty: number, flagged: boolean, post: number, level: number) =>
  ({ type, width, stretch, shrink, penalty, flagged, post, level }) as unknown as Node;

/** A box of width w with its share of letter stretch and shrink (ls, lz per point of width). */
const letterBox = (w: number, ls: number, lz: number) => node('box', w, w * ls, w * lz, 0, false, 0, 0);

const END = node('penalty', 0, 0, 0, -INF, false, 0, 0);
const TIE = node('penalty', 0, 0, 0, INF, false, 0, 0);

/**
 * Items → boxes, glue and penalties. Each inner break is a penalty with the level of the pass
 * that first offers it: the word's own hyphens always, hyphenation points from the second pass
 * on, emergency breaks in the last.
 */
export function toNodes(items: readonly BreakItem[], s: OptimalSettings, justify: boolean): Built {
  const nodes: Node[] = [];
  const itemOf: number[] = [];
  const brkOf: number[] = [];
  const after: number[] = [];
  const inner: (number[] | undefined)[] = [];
  const mark = (i: number, k: number) => {
    itemOf[nodes.length] = i;
    brkOf[nodes.length] = k;
  };
  const penaltyOf = (b: InnerBreak) =>
    b.kind === 'hyphen'
      ? b.place === 'seam' ? s.seamPenalty : b.place === 'poor' ? s.poorHyphenPenalty : s.hyphenPenalty
      : b.kind === 'explicit' || b.kind === 'address' ? s.exHyphenPenalty : s.emergencyPenalty;
  const HYPHEN_END = node('penalty', 0, 0, 0, s.exHyphenPenalty, true, 0, 0);
  // Spaces of one width are one glue node, shared (nodes are never changed).
  let glueWidth = NaN;
  let glueNode = TIE;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    let done = 0;
    const breaks = item.breaks;
    // A part of the item gets its share of the item's letter spacing by width.
    const ls = justify && item.width > 0 ? ((item.letterStretch ?? 0) * LETTER_SPACING_WEIGHT) / item.width : 0;
    const lz = justify && item.width > 0 ? ((item.letterShrink ?? 0) * LETTER_SPACING_WEIGHT) / item.width : 0;
    if (breaks) {
      for (let k = 0; k < breaks.length; k++) {
        const b = breaks[k]!;
        if (b.at <= done) continue;
        nodes.push(letterBox(b.at - done, ls, lz));
        mark(i, k);
        (inner[i] ??= [])[k] = nodes.length;
        // An emergency break is not flagged: it is weighed by its penalty alone, and a long word
        // cut over several lines does not count as lines hyphenated in a row; nor is an
        // address's break, which draws no hyphen.
        const pre = justify && item.hyphenProtrude && b.kind !== 'address' ? b.pre - item.hyphenProtrude : b.pre;
        nodes.push(node('penalty', pre, 0, 0, penaltyOf(b), b.kind === 'hyphen' || b.kind === 'explicit', b.post, LEVEL[b.kind]));
        done = b.at;
      }
    }
    nodes.push(letterBox(item.width - done, ls, lz));
    if (i === items.length - 1) {
      mark(i, -1);
      after[i] = nodes.length;
      nodes.push(END);
      break;
    }
    const protrude = justify ? item.protrude ?? 0 : 0;
    if (item.tie) nodes.push(TIE);
    else if (item.hyphenEnd) {
      // A break after the word's own hyphen is a flagged penalty (then the space is no break):
      // it counts toward the hyphens in a row, like a break inside the word.
      mark(i, -1);
      after[i] = nodes.length;
      nodes.push(protrude > 0 ? node('penalty', -protrude, 0, 0, s.exHyphenPenalty, true, 0, 0) : HYPHEN_END);
    } else if (protrude > 0) {
      // A line ending after a mark that reaches into the margin is that much narrower: a break
      // of its own, before the space (which then is none).
      mark(i, -1);
      after[i] = nodes.length;
      nodes.push(node('penalty', -protrude, 0, 0, 0, false, 0, 0));
    } else {
      mark(i, -1);
      after[i] = nodes.length;
    }
    if (item.space !== glueWidth) {
      glueWidth = item.space;
      glueNode = justify ? node('glue', glueWidth, glueWidth * s.spaceStretch, glueWidth * s.spaceShrink, 0, false, 0, 0) : node('glue', glueWidth, 0, 0, 0, false, 0, 0);
    }
    nodes.push(glueNode);
  }
  const item = new Int32Array(nodes.length).fill(-2);
  const brk = new Int32Array(nodes.length);
  itemOf.forEach((v, n) => {
    item[n] = v;
    brk[n] = brkOf[n]!;
  });
  return { nodes, item, brk, after, inner };
}

function params(s: OptimalSettings, justify: boolean, tolerance: number, maxFlaggedInRow: number, level: number): KnuthPlassParams {
  return {
    level,
    tolerance,
    linePenalty: s.linePenalty,
    flaggedDemerits: s.doubleHyphenDemerits,
    fitnessDemerits: s.adjDemerits,
    finalHyphenDemerits: s.finalHyphenDemerits,
    rightStretch: justify ? 0 : s.raggedStretch,
    maxFlaggedInRow,
    shortfallWeight: RAGGED_WEIGHT,
  };
}

function spansOf(built: Built, breaks: readonly number[], count: number): LineSpan[] {
  const spans: LineSpan[] = [];
  let start = 0;
  let from: number | undefined;
  for (const b of breaks) {
    const item = built.item[b]!;
    const brk = built.brk[b]!;
    if (brk < 0) {
      spans.push(from === undefined ? { start, end: item + 1 } : { start, from, end: item + 1 });
      start = item + 1;
      from = undefined;
    } else {
      spans.push(from === undefined ? { start, end: item, to: brk } : { start, from, end: item, to: brk });
      start = item;
      from = brk;
    }
  }
  if (start < count) spans.push({ start, end: count, ...(from === undefined ? {} : { from }) });
  return spans;
}

/** Node positions of a set of spans in `built` (to weigh another breaker's result). */
function breaksOf(built: Built, spans: readonly LineSpan[]): number[] | undefined {
  const out: number[] = [];
  for (const s of spans) {
    const node = s.to === undefined ? built.after[s.end - 1] : built.inner[s.end]?.[s.to];
    if (node === undefined) return undefined;
    out.push(node);
  }
  return out;
}

export interface OptimalBreaker extends LineBreaker {
  /** What the last call did, for tests and reports: the pass that set it and its demerits. */
  readonly last: { pass: Pass | 'greedy'; demerits: number };
}

/**
 * Knuth–Plass, in TeX's passes: without hyphenation within the pretolerance; with hyphenation
 * within the tolerance; at last with any line that is not overfull and emergency breaks inside
 * words too wide for a line. The result is never worse, in total demerits, than first fit's.
 */
export function optimalBreaker(settings: Partial<OptimalSettings> = {}): OptimalBreaker {
  const s: OptimalSettings = { ...defaultSettings, ...settings };
  const last: { pass: Pass | 'greedy'; demerits: number } = { pass: 'explicit', demerits: 0 };
  const breaker = ((items, lineWidth, options = {}) => {
    const justify = options.justify === true;
    if (items.length === 0) return [];
    // A paragraph that fits on its first line is one line: nothing could be better.
    let natural = 0;
    for (let i = 0; i < items.length; i++) natural += items[i]!.width + (i < items.length - 1 ? items[i]!.space : 0);
    if (natural <= lineWidth(0)) {
      last.pass = 'explicit';
      last.demerits = s.linePenalty ** 2;
      return [{ start: 0, end: items.length }];
    }
    const passes: [Pass, number, number][] = [];
    let anyHyphen = false;
    for (let i = 0; i < items.length && !anyHyphen; i++) {
      const bs = items[i]!.breaks;
      if (bs) for (let k = 0; k < bs.length; k++) if (bs[k]!.kind === 'hyphen') anyHyphen = true;
    }
    if (s.pretolerance >= 0) passes.push(['explicit', s.pretolerance, s.maxHyphensInRow]);
    if (anyHyphen || s.pretolerance < 0) passes.push(['hyphen', s.tolerance, s.maxHyphensInRow]);
    passes.push(['emergency', Infinity, s.maxHyphensInRow]);
    let chosen: { spans: LineSpan[]; demerits: number; pass: Pass; tolerance: number } | undefined;
    const full = toNodes(items, s, justify);
    for (const [pass, tolerance, maxRun] of passes) {
      const r = knuthPlass(full.nodes, lineWidth, params(s, justify, tolerance, maxRun, PASS_LEVEL[pass]));
      if (r) {
        chosen = { spans: spansOf(full, r.breaks, items.length), demerits: r.demerits, pass, tolerance };
        break;
      }
    }
    // The last pass is exact; weighed in its terms, first fit may (rarely) beat an earlier one.
    const fullParams = params(s, justify, Infinity, Infinity, PASS_LEVEL.emergency);
    // First fit's breaks are among those the pass weighed unless one of its lines is worse than
    // the tolerance or it cuts a word: then its demerits are at least those of that one line.
    // Below that, it cannot be better, and need not be tried.
    const worstAdmitted = (chosen?.tolerance ?? 0) / 100;
    const floor = chosen ? Math.min(lineBase(Math.cbrt(worstAdmitted), 100 * worstAdmitted, fullParams), s.linePenalty ** 2 + s.emergencyPenalty ** 2) : 0;
    if (chosen && (chosen.pass === 'emergency' || chosen.demerits <= floor)) {
      last.pass = chosen.pass;
      last.demerits = chosen.demerits;
      return chosen.spans;
    }
    const greedy = greedyBreaker(items, lineWidth);
    const greedyBreaks = breaksOf(full, greedy);
    const greedyDemerits = greedyBreaks ? demeritsOf(full.nodes, greedyBreaks, lineWidth, fullParams) : Infinity;
    // The tolerance only admits lines; the demerits of those it admits are the same.
    const chosenDemerits = chosen ? chosen.demerits : Infinity;
    if (!chosen || greedyDemerits < chosenDemerits) {
      last.pass = 'greedy';
      last.demerits = greedyDemerits;
      return greedy;
    }
    last.pass = chosen.pass;
    last.demerits = chosenDemerits;
    return chosen.spans;
  }) as OptimalBreaker;
  Object.defineProperty(breaker, 'last', { value: last });
  return breaker;
}
