// Where a word may break: Liang's patterns from the `hyphen` package (TeX's patterns, nb and nn
// among them) and the rules of Norwegian typesetting on top. The patterns are read once, before
// layout, so layout itself stays a pure function of its input.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { placeOf, seamsOf, type BreakPlace, type Exceptions } from './compounds.js';
import { liang, packageDir, readPatterns, type Patterns } from './patterns.js';
import { lookup, readWordList, WORD, type WordList } from './wordlist.js';

export type BreakKind = 'hyphen' | 'explicit';
export type { BreakPlace } from './compounds.js';

/** A place inside a word where a line may end: after `at` UTF-16 code units of the word. */
export interface WordBreak {
  readonly at: number;
  /** `hyphen`: a hyphen is drawn at the line's end; `explicit`: the word's own hyphen or dash ends the line. */
  readonly kind: BreakKind;
  /** Of a hyphenation point: at a compound's seam, inside a part, or poor (see compounds.ts); inside when not given. */
  readonly place?: BreakPlace;
}

/** A break point found in a word's letters, with its weight. */
interface Point {
  readonly at: number;
  readonly place?: BreakPlace;
}

/** The layout's exception list (layouts/hyphenation.yaml): per language, words and the offsets of their breaks. */
export type ExceptionList = ReadonlyMap<string, Exceptions>;

export interface HyphenationRules {
  /** Shortest word (in letters) that pattern hyphenation touches. */
  readonly minWord: number;
  /** Fewest letters before and after a break (TeX's \lefthyphenmin and \righthyphenmin). */
  readonly minBefore: number;
  readonly minAfter: number;
}

export const defaultRules: HyphenationRules = { minWord: 6, minBefore: 2, minAfter: 2 };

/**
 * Fewest letters after a break that a language's patterns were made for, where that is more
 * than two (hyph-utf8's \righthyphenmin): English patterns break "interna-tion-al" at two.
 * The layout's `hyphenMin` can raise these, not lower them.
 */
const PATTERN_MIN_AFTER: Readonly<Record<string, number>> = { 'en-gb': 3, 'en-us': 3, cs: 3, sk: 3, pt: 3, cy: 3, ga: 3 };

/** The rules for words of one pattern file: the layout's, raised to what the patterns need. */
function rulesFor(name: string | undefined, rules: HyphenationRules): HyphenationRules {
  const after = name ? PATTERN_MIN_AFTER[name] : undefined;
  return after && after > rules.minAfter ? { ...rules, minAfter: after } : rules;
}

/**
 * Break points of one word (its visible text, soft hyphens already taken out and given as
 * `soft`), in the language `lang`. Pure: same word, same answer.
 */
export type Hyphenator = (word: string, lang: string, soft?: readonly number[]) => readonly WordBreak[];

/** The pattern file the `hyphen` package has for a language code, or undefined. */
export function patternName(lang: string): string | undefined {
  const l = lang.toLowerCase();
  const alias: Record<string, string> = { no: 'nb', nob: 'nb', nno: 'nn', en: 'en-gb', de: 'de-1996', el: 'el-monoton', sr: 'sr-cyrl', mn: 'mn-cyrl' };
  const dir = packageDir();
  for (const name of [alias[l] ?? l, l.split('-')[0]!, alias[l.split('-')[0]!]]) {
    if (!name) continue;
    if (existsSync(join(dir, `${name}.js`))) return name;
  }
  return undefined;
}


/** The language whose word list and exceptions serve `lang` (nb for no, nob; nn for nno). */
export function baseLanguage(lang: string): string {
  const l = lang.toLowerCase().split('-')[0]!;
  return l === 'no' || l === 'nob' ? 'nb' : l === 'nno' ? 'nn' : l;
}

/** Word lists read so far, by language: one read serves every hyphenator of a process. */
const wordLists = new Map<string, WordList | undefined>();
function wordListOf(lang: string): WordList | undefined {
  if (!wordLists.has(lang)) wordLists.set(lang, readWordList(lang));
  return wordLists.get(lang);
}

