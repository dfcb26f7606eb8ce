// Reads a YAML file keeping positions, so that every later check can say file:line:column.
import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Problem, SourcePos } from './problems.js';

export type Path = readonly (string | number)[];

export class YamlSource {
  private value: unknown;

  private constructor(
    readonly file: string,
    readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Parses a file; YAML syntax errors come back as problems with their positions. */
  static read(path: string, displayName: string): { source?: YamlSource; problems: Problem[] } {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return { problems: [{ message: `${displayName}: cannot read the file (does it exist?)` }] };
    }
    const decoded = decodeUtf8(bytes, displayName);
    if ('problem' in decoded) return { problems: [decoded.problem] };
    return YamlSource.parse(decoded.text, displayName);
  }

  static parse(text: string, displayName: string): { source?: YamlSource; problems: Problem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const source = new YamlSource(displayName, text, doc, lines);
    const problems: Problem[] = doc.errors.map((e) => ({
      at: source.posOf(e.pos[0]),
      message: `YAML syntax: ${yamlMessage(e.message)}`,
    }));
    problems.push(...replacementCharacters(source));
    if (problems.length > 0) return { problems };
    try {
      source.value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      return { problems: [{ at: source.firstAlias(), message: ALIAS_BOMB }] };
    }
    return { source, problems };
  }

  data(): unknown {
    return this.value;
  }

  private firstAlias(): SourcePos {
    let at: SourcePos = this.posOf(0);
    let found = false;
    visit(this.doc, {
      Alias: (_key, node) => {
        if (!found && isAlias(node) && node.range) {
          at = this.posOf(node.range[0]);
          found = true;
        }
      },
    });
    return at;
  }

  posOf(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private node(path: Path): Node | undefined {
    const n = this.doc.getIn(path, true);
    return isNode(n) ? n : undefined;
  }

  /** Position of the value at `path`, or of its nearest existing parent. */
  at(path: Path): SourcePos {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.posOf(node.range[0]);
    }
    return this.posOf(0);
  }

  /** Position of a key inside the mapping at `path`. */
  keyAt(path: Path, key: string): SourcePos {
    const map = this.node(path);
    if (isMap(map)) {
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
          return this.posOf(item.key.range[0]);
        }
      }
    }
    return this.at(path);
  }

  /**
   * Position of `needle` inside the scalar at `path`: exact for the usual case where the needle
   * appears literally in the source, else the scalar's start.
   */
  within(path: Path, needle: string): SourcePos {
    const node = this.node(path);
    if (node?.range) {
      const [start, , end] = node.range;
      const found = this.text.indexOf(needle, start);
      if (found >= 0 && found < end) return this.posOf(found);
      return this.posOf(start);
    }
    return this.at(path);
  }
}

/** How far aliases (`*name`) may multiply a file's contents; the yaml library's own default. */
const MAX_ALIASES = 100;
const ALIAS_BOMB =
  'this file repeats YAML aliases (*name) so often that reading it would make an enormous document: expected the repeated parts written out, without aliases inside aliases';

/** Reads bytes that must be UTF-8; bytes that are not say where, and what they probably were. */
export function decodeUtf8(bytes: Uint8Array, file: string): { text: string } | { problem: Problem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.split('\n').length;
    const column = [...before.slice(lineStart)].length + 1;
    const meant = new TextDecoder('windows-1252').decode(bytes.subarray(bad, bad + 1));
    return {
      problem: {
        at: { file, line, column },
        message:
          `the file is not saved as UTF-8: the byte here is not a letter in UTF-8 (saved as Windows-1252 or Latin-1, it would be "${meant}"): ` +
          'expected UTF-8 — save the file again with the encoding UTF-8 (in Notepad: Save as, Encoding: UTF-8)',
      },
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** U+FFFD in a file means a letter was lost in some conversion before: never print it. */
function replacementCharacters(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  for (let i = source.text.indexOf('\uFFFD'); i >= 0 && problems.length < 20; i = source.text.indexOf('\uFFFD', i + 1)) {
    problems.push({
      at: source.posOf(i),
      message: 'a replacement character "\uFFFD" stands here: a letter was lost when this text was copied or converted: expected the letter itself — type it again',
    });
  }
  return problems;
}

function yamlMessage(message: string): string {
  // The yaml library appends its own "at line x, column y" and a code excerpt; we give positions ourselves.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
