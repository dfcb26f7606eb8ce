// A language's word list, for finding the seams of compounds (menneske|handel). Read from a
// hunspell dictionary (the npm packages dictionary-nb and dictionary-nn: the spell-norwegian
// project's lists, GPL-2.0), its suffix rules applied, and stored as a minimal automaton (a
// DAWG: words sharing beginnings share states, and so do words sharing endings) in typed
// arrays. `npm run prepare` writes it to dist/words/<lang>.bin (3 MB for nb), read in a few
// milliseconds without parsing; without that file it is compiled here, which takes seconds.
//
// Each word is marked as a whole word, or also as a productive first part of compounds: one
// that begins at least `PRODUCTIVE` other words of the list that go on with a word of the list
// (with or without a linking s or e). "menneske" begins 578 such words, "menn" 9: "menneske"
// is read as a part of compounds, "menn" not, and "menneske" is not split as menn|eske.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The automaton: state n's edges are edgeStart[n] … edgeStart[n+1]-1, sorted by char. */
export interface WordList {
  readonly edgeStart: Int32Array;
  readonly edgeChar: Uint16Array;
  readonly edgeTarget: Int32Array;
  /** 0: no word ends here; 1: a word; 2: a word that is also a productive first part. */
  readonly final: Uint8Array;
}

export const WORD = 1;
export const FIRST_PART = 2;
/** Compounds a word must begin to count as a first part. */
export const PRODUCTIVE = 20;
/** Shortest part of a compound, in letters (hunspell nb's COMPOUNDMIN). */
export const MIN_PART = 4;

const require = createRequire(import.meta.url);
export const wordsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'words');

/** The npm package holding a language's hunspell dictionary, for the languages that have one here. */
const PACKAGES: Readonly<Record<string, string>> = { nb: 'dictionary-nb', nn: 'dictionary-nn' };

export function wordListLanguages(): string[] {
  return Object.keys(PACKAGES);
}

/** The word list of a language (nb, nn), or undefined when none is installed. */
export function readWordList(lang: string): WordList | undefined {
  const file = join(wordsDir, `${lang}.bin`);
  if (existsSync(file)) {
    try {
      return decode(readFileSync(file));
    } catch {
      /* a damaged file: compile from the package */
    }
  }
  const dic = dictionaryFiles(lang);
  return dic ? compileWordList(readFileSync(dic.aff, 'utf8'), readFileSync(dic.dic, 'utf8')) : undefined;
}

export function dictionaryFiles(lang: string): { aff: string; dic: string } | undefined {
  const pkg = PACKAGES[lang];
  if (!pkg) return undefined;
  try {
    // The package exports only its index.js; the dictionary files lie beside it.
    const dir = dirname(require.resolve(pkg));
    return { aff: join(dir, 'index.aff'), dic: join(dir, 'index.dic') };
  } catch {
    return undefined;
  }
}

/** Every form of a hunspell dictionary (suffix rules applied; prefixes, which make new words, not), lower case, letters only. */
export function expand(aff: string, dic: string): Set<string> {
  const rules = new Map<string, { strip: string; add: string; cond: RegExp }[]>();
  for (const line of aff.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'SFX' || f.length < 5) continue;
    const [, flag, strip, add, cond] = f as [string, string, string, string, string];
    let list = rules.get(flag);
    if (!list) rules.set(flag, (list = []));
    list.push({ strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add.split('/')[0]!, cond: new RegExp(`${cond}$`, 'u') });
  }
  const forms = new Set<string>();
  const letters = /^\p{L}+$/u;
  for (const line of dic.split('\n').slice(1)) {
    const slash = line.indexOf('/');
    const word = (slash < 0 ? line : line.slice(0, slash)).trim().toLowerCase();
    if (!letters.test(word)) continue;
    forms.add(word);
    if (slash < 0) continue;
    for (const flag of line.slice(slash + 1).trim()) {
      for (const r of rules.get(flag) ?? []) {
        if (!r.cond.test(word) || !word.endsWith(r.strip)) continue;
        forms.add(word.slice(0, word.length - r.strip.length) + r.add);
      }
    }
  }
  return forms;
}

/** The first parts among `forms`: words that begin at least `PRODUCTIVE` compounds of the list. */
export function firstParts(forms: ReadonlySet<string>): Set<string> {
  const count = new Map<string, number>();
  for (const w of forms) {
    for (let i = MIN_PART; i <= w.length - MIN_PART; i++) {
      const head = w.slice(0, i);
      if (!forms.has(head)) continue;
      const rest = w.slice(i);
      const linked = (rest[0] === 's' || rest[0] === 'e') && rest.length > MIN_PART && forms.has(rest.slice(1));
      if (forms.has(rest) || linked) count.set(head, (count.get(head) ?? 0) + 1);
    }
  }
  return new Set([...count].filter(([, n]) => n >= PRODUCTIVE).map(([w]) => w));
}

/** The dictionary's prefixes long enough to be parts (hoved-, etter-, under-): first parts of the words they begin. */
export function prefixes(aff: string): string[] {
  const out = new Set<string>();
  for (const line of aff.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'PFX' && f.length >= 5 && f[3]!.length >= MIN_PART) out.add(f[3]!.toLowerCase());
  }
  return [...out];
}