/**
 * Makes a hyphenator for the given languages, reading their patterns (and, for nb and nn,
 * their word lists) now. Each point gets its weight: at a compound's seam, inside a part, or
 * poor. A word in `exceptions` breaks only where the list says (all seams); in a language with
 * a word list the exception words are also parts of longer compounds.
 */
export function makeHyphenator(languages: Iterable<string>, rules: HyphenationRules = defaultRules, exceptions: ExceptionList = new Map()): Hyphenator {
  type Language = { patterns: Patterns | undefined; list: WordList | undefined; exceptions: Exceptions; rules: HyphenationRules };
  const byLang = new Map<string, Language>();
  const load = (lang: string): Language => {
    let l = byLang.get(lang);
    if (!l) {
      const name = patternName(lang);
      const base = baseLanguage(lang);
      byLang.set(lang, (l = { patterns: name ? readPatterns(name) : undefined, list: wordListOf(base), exceptions: exceptions.get(base) ?? new Map(), rules: rulesFor(name, rules) }));
    }
    return l;
  };
  for (const lang of languages) load(lang);
  const cache = new Map<string, readonly WordBreak[]>();
  return (word, lang, soft) => {
    if (soft && soft.length > 0) return softBreaks(word, soft, rules);
    const key = `${lang}\u0000${word}`;
    let found = cache.get(key);
    if (!found) {
      // A language met only inside a text (an inline language) is read when first met.
      const l = load(lang);
      found = wordBreaks(word, l.rules, (core) => weighedPoints(core, l.patterns, l.list, l.exceptions));
      cache.set(key, found);
    }
    return found;
  };
}

/** The points of a word of letters: an exception's, or the patterns' and the seams', each weighed. */
function weighedPoints(core: string, patterns: Patterns | undefined, list: WordList | undefined, exceptions: Exceptions): readonly Point[] {
  const lower = core.toLowerCase();
  const exact = exceptions.get(lower);
  if (exact) return exact.map((at) => ({ at, place: 'seam' as const }));
  let liangs = patterns ? liang(patterns, core) : NO_POINTS;
  if (!list && exceptions.size === 0) return liangs.map((at) => ({ at }));
  let seams = seamsOf(lower, list, exceptions);
  // A word of the list read with a short word in it (versjoner as vers|joner, kontroll as
  // kont|roll, rapportører as rapport|ører) is more often one word than a compound: there a
  // seam after a part of at most five letters, or before a last part of at most four, that the
  // patterns do not confirm is dropped, unless the exception list gives it (regjerings|oppdrag
  // keeps its seam).
  if (list && seams.length > 0 && lookup(list, lower) >= WORD) {
    const listed = exceptions.size > 0 ? seamsOf(lower, undefined, exceptions) : [];
    const last = seams[seams.length - 1]!;
    seams = seams.filter((at, k) => (at - (k > 0 ? seams[k - 1]! : 0) > 5 && (at < last || lower.length - at > 4)) || liangs.includes(at) || listed.includes(at));
  }
  // Both lists stand in order without repeats (the patterns' exceptions too, as the package
  // has them; a list that did not would be sorted first): merged, each place once.
  if (!ascending(liangs)) liangs = [...new Set(liangs)].sort((a, b) => a - b);
  const out: Point[] = [];
  let a = 0;
  let b = 0;
  while (a < liangs.length || b < seams.length) {
    const x = a < liangs.length ? liangs[a]! : Infinity;
    const y = b < seams.length ? seams[b]! : Infinity;
    const at = x <= y ? x : y;
    if (x === at) a++;
    if (y === at) b++;
    out.push({ at, place: placeOf(at, seams, lower, list) });
  }
  return out;
}

const NO_POINTS: readonly number[] = [];

