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
const PART_AROUND = 3;

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
  best[0] = { parts: 0, listed: 0, common: 0, links: 0, shortest: Infinity, from: -1, inner: [] };
  const offer = (to: number, way: Way) => {
    const b = best[to];
    if (!b || better(way, b)) best[to] = way;
  };
  for (let i = 0; i < n; i++) {
    const at = best[i];
    if (!at) continue;
    const reach = (j: number, first: boolean, inner: readonly number[], mark: number) => {
      const way: Way = { parts: at.parts + 1, listed: at.listed + inner.length, common: at.common + mark, links: at.links, shortest: Math.min(at.shortest, j - i), from: i, inner };
      // The word as one part is no reading of it as a compound.
      if (j === n) {
        if (i > 0 || inner.length > 0) offer(n, way);
      } else if (first) {
        offer(j, way);
        const c = word.charCodeAt(j);
        if ((c === 115 || c === 101) && j + 1 < n) offer(j + 1, { ...way, links: at.links + (c === 115 && LINKING_S.test(word.slice(i, j)) ? 1 : -1) });
      }
    };
    if (list) {
      let s = 0;
      for (let j = i; j < n; j++) {
        s = step(list, s, word.charCodeAt(j));
        if (s < 0) break;
        const mark = list.final[s]!;
        if (j + 1 - i >= MIN_PART && mark >= WORD) reach(j + 1, mark === FIRST_PART, NONE, mark);
      }
    }
    for (const [e, offsets] of exceptions) {
      if (e.length > n - i || !word.startsWith(e, i)) continue;
      const inner = offsets.map((o) => i + o);
      reach(i + e.length, true, inner, FIRST_PART);
      if (n - i - e.length <= ENDING && i + e.length < n) reach(n, false, inner, FIRST_PART);
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

const NONE: readonly number[] = [];
const EMPTY: Exceptions = new Map();

/**
 * The weight of a word's break point (an offset in `word`, lower case), given its seams: a
 * point at a seam is a seam; one inside a part is poor when the piece before it is a short word
 * of its own, under four letters, and the rest no word (men-, Ar-, En-, de-: the reader takes
 * it for that word; opp-|rettet is not poor), or
 * leaves fewer than three letters of its part on either side (lan-d|informasjon,
 * arbeid-s|tilsynet, koordinerings|en-heten); inside otherwise (kon-feransen, pub-liserte).
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
  // A short word that is the word's real first part (opp|rettet, av|holdt, om|råder: the rest
  // is a word too) is no trap.
  const shortWord = at < WORD_BEFORE && (list === undefined || (lookup(list, word.slice(0, at)) >= WORD && lookup(list, word.slice(at)) < WORD));
  // (The word's own first piece is weighed by the rule above and by hyphenMin.)
  return shortWord || (start > 0 && at - start < PART_AROUND) || end - at < PART_AROUND ? 'poor' : 'inside';
}