export function compileWordList(aff: string, dic: string): WordList {
  const forms = expand(aff, dic);
  const parts = firstParts(forms);
  for (const p of prefixes(aff)) {
    forms.add(p);
    parts.add(p);
  }
  return buildDawg([...forms].map((w) => [w, parts.has(w) ? FIRST_PART : WORD] as const));
}

interface State {
  final: number;
  readonly edges: Map<number, State>;
  id: number;
}

/**
 * The minimal automaton of words with their marks, built as the words come in sorted order
 * (Daciuk et al., "Incremental construction of minimal acyclic finite-state automata", 2000).
 */
export function buildDawg(entries: readonly (readonly [string, number])[]): WordList {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let ids = 0;
  const root: State = { final: 0, edges: new Map(), id: ids++ };
  const register = new Map<string, State>();
  const unchecked: { parent: State; char: number; child: State }[] = [];
  const signature = (s: State) => {
    let sig = String(s.final);
    for (const [c, t] of s.edges) sig += `,${c}:${t.id}`;
    return sig;
  };
  const minimise = (downTo: number) => {
    while (unchecked.length > downTo) {
      const { parent, char, child } = unchecked.pop()!;
      const sig = signature(child);
      const same = register.get(sig);
      if (same) parent.edges.set(char, same);
      else register.set(sig, child);
    }
  };
  let previous = '';
  for (const [word, mark] of sorted) {
    if (word === previous) continue;
    let common = 0;
    while (common < word.length && common < previous.length && word.charCodeAt(common) === previous.charCodeAt(common)) common++;
    minimise(common);
    let state = unchecked.length > 0 ? unchecked[unchecked.length - 1]!.child : root;
    for (let i = common; i < word.length; i++) {
      const next: State = { final: 0, edges: new Map(), id: ids++ };
      state.edges.set(word.charCodeAt(i), next);
      unchecked.push({ parent: state, char: word.charCodeAt(i), child: next });
      state = next;
    }
    state.final = mark;
    previous = word;
  }
  minimise(0);
  // Numbered breadth first from the root; edges in char order (they were added in that order).
  const order: State[] = [root];
  const number = new Map<State, number>([[root, 0]]);
  for (let n = 0; n < order.length; n++) {
    for (const t of order[n]!.edges.values()) {
      if (!number.has(t)) {
        number.set(t, order.length);
        order.push(t);
      }
    }
  }
  const edgeStart = new Int32Array(order.length + 1);
  const final = new Uint8Array(order.length);
  let edges = 0;
  for (const s of order) edges += s.edges.size;
  const edgeChar = new Uint16Array(edges);
  const edgeTarget = new Int32Array(edges);
  let e = 0;
  order.forEach((s, n) => {
    edgeStart[n] = e;
    final[n] = s.final;
    for (const [c, t] of [...s.edges].sort((a, b) => a[0] - b[0])) {
      edgeChar[e] = c;
      edgeTarget[e++] = number.get(t)!;
    }
  });
  edgeStart[order.length] = e;
  return { edgeStart, edgeChar, edgeTarget, final };
}

/** The state reached from `state` by char code `c`, or -1. */
export function step(w: WordList, state: number, c: number): number {
  let lo = w.edgeStart[state]!;
  let hi = w.edgeStart[state + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = w.edgeChar[mid]!;
    if (e === c) return w.edgeTarget[mid]!;
    if (e < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The mark of a word (0 when it is not in the list). */
export function lookup(w: WordList, word: string): number {
  let s = 0;
  for (let i = 0; i < word.length && s >= 0; i++) s = step(w, s, word.charCodeAt(i));
  return s < 0 ? 0 : w.final[s]!;
}

const MAGIC = 0x31445741; // "AWD1"

export function encode(w: WordList): Buffer {
  const header = Int32Array.from([MAGIC, w.edgeStart.length, w.edgeChar.length, w.final.length]);
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  return Buffer.concat([
    Buffer.from(header.buffer),
    Buffer.from(w.edgeStart.buffer, w.edgeStart.byteOffset, w.edgeStart.byteLength),
    Buffer.from(w.edgeTarget.buffer, w.edgeTarget.byteOffset, w.edgeTarget.byteLength),
    pad(Buffer.from(w.edgeChar.buffer, w.edgeChar.byteOffset, w.edgeChar.byteLength)),
    pad(Buffer.from(w.final.buffer, w.final.byteOffset, w.final.byteLength)),
  ]);
}

export function decode(bytes: Buffer): WordList {
  // A file read whole has a buffer of its own: the arrays are views on it, without a copy.
  let buffer: ArrayBufferLike = bytes.buffer;
  let base = bytes.byteOffset;
  if (base % 4 !== 0) {
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    buffer = copy;
    base = 0;
  }
  const header = new Int32Array(buffer, base, 4);
  if (header[0] !== MAGIC) throw new Error('not a compiled word list');
  const [, states1, edges, states] = header as unknown as [number, number, number, number];
  let at = base + 16;
  const edgeStart = new Int32Array(buffer, at, states1);
  at += states1 * 4;
  const edgeTarget = new Int32Array(buffer, at, edges);
  at += edges * 4;
  const edgeChar = new Uint16Array(buffer, at, edges);
  at += Math.ceil((edges * 2) / 4) * 4;
  const final = new Uint8Array(buffer, at, states);
  return { edgeStart, edgeChar, edgeTarget, final };
}