function ascending(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i]! > xs[i - 1]!)) return false;
  return true;
}

/** The hyphenation stage's cache: one hyphenator (patterns read, words looked up) per languages and rules. */
export class HyphenatorCache {
  private readonly byKey = new Map<string, Hyphenator>();

  get(languages: Iterable<string>, rules: HyphenationRules = defaultRules, exceptions: ExceptionList = new Map()): Hyphenator {
    const langs = [...new Set(languages)].sort();
    const listed = [...exceptions].map(([lang, words]) => [lang, [...words]]);
    const key = JSON.stringify([langs, rules.minWord, rules.minBefore, rules.minAfter, listed]);
    let h = this.byKey.get(key);
    if (!h) this.byKey.set(key, (h = makeHyphenator(langs, rules, exceptions)));
    return h;
  }
}

/** A hyphenator that knows no patterns: words break only at their own hyphens. */
export function explicitOnly(rules: HyphenationRules = defaultRules): Hyphenator {
  return (word, _lang, soft) => (soft && soft.length > 0 ? softBreaks(word, soft, rules) : wordBreaks(word, rules, () => []));
}

const LETTER = /\p{L}/u;
const LEADING = /^[\p{Ps}\p{Pi}"'«‹„‚*]+/u;
const TRAILING = /[\p{Pe}\p{Pf}"'»›.,:;!?…*]+$/u;

/** Text that must stay whole: addresses, e-mail, case numbers, anything with digits. */
export function unbreakable(word: string): boolean {
  return (
    /\d/.test(word) ||
    word.includes('@') ||
    word.includes('://') ||
    word.includes('/') ||
    /^www\./i.test(word) ||
    // A dot between letters: a domain name (regjeringen.no) or an abbreviation (f.eks.).
    /\p{L}\.\p{L}/u.test(word) ||
    word.includes('_')
  );
}

/**
 * The breaks of a word: by the patterns; in a word with its own hyphens or dashes, after them
 * and inside the last part when it is long enough to be hyphenated alone (EU-|kommi-sjonen,
 * HTSO-|nett-verks-møte). Punctuation around the word stays with it.
 */
export function wordBreaks(word: string, rules: HyphenationRules, patterns: (core: string) => readonly Point[]): readonly WordBreak[] {
  // Shorter than any word that may break (at its own hyphen, "ab-cd", or by the patterns).
  if (word.length < Math.min(rules.minWord, rules.minBefore + 1 + Math.min(rules.minAfter, 2))) return NONE;
  const plain = plainCore(word);
  if (plain) {
    // Letters of the Latin-1 range between simple punctuation: the common case, without regexes.
    const [lead, trail] = plain;
    const n = trail - lead;
    if (n < rules.minWord) return NONE;
    const core = word.slice(lead, trail);
    if (core === core.toUpperCase() || acronymHead(core)) return NONE;
    const out: WordBreak[] = [];
    for (const p of patterns(core)) if (p.at >= rules.minBefore && n - p.at >= rules.minAfter) out.push(hyphenAt(lead, p));
    return out;
  }
  if (unbreakable(word)) return [];
  const lead = LEADING.exec(word)?.[0].length ?? 0;
  const trail = TRAILING.exec(word.slice(lead))?.[0].length ?? 0;
  const core = word.slice(lead, word.length - trail);
  if (core === '') return [];
  if (/[-\u2010\u2013]/.test(core)) {
    // Only the last part is hyphenated: a break in an earlier one would end the line a piece
    // before the word's own hyphen (Uten-|riks-departementet, Bar-|ne- og).
    const from = core.search(/[^-\u2010\u2013]*$/);
    return [...explicitBreaks(core, lead, rules), ...partBreaks(core.slice(from), lead + from, rules, patterns)];
  }
  return partBreaks(core, lead, rules, patterns);
}

/** The pattern breaks of a word (or part of one) of letters only, at `offset` in its word: none in an acronym or a short word. */
function partBreaks(core: string, offset: number, rules: HyphenationRules, patterns: (core: string) => readonly Point[]): WordBreak[] {
  if (core === '' || !/^[\p{L}\p{M}]+$/u.test(core)) return [];
  const letters = codePoints(core);
  // Acronyms (with an ending too) and short words stay whole.
  if (letters < rules.minWord || (core === core.toUpperCase() && core !== core.toLowerCase()) || acronymHead(core)) return [];
  // The core is letters only: its code points are its letters.
  return patterns(core)
    .filter((p) => codePoints(core.slice(0, p.at)) >= rules.minBefore && codePoints(core.slice(p.at)) >= rules.minAfter)
    .map((p) => hyphenAt(offset, p));
}

/** An acronym with an ending (RVTSenes, UNICEFs): two capitals first; kept whole like the acronym. */
function acronymHead(core: string): boolean {
  const head = core.slice(0, 2);
  return head === head.toUpperCase() && head !== head.toLowerCase();
}

function hyphenAt(lead: number, p: Point): WordBreak {
  return p.place === undefined ? { at: lead + p.at, kind: 'hyphen' } : { at: lead + p.at, kind: 'hyphen', place: p.place };
}

const NONE: readonly WordBreak[] = [];

/** Start and end of a word's letters when they are all Latin-1 letters inside simple punctuation. */
function plainCore(word: string): [number, number] | undefined {
  let lead = 0;
  let trail = word.length;
  while (lead < trail && LEAD.has(word.charCodeAt(lead))) lead++;
  while (trail > lead && TRAIL.has(word.charCodeAt(trail - 1))) trail--;
  if (lead === trail) return undefined;
  for (let i = lead; i < trail; i++) {
    const c = word.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7);
    if (!letter) return undefined;
  }
  return [lead, trail];
}

const LEAD = new Set([...'("\'«‹„‚“‘*'].map((c) => c.charCodeAt(0)));
const TRAIL = new Set([...')"\'»›.,:;!?…*”’'].map((c) => c.charCodeAt(0)));

/** "Utenriks-departementet": a break after each hyphen with enough letters on both sides. */
function explicitBreaks(core: string, offset: number, rules: HyphenationRules): WordBreak[] {
  const out: WordBreak[] = [];
  for (let i = 0; i < core.length; i++) {
    const c = core[i]!;
    if (c !== '-' && c !== '\u2010' && c !== '\u2013') continue;
    const before = core.slice(0, i).split(/[-\u2010\u2013]/).pop()!;
    const after = core.slice(i + 1).split(/[-\u2010\u2013]/)[0]!;
    if (letterCount(before) >= rules.minBefore && letterCount(after) >= Math.min(rules.minAfter, 2) && LETTER.test(after)) {
      out.push({ at: offset + i + 1, kind: 'explicit' });
    }
  }
  return out;
}

/** Soft hyphens typed in the text are the word's only break points, as in TeX. */
function softBreaks(word: string, soft: readonly number[], rules: HyphenationRules): WordBreak[] {
  if (unbreakable(word)) return [];
  return soft
    .filter((at) => at > 0 && at < word.length)
    .filter((at) => letterCount(word.slice(0, at)) >= 1 && letterCount(word.slice(at)) >= Math.min(rules.minAfter, 2))
    .map((at) => ({ at, kind: 'hyphen' as const }));
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

function letterCount(s: string): number {
  let n = 0;
  for (const ch of s) if (LETTER.test(ch)) n++;
  return n;
}

/** The languages an issue's text is in: the issue's own and every article's. */
export function languagesOf(issue: { readonly language: string; readonly sections: readonly { readonly articles: readonly { readonly language?: string }[] }[] }): string[] {
  const set = new Set<string>([issue.language]);
  for (const s of issue.sections) for (const a of s.articles) if (a.language) set.add(a.language);
  return [...set];
}
