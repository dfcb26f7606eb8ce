// Liang's hyphenation patterns of the `hyphen` package, in a form that loads and looks up fast.
//
// The package ships each language as a JavaScript literal: a table of levels, a trie of nested
// objects and a list of exceptions. Compiling that literal costs a tenth of a build, and walking
// a trie of dictionary objects is slow while the code is still cold. `npm run prepare` (see
// src/tools/patterns.ts) therefore stores each trie as typed arrays in dist/patterns/<lang>.bin,
// read without parsing; without that file the package's module is loaded and compiled here,
// which gives the same patterns, only slower. The lookup is the package's own (`hyphenateWord`,
// quirks and all), so the break points are the package's: a test holds the two to agreement.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's form: levels table, trie of patterns, exceptions (word → break offsets). */
export type PackagePatterns = readonly [readonly (readonly number[])[], Trie, Readonly<Record<string, readonly number[]>>?];
type Trie = { readonly [letter: string]: TrieNode };
type TrieNode = Trie | number | readonly [Trie, number];

/** The trie as arrays: node n's children are edges childStart[n] … +childCount[n], sorted by char. */
export interface Patterns {
  readonly childStart: Int32Array;
  readonly childCount: Int32Array;
  /** Index into the levels table of the pattern ending at a node, or -1. */
  readonly nodeLevels: Int32Array;
  readonly edgeChar: Int32Array;
  readonly edgeTarget: Int32Array;
  readonly levelsStart: Int32Array;
  readonly levelsLength: Int32Array;
  readonly levels: Uint8Array;
  readonly exceptions: ReadonlyMap<string, readonly number[]>;
}

const require = createRequire(import.meta.url);

/** dist/patterns/ of this tool, from both src/text/ (tests) and dist/text/. */
export const compiledDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'patterns');

export function packageDir(): string {
  return join(dirname(require.resolve('hyphen/hyphen.js')), 'patterns');
}

/** The patterns of one of the package's files (`nb`, `en-gb` …). */
export function readPatterns(name: string): Patterns {
  const file = join(compiledDir, `${name}.bin`);
  if (existsSync(file)) {
    try {
      return decode(readFileSync(file));
    } catch {
      /* a damaged file: compile from the package */
    }
  }
  return compile(require(join(packageDir(), `${name}.js`)) as PackagePatterns);
}

export function compile([table, trie, exceptions]: PackagePatterns): Patterns {
  const starts: number[] = [];
  const counts: number[] = [];
  const nodeLevels: number[] = [];
  const edgeChar: number[] = [];
  const edgeTarget: number[] = [];
  // Breadth first: a node's edges are written together, its children numbered as they come.
  const queue: { children: Trie | undefined; level: number }[] = [{ children: trie, level: -1 }];
  for (let n = 0; n < queue.length; n++) {
    const { children, level } = queue[n]!;
    nodeLevels.push(level);
    const keys = children ? Object.keys(children).sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0)) : [];
    starts.push(edgeChar.length);
    counts.push(keys.length);
    for (const k of keys) {
      const v = children![k]!;
      edgeChar.push(k.charCodeAt(0));
      edgeTarget.push(queue.length);
      if (Array.isArray(v)) queue.push({ children: v[0] as Trie, level: v[1] as number });
      else if (typeof v === 'number') queue.push({ children: undefined, level: v });
      else queue.push({ children: v as Trie, level: -1 });
    }
  }
  const levelsStart: number[] = [];
  const levelsLength: number[] = [];
  const levels: number[] = [];
  for (const row of table) {
    levelsStart.push(levels.length);
    levelsLength.push(row.length);
    levels.push(...row);
  }
  return {
    childStart: Int32Array.from(starts), childCount: Int32Array.from(counts), nodeLevels: Int32Array.from(nodeLevels),
    edgeChar: Int32Array.from(edgeChar), edgeTarget: Int32Array.from(edgeTarget),
    levelsStart: Int32Array.from(levelsStart), levelsLength: Int32Array.from(levelsLength), levels: Uint8Array.from(levels),
    exceptions: new Map(Object.entries(exceptions ?? {})),
  };
}

