// The seams of compounds, and the weight of each place a word may break. Norwegian joins words
// into one (menneske|handels|feltet), and a reader takes a line's end best at a seam: a break
// inside a part is worse, and one that leaves a short first piece that reads as another word
// (men-neskehandel: "men" is "but") is worst. Liang's patterns know syllables, not seams: the
// seams come from the language's word list (wordlist.ts) and the layout's exception list.
import { FIRST_PART, lookup, MIN_PART, step, WORD, type WordList } from './wordlist.js';

/** How a hyphenation point sits in its word: at a seam, inside a part, or leaving a misleading short piece. */
export type BreakPlace = 'seam' | 'inside' | 'poor';

/** Words whose breaks the layout gives: lower-case letters → offsets of the breaks. */
export type Exceptions = ReadonlyMap<string, readonly number[]>;

/** Fewest letters before a break that is not poor: of the word, and of its part on both sides. */
const WORD_BEFORE = 4;
const PART_AROUND = 4;

interface Way {
  readonly parts: number;
  /** Seams given by exceptions (a reading that follows the exception list wins a tie). */
  readonly listed: number;
  /** The parts' marks summed (a part that begins many compounds counts 2, another word 1): tiltaks|kort before tiltak|skort. */
  readonly common: number;
  /**
   * Linking letters where the part before them asks for one, less those where it does not:
   * after -ing, -het, -sjon … a linking s is the rule (utviklings|trekk, not utvikling|strekk),
   * elsewhere a reading without one is likelier (nett|sider, not netts|ider).
   */
  readonly links: number;
  /** The shortest part so far (a tie between two ways goes to the one whose parts are longer). */
  readonly shortest: number;
  readonly from: number;
  /** Seams inside the last part (an exception's). */
  readonly inner: readonly number[];
}

/** Endings of a first part that take a linking s in Norwegian compounds. */
const LINKING_S = /(?:ing|het|sjon|dom|skap|else|nad|tet|ans|ens|sel|ment)$/;

/** Longest inflectional ending after an exception word at a word's end (menneskehandel|en). */
const ENDING = 3;

const better = (a: Way, b: Way) =>
  a.parts !== b.parts ? a.parts < b.parts
    : a.listed !== b.listed ? a.listed > b.listed
    : a.common !== b.common ? a.common > b.common
    : a.links !== b.links ? a.links > b.links
    : a.shortest > b.shortest;

/**
 * The seams of a word of lower-case letters: offsets where one part ends and the next begins
 * (after a linking s or e). A word is read as first parts (words of the list that begin many
 * compounds, or exception words), each perhaps with a linking letter, and a last part that is
 * any word of the list (or an exception word, perhaps inflected). Of the readings of two or
 * more parts, the one with the fewest: a reading of many short words is more often wrong
 * (arbeid|stil|synets) than right. Empty when there is none.
 */
export function seamsOf(word: string, list: WordList | undefined, exceptions: Exceptions = EMPTY): number[] {
  const n = word.length;
  if (n < 2 * MIN_PART) return [];
  const best: (Way | undefined)[] = new Array(n + 1);
  best[0] = { parts: 0, listed: 0, common: 0, links: 0, shortest: Infinity, from: -1, inner: NONE };
  const [keys, values] = entriesOf(exceptions);
  for (let i = 0; i < n; i++) {
    const at = best[i];
    if (!at) continue;
    if (list) {
      let s = 0;
      for (let j = i; j < n; j++) {
        s = step(list, s, word.charCodeAt(j));
        if (s < 0) break;
        const mark = list.final[s]!;
        if (j + 1 - i >= MIN_PART && mark >= WORD) reach(best, word, at, i, j + 1, mark === FIRST_PART, NONE, mark);
      }
    }
    for (let x = 0; x < keys.length; x++) {
      const e = keys[x]!;
      if (e.length > n - i || !word.startsWith(e, i)) continue;
      const offsets = values[x]!;
      const inner = offsets.map((o) => i + o);
      reach(best, word, at, i, i + e.length, true, inner, FIRST_PART);
      if (n - i - e.length <= ENDING && i + e.length < n) reach(best, word, at, i, n, false, inner, FIRST_PART);
    }
  }
  const end = best[n];
  if (!end || (end.parts < 2 && end.listed === 0)) return [];
  const seams: number[] = [];
  for (let way: Way | undefined = end; way && way.from >= 0; way = best[way.from]) {
    seams.push(...way.inner);
    if (way.from > 0) seams.push(way.from);
  }
  return [...new Set(seams)].sort((a, b) => a - b);
}

/** A part from i to j read after the way `at` to i: offered to j (and, after a first part, past a linking s or e). */
function reach(best: (Way | undefined)[], word: string, at: Way, i: number, j: number, first: boolean, inner: readonly number[], mark: number): void {
  const n = word.length;
  const parts = at.parts + 1;
  const listed = at.listed + inner.length;
  const common = at.common + mark;
  const shortest = Math.min(at.shortest, j - i);
  // The word as one part is no reading of it as a compound.
  if (j === n) {
    if (i > 0 || inner.length > 0) offer(best, n, { parts, listed, common, links: at.links, shortest, from: i, inner });
  } else if (first) {
    offer(best, j, { parts, listed, common, links: at.links, shortest, from: i, inner });
    const c = word.charCodeAt(j);
    if ((c === 115 || c === 101) && j + 1 < n) {
      const links = at.links + (c === 115 && LINKING_S.test(word.slice(i, j)) ? 1 : -1);
      offer(best, j + 1, { parts, listed, common, links, shortest, from: i, inner });
    }
  }
}

