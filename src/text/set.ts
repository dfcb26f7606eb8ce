// Sets a paragraph: runs → words → lines of positioned fragments (x from the line's start).
import type { LinkTarget, Run, Style } from '../model/types.js';
import { defaultSettings, type BreakItem, type InnerBreak, type InnerBreakKind, type LineBreaker, type LineSpan } from './breaker.js';
import type { BreakPlace, WordBreak } from './hyphenate.js';
import type { Measurer } from './measure.js';
import { addressBreaks, isAddress } from './address.js';
import { langOf, textOf, toWords, type Piece, type Word } from './words.js';

export interface Fragment {
  readonly x: number;
  readonly text: string;
  readonly style: Style;
  readonly width: number;
  readonly link?: LinkTarget;
  /** Language of the words where the text marks one (an inline language). */
  readonly lang?: string;
  /** Points added after each letter (a justified line's letter spacing; PDF's Tc), included in `width`. */
  readonly letterSpacing?: number;
}

/** How a line ends: between words, at a hyphenation point, at a word's own hyphen, inside a word as a last resort, or as the paragraph's last line. */
export type LineEnd = 'space' | InnerBreakKind | 'last';

export interface SetLine {
  readonly fragments: readonly Fragment[];
  readonly width: number;
  /** Width the line had to fill (setText always says; lines made by hand, as a QR card's, may not). */
  readonly available?: number;
  /** How the line ends (setText always says). */
  readonly end?: LineEnd;
  /** The word broken at the line's end (hyphen, explicit, emergency), where, and the weight of the place. */
  readonly broken?: BrokenWord;
  /** The line ends between words after a word's own hyphen ("Justis-" | "og …"). */
  readonly hyphenEnd?: true;
  /** How far the line's last mark (a hyphen, a full stop …) reaches into the right margin: `width` is then `available` plus this. */
  readonly protrusion?: number;
  /** Points added after each letter of the line but a word's last (justified lines, as a last resort). */
  readonly letterSpacing?: number;
  /** Justified: the spaces' width as a multiple of their natural width (not given: natural). */
  readonly spacing?: number;
}

export interface BrokenWord {
  readonly word: string;
  /** Offset of the break in the word's text. */
  readonly at: number;
  readonly place?: BreakPlace;
}

export interface SetResult {
  readonly lines: readonly SetLine[];
  /** Lines that end inside a word that fits no line (an emergency break). */
  readonly emergencyBreaks: number;
}

export interface SetOptions {
  /** Where words may break inside (hyphenation); words stay whole when it is not given. */
  readonly hyphenate?: (word: string, soft?: readonly number[], lang?: string) => readonly WordBreak[];
  /** Justified lines (all but the last end flush right); ragged right otherwise. */
  readonly justify?: boolean;
  /** Justified: letter spacing allowed between a word's letters, as fractions of the font size (none when not given). */
  readonly letterSpacing?: { readonly shrink: number; readonly stretch: number };
  /** Justified: the share of a line-final hyphen's or punctuation mark's width set into the right margin, at most `maxProtrusion` points. */
  readonly protrusion?: number;
  readonly maxProtrusion?: number;
}

/** Marks that may reach into the right margin at a justified line's end: hyphens (drawn and own), full stop, comma, en dash, colon. */
const PROTRUDING = new Set(['\u00ad', '-', '.', ',', '\u2013', ':']);

/** How far `mark` at a justified line's end reaches into the margin. */
function protrusionOf(mark: string, style: Style, size: number, m: Measurer, options: SetOptions): number {
  return Math.min((options.protrusion ?? 0) * m.width(mark, style, size), options.maxProtrusion ?? Infinity);
}

/** Gaps between letters of a text (code points less one): where letter spacing goes. */
function letterGaps(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n > 0 ? n - 1 : 0;
}

// The hyphen drawn where a word is broken at a line's end is the soft hyphen (U+00AD, a visible
// hyphen in the font), as ISO 32000 asks: text taken from the PDF (search, copying, the tags
// screen readers use) then joins the word again, and tells it from a word's own hyphen.
const HYPHEN = '\u00ad';

/** A word with the places it may break, as character offsets beside the breaker's widths. */
interface Breakable extends BreakItem {
  readonly word: Word;
  /** Character offset of each of `breaks`, in the word's visible text. */
  readonly offsets: readonly number[];
}

