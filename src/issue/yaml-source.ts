// Reads a YAML file keeping positions, so that every later check can say file:line:column.
import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isCollection, isMap, isNode, isPair, isScalar, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { Problem, SourcePos } from './problems.js';
import { readQuickly, type Spot } from './yaml-quick.js';

export type Path = readonly (string | number)[];

export class YamlSource {
  /** Lines of the file before `text` (a part of a file, see `parsePart`). */
  private lineOffset = 0;
  /** For a part of a file: the path in the whole file of the part's one item, read as `[0]` of the part. */
  private partPath?: Path;

  private constructor(
    readonly file: string,
    readonly text: string,
    private readonly places: Places,
    private readonly lines: LineCounter,
    private readonly value: unknown,
  ) {}

  /**
   * Parses one item of a block sequence, cut from a file whose item it is at `path` and which
   * starts on line `line` of the file (its text as it stands there, indentation and all): its
   * positions are the file's and it answers for the paths under `path`. Undefined when the part
   * has any problem (read the whole file then, for the problems as the whole file gives them).
   */
  static parsePart(text: string, displayName: string, line: number, path: Path): YamlSource | undefined {
    const { source, problems } = YamlSource.parse(text, displayName);
    const items = source?.data();
    if (!source || problems.length > 0 || !Array.isArray(items) || items.length !== 1) return undefined;
    source.lineOffset = line - 1;
    source.partPath = path;
    return source;
  }

  /** Parses a file; YAML syntax errors come back as problems with their positions. */
  static read(path: string, displayName: string): { source?: YamlSource; problems: Problem[] } {
    const read = YamlSource.text(path, displayName);
    return 'text' in read ? YamlSource.parse(read.text, displayName) : read;
  }

  /** A file's text, or why it cannot be read as UTF-8 text. */
  static text(path: string, displayName: string): { text: string } | { problems: Problem[] } {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return { problems: [{ message: `${displayName}: cannot read the file (does it exist?)` }] };
    }
    const decoded = decodeUtf8(bytes, displayName);
    return 'problem' in decoded ? { problems: [decoded.problem] } : { text: decoded.text };
  }

  static parse(text: string, displayName: string): { source?: YamlSource; problems: Problem[] } {
    const quick = text.includes('\uFFFD') ? undefined : readQuickly(text);
    if (quick) return { source: new YamlSource(displayName, text, quickPlaces(quick.root), linesOf(text), quick.value), problems: [] };
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
    const posOf = (offset: number): SourcePos => {
      const { line, col } = lines.linePos(offset);
      return { file: displayName, line, column: col };
    };
    // The yaml library's own wording never reaches the user: each of its findings is said again
    // in plain words, with what was expected.
    const found: { offset: number; message: string }[] = [
      ...doc.errors.map((e) => ({ offset: opening(e, text), message: yamlMessage(e, text, doc, lines) })),
      ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED').map((w) => ({ offset: w.pos[0], message: tagMessage(text, w.pos[0]) })),
      ...readerTraps(doc, text),
    ];
    // One problem a line: the library's later findings on a line follow from its first.
    const seen = new Set<number>();
    const problems = found
      .sort((a, b) => a.offset - b.offset)
      .map((f) => ({ at: posOf(f.offset), message: `YAML syntax: ${f.message}` }))
      .filter((p) => !seen.has(p.at.line) && seen.add(p.at.line));
    problems.push(...replacementCharacters(text, posOf));
    if (problems.length > 0) return { problems };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      return { problems: [{ at: posOf(firstAlias(doc)), message: ALIAS_BOMB }] };
    }
    return { source: new YamlSource(displayName, text, docPlaces(doc), lines, value), problems };
  }

  data(): unknown {
    return this.value;
  }

  posOf(offset: number): SourcePos {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line: line + this.lineOffset, column: col };
  }

  private node(path: Path): Span | undefined {
    return this.places.node(this.own(path));
  }

  /** A path of the whole file as a path of this part's document. */
  private own(path: Path): Path {
    const part = this.partPath;
    if (!part) return path;
    return part.every((k, i) => path[i] === k) ? [0, ...path.slice(part.length)] : [];
  }

  /** Position of the value at `path`, or of its nearest existing parent. */
  at(path: Path): SourcePos {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node) return this.posOf(node.start);
    }
    return this.posOf(0);
  }

  /** Position of a key inside the mapping at `path`. */
  keyAt(path: Path, key: string): SourcePos {
    const at = this.places.key(this.own(path), key);
    return at === undefined ? this.at(path) : this.posOf(at);
  }

  /**
   * Position of `needle` inside the scalar at `path`: exact for the usual case where the needle
   * appears literally in the source, else the scalar's start.
   */
  within(path: Path, needle: string): SourcePos {
    const node = this.node(path);
    if (node) {
      const { start, end } = node;
      const found = this.text.indexOf(needle, start);
      if (found >= 0 && found < end) return this.posOf(found);
      return this.posOf(start);
    }
    return this.at(path);
  }
}