function offer(best: (Way | undefined)[], to: number, way: Way): void {
  const b = best[to];
  if (!b || better(way, b)) best[to] = way;
}

/** An exception list's words and offsets as two arrays, made once per list: walked for every place of every word. */
const entries = new WeakMap<Exceptions, readonly [readonly string[], readonly (readonly number[])[]]>();
function entriesOf(exceptions: Exceptions): readonly [readonly string[], readonly (readonly number[])[]] {
  let e = entries.get(exceptions);
  if (!e) entries.set(exceptions, (e = [[...exceptions.keys()], [...exceptions.values()]]));
  return e;
}

const NONE: readonly number[] = [];
const EMPTY: Exceptions = new Map();

/**
 * Two-letter pieces that begin words as a part of their own (ut|nyttet, av|holdt, be|skytte,
 * på|virke): a break after one is no trap when the rest is a word. Any other two-letter first
 * piece is: it reads as a word (se-|minaret, de-|sember, ar-|rangert), as a prefix the word
 * does not have (in-|ternasjonalt), or as a stub of a part (yt-|tergrenser), and it saves the
 * line two letters.
 */
const SHORT_PARTS = new Set(['av', 'an', 'be', 'bi', 'er', 'om', 'på', 'ut']);
/** Three-letter first parts that are prefixes, as the dictionaries have them (for|holde, sam|arbeid). */
const SHORT_FIRST_PARTS = new Set([...SHORT_PARTS, 'for', 'fra', 'hen', 'inn', 'mis', 'mot', 'ned', 'opp', 'sam', 'til']);

/**
 * The weight of a word's break point (an offset in `word`, lower case), given its seams: a
 * point at a seam is a seam. A point is poor when
 * - its first piece is short and misreads: two letters, unless a prefix before a word
 *   (se-|minaret, de-|sember, in-|ternasjonalt, of-|fentlig; not ut-|nyttet, be-|skytte), or
 *   three that are a word while the rest is none (men-|neskehandel; not opp-|rettet);
 * - it lies inside the first part of a compound, before its seam (stra-|tegiarbeidet,
 *   samar-|beidsprosjekt, yt-|tergrenser): the line ends on a piece of a word with the whole
 *   of that word one seam on — unless the piece is a prefix and the rest of the part a word
 *   (sam-|arbeids|aktører, etter-|retnings|senter);
 * - it leaves fewer than four letters of a part beside a seam (lan-d|informasjon,
 *   menneskeret-|tigheter, menneskehandelsfel-|tet), unless those letters are a prefix of
 *   the part before a word (arbeids|til-|synets);
 * inside otherwise (kon-feransen, departemen-tet). Without a word list every first piece under
 * four letters is poor.
 */
export function placeOf(at: number, seams: readonly number[], word: string, list: WordList | undefined): BreakPlace {
  const length = word.length;
  let start = 0;
  let end = length;
  for (const s of seams) {
    if (s === at) return 'seam';
    if (s < at) start = s;
    else {
      end = s;
      break;
    }
  }
  if (at < WORD_BEFORE && misreads(word.slice(0, at), word.slice(at), list)) return 'poor';
  if (start === 0 && end < length && !(isFirstPart(word.slice(0, at), list) && isWord(word.slice(at, end), list, true))) return 'poor';
  // A prefix of a part, before the rest of that part, is that part's own seam (arbeids|til-|synets).
  const prefixed = start > 0 && SHORT_FIRST_PARTS.has(word.slice(start, at)) && isWord(word.slice(at, end), list, end < length);
  return !prefixed && ((start > 0 && at - start < PART_AROUND) || (end < length && end - at < PART_AROUND)) ? 'poor' : 'inside';
}

/** A first piece of two or three letters that misreads (see placeOf). */
function misreads(piece: string, rest: string, list: WordList | undefined): boolean {
  if (list === undefined) return true;
  const known = lookup(list, piece) >= WORD;
  if (piece.length === 2) return !(SHORT_PARTS.has(piece) && isWord(rest, list, false));
  return known && !isWord(rest, list, false);
}

/** A piece that begins words as a part of them: a short prefix (sam-, for-) or a first part of the word list (etter, over). */
function isFirstPart(piece: string, list: WordList | undefined): boolean {
  return SHORT_FIRST_PARTS.has(piece) || (list !== undefined && lookup(list, piece) === FIRST_PART);
}

/** A word of the list; with `linked`, also one followed by a linking s or e (arbeids). */
function isWord(s: string, list: WordList | undefined, linked: boolean): boolean {
  if (list === undefined) return false;
  if (lookup(list, s) >= WORD) return true;
  const last = s[s.length - 1];
  return linked && (last === 's' || last === 'e') && s.length > 1 && lookup(list, s.slice(0, -1)) >= WORD;
}