export function setText(
  runs: readonly Run[],
  size: number,
  lineWidth: (line: number) => number,
  m: Measurer,
  breaker: LineBreaker,
  options: SetOptions = {},
): SetResult {
  const words = toWords(runs, size, m);
  // A word wider than the narrowest line may be broken anywhere, as a last resort.
  const narrowest = Math.min(lineWidth(0), lineWidth(1), lineWidth(Number.MAX_SAFE_INTEGER));
  // Text that fits on its first line needs no break inside a word: it is not hyphenated.
  let natural = 0;
  for (let i = 0; i < words.length; i++) natural += words[i]!.width + (i < words.length - 1 ? words[i]!.space : 0);
  const oneLine = natural <= lineWidth(0);
  const cache = breakCache(m, options);
  const ls = options.justify && !oneLine ? options.letterSpacing : undefined;
  const share = options.justify && !oneLine ? options.protrusion ?? 0 : 0;
  const items: Breakable[] = new Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let item: Breakable = oneLine ? { word: w, width: w.width, space: w.space, tie: w.tie === true, offsets: NONE } : breakable(w, size, m, options, narrowest, cache);
    if (ls && (ls.stretch > 0 || ls.shrink > 0)) {
      const gaps = letterGaps(textOf(w));
      if (gaps > 0) item = { ...item, letterStretch: gaps * size * ls.stretch, letterShrink: gaps * size * ls.shrink };
    }
    if (share > 0) {
      // What the line's end reaches into the margin, as setLine works it out.
      const last = w.pieces[w.pieces.length - 1]!;
      const mark = last.text.at(-1);
      const protrude = mark !== undefined && PROTRUDING.has(mark) ? protrusionOf(mark, last.style, size, m, options) : 0;
      const hyphenProtrude = item.breaks ? protrusionOf(HYPHEN, last.style, size, m, options) : 0;
      if (protrude > 0 || hyphenProtrude > 0) item = { ...item, ...(protrude > 0 ? { protrude } : {}), ...(hyphenProtrude > 0 ? { hyphenProtrude } : {}) };
    }
    items[i] = item;
  }
  let spans: LineSpan[] = [];
  let lines: SetLine[] = [];
  // Break widths inside words are first taken from the whole word's advances; the breaks
  // chosen are then measured exactly, and a line that turns out too wide is broken again.
  for (let round = 0; round < 4; round++) {
    spans = breaker(items, lineWidth, options.justify ? { justify: true } : {});
    lines = spans.map((span, i) => setLine(items, span, i === spans.length - 1, lineWidth(i), size, m, options));
    let changed = false;
    spans.forEach((span, i) => {
      if (lines[i]!.width <= lineWidth(i) + (lines[i]!.protrusion ?? 0) + 1e-6) return;
      if (span.from !== undefined) changed = exact(items, span.start, span.from, size, m) || changed;
      if (span.to !== undefined) changed = exact(items, span.end, span.to, size, m) || changed;
    });
    if (!changed) break;
  }
  return { lines, emergencyBreaks: lines.filter((l) => l.end === 'emergency').length };
}

const NONE: readonly number[] = [];
const NONE_BREAKS: readonly WordBreak[] = [];

interface Measured {
  readonly breaks: InnerBreak[];
  readonly offsets: number[];
}

/**
 * The breaks of a word with their widths, kept per measurer and hyphenation function, by size,
 * style and text: most words come back many times.
 */
const known = new WeakMap<Measurer, WeakMap<object, Map<string, Measured | null>>>();

function breakCache(m: Measurer, options: SetOptions): Map<string, Measured | null> {
  let byFn = known.get(m);
  if (!byFn) known.set(m, (byFn = new WeakMap()));
  const fn = options.hyphenate ?? NONE_BREAKS;
  let cache = byFn.get(fn);
  if (!cache) byFn.set(fn, (cache = new Map()));
  return cache;
}

function breakable(w: Word, size: number, m: Measurer, options: SetOptions, narrowest: number, cache: Map<string, Measured | null>): Breakable {
  const tooWide = w.width > narrowest;
  // Words of one style without soft hyphens are looked up; others are worked out each time.
  const simple = w.pieces.length === 1 && !w.soft && !tooWide && !w.whole;
  const lang = langOf(w);
  const key = simple ? `${size}|${w.pieces[0]!.style}|${lang ?? ''}|${w.pieces[0]!.text}` : '';
  let b = simple ? cache.get(key) : undefined;
  if (b === undefined) {
    const found = options.hyphenate && !w.whole ? options.hyphenate(textOf(w), w.soft, lang) : NONE_BREAKS;
    b = found.length === 0 && !tooWide ? null : measureBreaks(w, found, size, m, tooWide, narrowest);
    if (simple) cache.set(key, b);
  }
  // One object, its fields given in one order (hyphenEnd only where it is true).
  const tie = w.tie === true;
  if (endsWithHyphen(w)) {
    return b === null
      ? { word: w, width: w.width, space: w.space, tie, hyphenEnd: true, offsets: NONE }
      : { word: w, width: w.width, space: w.space, tie, hyphenEnd: true, breaks: b.breaks, offsets: b.offsets };
  }
  return b === null ? { word: w, width: w.width, space: w.space, tie, offsets: NONE } : { word: w, width: w.width, space: w.space, tie, breaks: b.breaks, offsets: b.offsets };
}