const MAGIC = 0x31505948; // "HYP1"
const INT_ARRAYS = ['childStart', 'childCount', 'nodeLevels', 'edgeChar', 'edgeTarget', 'levelsStart', 'levelsLength'] as const;

/** The compiled patterns as bytes: a header of lengths, the arrays, the exceptions as JSON. */
export function encode(p: Patterns): Buffer {
  const exceptions = Buffer.from(JSON.stringify(Object.fromEntries(p.exceptions)));
  const header = Int32Array.from([MAGIC, ...INT_ARRAYS.map((k) => p[k].length), p.levels.length, exceptions.length]);
  const levels = Buffer.alloc(Math.ceil(p.levels.length / 4) * 4);
  levels.set(p.levels);
  return Buffer.concat([Buffer.from(header.buffer), ...INT_ARRAYS.map((k) => Buffer.from(p[k].buffer, p[k].byteOffset, p[k].byteLength)), levels, exceptions]);
}

export function decode(bytes: Buffer): Patterns {
  // Copied once into an aligned buffer, the arrays are views on it.
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  const header = new Int32Array(buffer, 0, INT_ARRAYS.length + 3);
  if (header[0] !== MAGIC) throw new Error('not a compiled pattern file');
  let at = header.byteLength;
  const arrays: Record<string, Int32Array> = {};
  INT_ARRAYS.forEach((k, i) => {
    const n = header[i + 1]!;
    arrays[k] = new Int32Array(buffer, at, n);
    at += n * 4;
  });
  const levelCount = header[INT_ARRAYS.length + 1]!;
  const levels = new Uint8Array(buffer, at, levelCount);
  at += Math.ceil(levelCount / 4) * 4;
  const json = new TextDecoder().decode(new Uint8Array(buffer, at, header[INT_ARRAYS.length + 2]!));
  return { ...(arrays as unknown as Omit<Patterns, 'levels' | 'exceptions'>), levels, exceptions: new Map(Object.entries(JSON.parse(json) as Record<string, number[]>)) };
}

/**
 * Liang's break points of a word of letters, as UTF-16 offsets: the package's `hyphenateWord`
 * on the arrays, without the package's text scanner.
 */
export function liang(p: Patterns, word: string): readonly number[] {
  // toLowerCase, not the package's toLocaleLowerCase: the same on every machine.
  const lower = word.toLowerCase();
  const exception = p.exceptions.get(lower);
  if (exception) return exception;
  const dotted = `.${lower}.`;
  const n = word.length;
  // The package's array grows by one when a pattern ends at the word's final dot; then its
  // last two places are zeroed one place further on. Both are kept here.
  const levels = new Uint8Array(n + 2);
  let grown = false;
  const { childStart, childCount, nodeLevels, edgeChar, edgeTarget, levelsStart, levelsLength } = p;
  for (let s = 0; s + 3 <= dotted.length; s++) {
    const at = s === 0 ? 0 : s - 1;
    let node = 0;
    for (let j = s; j < dotted.length; j++) {
      const c = dotted.charCodeAt(j);
      let lo = childStart[node]!;
      let hi = lo + childCount[node]! - 1;
      let next = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const e = edgeChar[mid]!;
        if (e === c) {
          next = edgeTarget[mid]!;
          break;
        }
        if (e < c) lo = mid + 1;
        else hi = mid - 1;
      }
      if (next < 0) break;
      node = next;
      const index = nodeLevels[node]!;
      if (index < 0) continue;
      const from = levelsStart[index]!;
      const length = levelsLength[index]!;
      for (let k = 0; k < length; k++) {
        const i = at + k;
        const v = p.levels[from + k]!;
        if (i > n) grown = true;
        else if (v > levels[i]!) levels[i] = v;
      }
    }
  }
  const end = grown ? n + 2 : n + 1;
  levels[0] = levels[1] = levels[end - 1] = levels[end - 2] = 0;
  const out: number[] = [];
  for (let i = 0; i <= n; i++) if ((levels[i]! & 1) === 1) out.push(i);
  return out;
}