/** Where a value starts and ends in the text. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** The places of a file's values and keys, by path: from the yaml library's document or the quick reader's spots. */
interface Places {
  node(path: Path): Span | undefined;
  key(path: Path, key: string): number | undefined;
}

function docPlaces(doc: Document): Places {
  const node = (path: Path): Node | undefined => {
    const n = doc.getIn(path, true);
    return isNode(n) ? n : undefined;
  };
  return {
    node: (path) => {
      const range = node(path)?.range;
      return range ? { start: range[0], end: range[2] } : undefined;
    },
    key: (path, key) => {
      const map = node(path);
      if (!isMap(map)) return undefined;
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) return item.key.range[0];
      }
      return undefined;
    },
  };
}

function quickPlaces(root: Spot): Places {
  const spot = (path: Path): Spot | undefined => {
    let s: Spot | undefined = root;
    for (const k of path) s = typeof k === 'number' ? s?.items?.[k] : s?.keys?.get(k)?.value;
    return s;
  };
  return { node: spot, key: (path, key) => spot(path)?.keys?.get(key)?.at };
}

/** The yaml library's line counter for `text`, as its parser fills it: a line starts at 0 and after each line feed. */
function linesOf(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

const QUOTE = 'the text in quotes ("…")';

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
function replacementCharacters(text: string, posOf: (offset: number) => SourcePos): { at: SourcePos; message: string }[] {
  const problems: { at: SourcePos; message: string }[] = [];
  for (let i = text.indexOf('\uFFFD'); i >= 0 && problems.length < 20; i = text.indexOf('\uFFFD', i + 1)) {
    problems.push({
      at: posOf(i),
      message: 'a replacement character "\uFFFD" stands here: a letter was lost when this text was copied or converted: expected the letter itself — type it again',
    });
  }
  return problems;
}

/** Where the first alias (`*name`) stands: the place to start undoing an alias bomb. */
function firstAlias(doc: Document): number {
  let at = 0;
  let found = false;
  visit(doc, {
    Alias: (_key, node) => {
      if (!found && isAlias(node) && node.range) {
        at = node.range[0];
        found = true;
      }
    },
  });
  return at;
}

/** A finding of the yaml library in plain words: what is wrong at that place, and what was expected. */
function yamlMessage(e: YAMLError, text: string, doc: Document, lines: LineCounter): string {
  // Only the first line, without the library's "at line x, column y": we give positions ourselves.
  const m = e.message.split('\n')[0]!;
  const at = e.pos[0];
  const ch = text[at] ?? '';
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return (text.match(/^---/gm) ?? []).length >= 2 || !/^\.\.\.\s*$/m.test(text)
        ? 'the file holds more than one YAML document (a line "---" starts a second one): expected one'
        : 'the file holds more than one YAML document (a line "..." ends the first one): expected one';
    case 'DUPLICATE_KEY':
      return duplicateKey(doc, at, lines);
    case 'TAB_AS_INDENT':
      return 'a tab stands in the indentation: expected spaces (YAML does not allow tabs for indenting)';
    case 'BAD_INDENT':
      if (/sequence items/i.test(m)) return 'this "- " does not start in the same column as the entries above it: expected every "- " of one list in the same column';
      if (/mapping items/i.test(m)) return 'this key does not start in the same column as the keys above it: expected the keys of one mapping in the same column';
      if (/^Flow sequence/.test(m)) return 'a list opened with "[" is not closed: expected "]" at its end';
      if (/^Flow map/.test(m)) return 'a mapping opened with "{" is not closed: expected "}" at its end';
      return 'the indentation of this line does not fit the lines around it: expected it to start in the same column as the keys or entries it belongs with';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `a second "key: value" stands where a value was expected: expected it on a line of its own, in the same column as the keys above it, or ${QUOTE} if it holds ": "`;
    case 'MISSING_CHAR':
      if (/closing "quote/.test(m)) return 'a text opened with " is not closed: expected " at its end';
      if (/closing 'quote/.test(m)) return "a text opened with ' is not closed: expected ' at its end";
      if (/Implicit map keys need to be followed by map values/.test(m)) return 'a line with neither ":" nor "- ": expected "key: value", or "- " before an entry of a list';
      if (/Missing , (or : )?between/.test(m)) return 'expected "," between the entries of a list or mapping written in brackets';
      if (/Comments must be separated/.test(m)) return `"#" right after a value: expected a space before "#" (which starts a comment), or ${QUOTE}`;
      if (/Sequence item without - indicator/.test(m)) return 'expected "- " before an entry of a list';
      if (/Missing space after :/.test(m)) return 'expected a space after ":"';
      if (/Tags and anchors/.test(m)) return `a value starting with "&" or "!" has a meaning of its own in YAML: expected ${QUOTE}`;
      return 'the line is not complete YAML here: expected "key: value" lines and "- " entries (see README.md)';
    case 'BAD_SCALAR_START':
      return `a text cannot start with "${ch}" in YAML: expected ${QUOTE}, or written on the next lines after ">-"`;
    case 'BAD_DQ_ESCAPE':
      return 'a backslash in a "double-quoted" text starts an escape YAML does not know: expected \\\\ for a backslash, or the text in single quotes';
    case 'UNEXPECTED_TOKEN':
      if (/Block scalar header/.test(m)) return 'expected nothing after ">-" or "|" on its line: the text starts on the next line, indented';
      if (/Unexpected (empty item|,)/.test(m)) return 'two commas with nothing between them: expected a value between them';
      if (/block-seq-ind on same line with key/.test(m)) return 'a list entry "- " stands on the line of its key: expected it on the next line, indented';
      return `"${ch}" is not allowed here in YAML: expected "key: value" lines and "- " entries, or ${QUOTE}`;
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'BAD_PROP_ORDER':
      return `a value starting with "*", "&" or "!" has a meaning of its own in YAML: expected ${QUOTE}`;
    case 'TAG_RESOLVE_FAILED':
      return tagMessage(text, at);
    case 'KEY_OVER_1024_CHARS':
      return `a key over 1024 characters long (a long line with ": " in it?): expected a short key, or ${QUOTE}`;
    case 'BLOCK_IN_FLOW':
      return 'a list or mapping in brackets holds lines of "- " or "key: value": expected one way of writing it';
    case 'BAD_DIRECTIVE':
      return `a line starting with "%" is a YAML directive: expected it removed, or ${QUOTE}`;
    default:
      return 'this is not YAML the tool can read: expected "key: value" lines and "- " entries (see README.md)';
  }
}

/**
 * Where to point for a quote or bracket that is never closed: at its opening (the library points
 * at where it gave up, often the end of the file).
 */
function opening(e: YAMLError, text: string): number {
  const m = e.message;
  const mark = /closing "quote/.test(m) ? '"' : /closing 'quote/.test(m) ? "'" : /^Flow sequence/.test(m) ? '[' : /^Flow map/.test(m) ? '{' : undefined;
  if (!mark) return e.pos[0];
  const at = text.lastIndexOf(mark, e.pos[0] - 1);
  return at >= 0 ? at : e.pos[0];
}

/** The second of two equal keys in one mapping, with the line of the first. */
function duplicateKey(doc: Document, offset: number, lines: LineCounter): string {
  let message = 'a key stands twice in one mapping: expected each key once';
  visit(doc, {
    Map(_, map) {
      const first = new Map<unknown, number>();
      for (const item of map.items) {
        if (!isScalar(item.key) || !item.key.range) continue;
        const earlier = first.get(item.key.value);
        if (earlier !== undefined && item.key.range[0] === offset) {
          message = `the key "${String(item.key.value)}" stands twice in one mapping (first on line ${lines.linePos(earlier).line}): expected each key once`;
          return visit.BREAK;
        }
        if (earlier === undefined) first.set(item.key.value, item.key.range[0]);
      }
      return undefined;
    },
  });
  return message;
}

function tagMessage(text: string, offset: number): string {
  const word = /^!\S*/.exec(text.slice(offset))?.[0] ?? '!';
  return `a value starting with "${word}" is read as a YAML tag, and "${word}" would be dropped from the text: expected ${QUOTE}`;
}

/**
 * Valid YAML that reads as something else than what was written: a handlebars template without
 * quotes ({{period}} is a mapping), a list or mapping used as a key, an alias ("*name") without its
 * anchor, an anchor ("&name") no alias uses, which only drops "&name" from the text. Reported
 * before the file is read into data, as the library would only warn, throw or say nothing.
 */
function readerTraps(doc: Document, text: string): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  const aliased = new Set<string>();
  visit(doc, (_, node) => {
    if (isAlias(node)) aliased.add(node.source);
  });
  visit(doc, (_, node) => {
    if (!isNode(node) || isAlias(node) || !node.anchor || aliased.has(node.anchor) || !node.range) return;
    const word = `&${node.anchor}`;
    const offset = text.lastIndexOf(word, node.range[0]);
    found.push({ offset: offset >= 0 ? offset : node.range[0], message: `a value starting with "${word}" is read as a YAML anchor, and "${word}" would be dropped from the text: expected ${QUOTE}` });
  });
  visit(doc, {
    Map(_, map) {
      if (!map.items.some((p) => isCollection(p.key)) || !map.range) return;
      const start = map.range[0];
      const written = text.slice(start, map.range[1]).split('\n')[0]!.trim();
      found.push({
        offset: start,
        message: text[start] === '{' && text[start + 1] === '{'
          ? `${written} is read as a mapping in YAML, not as text: expected the template in quotes, like "${written.replace(/"/g, '\\"')}"`
          : 'a list or a mapping stands where a key was expected: expected a name before ":"',
      });
    },
    Alias(_, alias) {
      if (alias.resolve(doc) || !alias.range) return;
      found.push({ offset: alias.range[0], message: `"*${alias.source}" is read as an alias in YAML, and no "&${alias.source}" stands before it: expected ${QUOTE}` });
    },
  });
  return found;
}