/** "Justis-" in "Justis- og beredskapsdepartementet": a line ending after it ends with a hyphen. */
function endsWithHyphen(w: Word): boolean {
  const last = w.pieces[w.pieces.length - 1]!.text;
  return w.space > 0 && last.length > 1 && last.charCodeAt(last.length - 1) === 45;
}

function measureBreaks(w: Word, found: readonly WordBreak[], size: number, m: Measurer, tooWide: boolean, narrowest: number): Measured {
  const adv = advances(w, size, m);
  const one = w.pieces.length === 1;
  const hyphenOf = (o: number) => m.width(HYPHEN, w.pieces[one ? 0 : pieceAt(w, o - 1)]!.style, size);
  if (tooWide && isAddress(textOf(w))) return addressMarks(textOf(w), adv, narrowest, hyphenOf);
  if (!tooWide) {
    // The hyphenator gives its breaks in order.
    const breaks: InnerBreak[] = [];
    const offsets: number[] = [];
    for (const b of found) {
      offsets.push(b.at);
      const at = adv[b.at]!;
      const pre = b.kind === 'explicit' ? 0 : hyphenOf(b.at);
      breaks.push(b.place === undefined ? { at, pre, post: 0, kind: b.kind } : { at, pre, post: 0, kind: b.kind, place: b.place });
    }
    return { breaks, offsets };
  }
  const text = textOf(w);
  const marks = new Map<number, InnerBreakKind>(found.map((b) => [b.at, b.kind]));
  const places = new Map<number, BreakPlace>(found.flatMap((b) => (b.place === undefined ? [] : [[b.at, b.place] as const])));
  let at = 0;
  for (const ch of text) {
    at += ch.length;
    // Never between a letter and the mark that goes with it.
    if (at < text.length && !/\p{M}/u.test(text.slice(at, at + 2)[0]!) && !marks.has(at)) marks.set(at, 'emergency');
  }
  const offsets = [...marks.keys()].sort((a, b) => a - b);
  const breaks: InnerBreak[] = offsets.map((o) => {
    const kind = marks.get(o)!;
    const place = places.get(o);
    return { at: adv[o]!, pre: kind === 'explicit' ? 0 : hyphenOf(o), post: 0, kind, ...(place === undefined ? {} : { place }) };
  });
  return { breaks, offsets };
}

/**
 * An address too wide for a line breaks where addresses break, with no hyphen drawn; only a
 * stretch between two such places that is itself wider than a line is cut anywhere (with a
 * hyphen, the last resort, as any word).
 */
function addressMarks(text: string, adv: readonly number[], narrowest: number, hyphenOf: (o: number) => number): Measured {
  const places = addressBreaks(text);
  const offsets: number[] = [];
  const breaks: InnerBreak[] = [];
  const bounds = [0, ...places, text.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]!;
    const to = bounds[k + 1]!;
    if (adv[to]! - adv[from]! > narrowest) {
      for (let o = from + 1; o < to; o++) {
        if (/\p{M}/u.test(text[o]!) || (text.charCodeAt(o) >= 0xdc00 && text.charCodeAt(o) <= 0xdfff)) continue;
        offsets.push(o);
        breaks.push({ at: adv[o]!, pre: hyphenOf(o), post: 0, kind: 'emergency' });
      }
    }
    if (to < text.length) {
      offsets.push(to);
      breaks.push({ at: adv[to]!, pre: 0, post: 0, kind: 'address' });
    }
  }
  return { breaks, offsets };
}

/** Width of the word's first i characters, for every i, from one measuring of each piece. */
function advances(w: Word, size: number, m: Measurer): readonly number[] {
  if (w.pieces.length === 1) {
    const p = w.pieces[0]!;
    return m.advances ? m.advances(p.text, p.style, size) : prefixWidths(p, size, m);
  }
  const out = [0];
  let x = 0;
  for (const p of w.pieces) {
    const a = m.advances ? m.advances(p.text, p.style, size) : prefixWidths(p, size, m);
    for (let i = 1; i < a.length; i++) out.push(x + a[i]!);
    x += p.width;
  }
  return out;
}

function prefixWidths(p: Piece, size: number, m: Measurer): number[] {
  const out = [0];
  for (let i = 1; i <= p.text.length; i++) out.push(m.width(p.text.slice(0, i), p.style, size));
  return out;
}

/** Character offset at which each of a word's pieces starts, and last the word's length. */
const startsOf = new WeakMap<Word, number[]>();

function pieceStarts(w: Word): number[] {
  let starts = startsOf.get(w);
  if (!starts) {
    starts = [0];
    for (const p of w.pieces) starts.push(starts[starts.length - 1]! + p.text.length);
    startsOf.set(w, starts);
  }
  return starts;
}

/**
 * Index of the piece holding the character at `offset` (the last piece beyond the word's
 * end), found by halving: a long word of many pieces (styles changing inside it) is not
 * walked from its start for each of its breaks and lines.
 */
function pieceAt(w: Word, offset: number): number {
  const starts = pieceStarts(w);
  let lo = 0;
  let hi = w.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offset < starts[mid + 1]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Measures break `k` of item `i` exactly; false when it already was. */
function exact(items: Breakable[], i: number, k: number, size: number, m: Measurer): boolean {
  const item = items[i]!;
  const b = item.breaks![k]!;
  const o = item.offsets[k]!;
  const head = slice(item.word, 0, o, drawsHyphen(b.kind), size, m);
  const tail = slice(item.word, o, Infinity, false, size, m);
  const pre = sum(head) - b.at;
  const post = sum(tail) - (item.width - b.at);
  if (pre === b.pre && post === b.post) return false;
  const breaks = item.breaks!.map((x, n) => (n === k ? { ...x, pre, post } : x));
  items[i] = { ...item, breaks };
  return true;
}

/** A hyphen is drawn where a word breaks at a hyphenation point or as a last resort; not after its own hyphen, nor in an address. */
const drawsHyphen = (kind: InnerBreakKind) => kind === 'hyphen' || kind === 'emergency';

const sum = (pieces: readonly Piece[]) => pieces.reduce((s, p) => s + p.width, 0);

/** The word's pieces between two character offsets, with a hyphen after them if asked. */
function slice(w: Word, from: number, to: number, hyphen: boolean, size: number, m: Measurer): Piece[] {
  const starts = pieceStarts(w);
  if (from === 0 && to >= starts[w.pieces.length]! && !hyphen) return [...w.pieces];
  const out: Piece[] = [];
  // Only the pieces between the two offsets.
  for (let i = pieceAt(w, from); i < w.pieces.length && starts[i]! < to; i++) {
    const p = w.pieces[i]!;
    const at = starts[i]!;
    const a = Math.max(from, at);
    const b = Math.min(to, at + p.text.length);
    if (a < b) {
      const text = p.text.slice(a - at, b - at);
      out.push(text === p.text ? p : { ...p, text, width: m.width(text, p.style, size) });
    }
  }
  if (hyphen && out.length > 0) {
    const last = out[out.length - 1]!;
    const text = last.text + HYPHEN;
    out[out.length - 1] = { ...last, text, width: m.width(text, last.style, size) };
  }
  return out;
}

function setLine(items: readonly Breakable[], span: LineSpan, isLast: boolean, available: number, size: number, m: Measurer, options: SetOptions): SetLine {
  const justify = options.justify === true;
  // The line's words (the first and last may be parts of words), with the pieces of each.
  const words: Word[] = [];
  const pieces: (readonly Piece[])[] = [];
  const inOne = span.from !== undefined && span.to !== undefined && span.end === span.start;
  if (span.from !== undefined) {
    const it = items[span.start]!;
    const to = inOne ? it.offsets[span.to!]! : Infinity;
    words.push(it.word);
    pieces.push(slice(it.word, it.offsets[span.from]!, to, inOne && drawsHyphen(it.breaks![span.to!]!.kind), size, m));
  }
  for (let i = span.from === undefined ? span.start : span.start + 1; i < span.end; i++) {
    words.push(items[i]!.word);
    pieces.push(items[i]!.word.pieces);
  }
  if (span.to !== undefined && !inOne) {
    const it = items[span.end]!;
    words.push(it.word);
    pieces.push(slice(it.word, 0, it.offsets[span.to]!, drawsHyphen(it.breaks![span.to]!.kind), size, m));
  }
  const end: LineEnd = isLast ? 'last' : span.to !== undefined ? items[span.end]!.breaks![span.to]!.kind : 'space';
  let broken: BrokenWord | undefined;
  if (span.to !== undefined && !isLast) {
    const it = items[span.end]!;
    const place = it.breaks![span.to]!.place;
    broken = place === undefined ? { word: textOf(it.word), at: it.offsets[span.to]! } : { word: textOf(it.word), at: it.offsets[span.to]!, place };
  }

  // Justified lines share out the difference among their spaces, in proportion to their widths,
  // up to the spaces' stretch or shrink; then, as a last resort, between the letters of the
  // line's words, within the letter spacing allowed; what is left goes to the spaces again.
  // The last line keeps its natural spaces unless it had to shrink them to fit. A line-final
  // hyphen or punctuation mark reaches into the margin by its share of its width.
  let spread = 0;
  let cs = 0;
  let protrusion = 0;
  if (justify) {
    let natural = 0;
    let spaces = 0;
    let gaps = 0;
    for (let i = 0; i < words.length; i++) {
      let text = '';
      for (const p of pieces[i]!) {
        natural += p.width;
        text += p.text;
      }
      gaps += letterGaps(text);
      if (i < words.length - 1) {
        natural += words[i]!.space;
        spaces += words[i]!.space;
      }
    }
    const lastPiece = pieces[pieces.length - 1]?.at(-1);
    const mark = lastPiece?.text.at(-1);
    if (!isLast && options.protrusion && lastPiece && mark !== undefined && PROTRUDING.has(mark)) {
      protrusion = protrusionOf(mark, lastPiece.style, size, m, options);
    }
    if (!isLast || natural > available) {
      const needed = available + protrusion - natural;
      const ls = options.letterSpacing;
      const letterRoom = ls ? gaps * size * (needed >= 0 ? ls.stretch : ls.shrink) : 0;
      const spaceRoom = spaces * (needed >= 0 ? defaultSettings.spaceStretch : defaultSettings.spaceShrink);
      const bySpaces = Math.sign(needed) * Math.min(Math.abs(needed), spaceRoom);
      const byLetters = spaces > 0 && Math.abs(needed) <= spaceRoom ? 0 : Math.sign(needed) * Math.min(Math.abs(needed) - Math.abs(bySpaces), letterRoom);
      if (gaps > 0 && byLetters !== 0) cs = byLetters / gaps;
      if (spaces > 0) spread = (needed - byLetters) / spaces;
    }
  }

  // Runs of one style and link make one fragment; justified spaces are not drawn as text
  // (pdfkit would draw them at their natural width), so there every word is its own.
  const fragments: Fragment[] = [];
  let x = 0;
  let text = '';
  let style: Style = 'regular';
  let link: LinkTarget | undefined;
  let lang: string | undefined;
  let start = 0;
  let width = 0;
  const flush = () => {
    if (text !== '') {
      const f: { -readonly [K in keyof Fragment]: Fragment[K] } = { x: start, text, style, width };
      if (link) f.link = link;
      if (lang) f.lang = lang;
      if (cs !== 0) f.letterSpacing = cs;
      fragments.push(f);
    }
    text = '';
  };
  const add = (t: string, s: Style, l: LinkTarget | undefined, w: number, g: string | undefined) => {
    if (text === '' || s !== style || l !== link || g !== lang) {
      flush();
      start = x;
      style = s;
      link = l;
      lang = g;
      width = 0;
    }
    // With letter spacing, each letter is followed by its share (the word's last one's is taken back below).
    const spaced = cs === 0 ? w : w + (letterGaps(t) + 1) * cs;
    text += t;
    width += spaced;
    x += spaced;
  };
  for (let i = 0; i < words.length; i++) {
    for (const p of pieces[i]!) add(p.text, p.style, p.link, p.width, p.lang);
    if (cs !== 0) {
      x -= cs;
      width -= cs;
    }
    const w = words[i]!;
    if (i < words.length - 1 && w.space > 0) {
      // A space between two words of one marked language is part of it.
      const next = words[i + 1]!.pieces[0]!.lang;
      const last = w.pieces[w.pieces.length - 1]!.lang;
      if (spread === 0 && cs === 0) add(' ', w.spaceStyle, w.spaceLink, w.space, last === next ? last : undefined);
      else {
        flush();
        x += w.space * (1 + spread);
      }
    }
  }
  flush();
  const hyphenEnd = end === 'space' && items[span.end - 1]?.hyphenEnd === true;
  const line: { -readonly [K in keyof SetLine]: SetLine[K] } = { fragments, width: x, available, end };
  if (broken) line.broken = broken;
  if (hyphenEnd) line.hyphenEnd = true;
  if (protrusion > 0) line.protrusion = protrusion;
  if (cs !== 0) line.letterSpacing = cs;
  if (spread !== 0) line.spacing = 1 + spread;
  return line;
}
