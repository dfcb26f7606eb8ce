// The quick way to read a YAML file that is plain data: js-yaml, three times as fast as the
// yaml library on an issue's file (its tokenizer is the larger part of loading an issue), with
// the places of its values and keys taken from js-yaml's parse events. It answers only for
// files where both libraries read the same data; for anything else it gives up and the yaml
// library reads the file (yaml-source.ts), as it does for every file with a problem, so that
// every message about the file's YAML is that library's, said again in plain words.
//
// Where the two could differ, the quick reader gives up: on any error js-yaml finds; on an
// anchor, an alias, a tag (a "!" where a value starts), a directive or a document marker, a
// byte order mark, a lone carriage return; on a key that is not plain text; on a quoted value
// or flow collection with a comment right after it, or folded back to its key's indentation;
// and on a mapping or list whose parse events do not match its data one for one. Plain values
// are resolved as the yaml library's YAML 1.2 core schema resolves them (null, true and false,
// whole numbers in decimal, 0o octal and 0x hex, and floating-point numbers), with its own
// patterns. tests/issue/yaml-quick.test.ts reads every YAML file of the project, texts at the
// corners of YAML and mutations of the reference issue both ways.
import { FAILSAFE_SCHEMA, Type, load } from 'js-yaml';

/** Where a value stands in the text: from `start` to `end`, and its items or keys. */
export interface Spot {
  readonly start: number;
  readonly end: number;
  readonly items?: readonly Spot[];
  readonly keys?: ReadonlyMap<string, { readonly at: number; readonly value: Spot }>;
}

/** One implicit type of js-yaml, which keeps one a tag: the yaml library's tests for it, in their order. */
function scalar(name: string, forms: readonly [RegExp, (s: string) => unknown][]): Type {
  const form = (s: string | null) => forms.find(([test]) => test.test(s ?? ''));
  return new Type(`tag:yaml.org,2002:${name}`, { kind: 'scalar', resolve: (s: string | null) => form(s) !== undefined, construct: (s: string | null) => form(s)![1](s ?? '') });
}

// The yaml library's core schema (yaml/dist/schema/core and common/null.js), in its order.
const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.slice(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.slice(2), 16)],
    ]),
    scalar('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});

/**
 * A "!" where a value can start (a tag); a "%" directive or a document marker (---, ...) at a
 * line's start; a carriage return that does not end a line with a line feed (old Mac line
 * ends), which the yaml library takes for an error and js-yaml reads.
 */
function hasTrap(text: string): boolean {
  // Looked for by searching for the one character each begins with: one regular expression
  // of all of them tried every alternative at every place of a long issue file.
  for (let i = text.indexOf('!'); i >= 0; i = text.indexOf('!', i + 1)) if (i === 0 || BEFORE_TAG.test(text[i - 1]!)) return true;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return LINE_TRAP.test(text);
}
const BEFORE_TAG = /[\s[{,]/;
const LINE_TRAP = /^(?:%|---|\.\.\.)/m;

interface Frame {
  start: number;
  children: Node[];
}

interface Node {
  readonly start: number;
  readonly end: number;
  readonly kind: string | null;
  readonly result: unknown;
  readonly children: readonly Node[];
}

class GiveUp extends Error {}

/** The file's data and the places of its values, or undefined where the yaml library must read it. */
export function readQuickly(text: string): { value: unknown; root: Spot } | undefined {
  // js-yaml drops a byte order mark before it reads, which would move every place by one.
  if (text.charCodeAt(0) === 0xfeff || hasTrap(text)) return undefined;
  const stack: Frame[] = [{ start: 0, children: [] }];
  let anchors: object = {};
  let value: unknown;
  try {
    value = load(text, {
      schema: CORE,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, children: [] });
          return;
        }
        anchors = (state as unknown as { anchorMap: object }).anchorMap;
        const frame = stack.pop()!;
        let node: Node = { start: frame.start, end: state.position, kind: state.kind, result: state.result, children: frame.children };
        // js-yaml opens a node twice for a collection in a block, or a value after a comment.
        while (node.children.length === 1 && node.children[0]!.result === node.result) node = node.children[0]!;
        stack[stack.length - 1]!.children.push(node);
      },
    });
  } catch {
    return undefined;
  }
  const top = stack[0]!.children;
  // An anchor (&name) is the only way to an alias (*name): js-yaml throws on an alias without one.
  if (value === undefined || top.length !== 1 || Object.keys(anchors).length > 0) return undefined;
  try {
    return { value, root: spotOf(top[0]!, text) };
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

function spotOf(node: Node, text: string): Spot {
  // An empty value stands where the yaml library puts it: past the blanks after its ":", on that line.
  const start = node.kind === null ? blanksFrom(text, node.start) : valueStart(text, node.start);
  const end = Math.max(start, trimmedEnd(text, node.end));
  const r = node.result;
  // A comment right after a quoted value or a flow collection ([…], {…}), or a line of a value
  // written inline (plain, quoted, flow) not indented past the line it starts on, the yaml
  // library takes for an error. (A block list or mapping has its lines where it likes.)
  const opener = text[start];
  const flow = opener === '"' || opener === "'" || opener === '[' || opener === '{';
  const block = !flow && r !== null && typeof r === 'object';
  if ((flow && text[node.end] === '#') || (!block && !foldsInside(text, start, end))) throw new GiveUp();
  if (Array.isArray(r)) {
    if (node.kind !== 'sequence' || node.children.length !== r.length) throw new GiveUp();
    return { start, end, items: node.children.map((c) => spotOf(c, text)) };
  }
  if (r !== null && typeof r === 'object') {
    const own = Object.keys(r);
    if (node.kind !== 'mapping' || node.children.length !== 2 * own.length) throw new GiveUp();
    const keys = new Map<string, { at: number; value: Spot }>();
    for (let i = 0; i < node.children.length; i += 2) {
      const k = node.children[i]!;
      if (k.kind !== 'scalar' || typeof k.result !== 'string' || k.result === '__proto__' || keys.has(k.result)) throw new GiveUp();
      keys.set(k.result, { at: valueStart(text, k.start), value: spotOf(node.children[i + 1]!, text) });
    }
    if (keys.size !== own.length || own.some((k) => !keys.has(k))) throw new GiveUp();
    return { start, end, keys };
  }
  if (node.kind !== 'scalar' && node.kind !== null) throw new GiveUp();
  return { start, end };
}

/**
 * Whether a quoted or plain value, or a flow collection, over several lines has each further
 * line indented past the line it starts on: the yaml library reads a line that is not as an
 * error, js-yaml as text. (Block values, | and >, js-yaml reads as the yaml library does.)
 */
function foldsInside(text: string, start: number, end: number): boolean {
  const first = text.indexOf('\n', start);
  if (first < 0 || first >= end || text[start] === '|' || text[start] === '>') return true;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = indentOf(text, lineStart);
  for (let at = first + 1; at < end; at = text.indexOf('\n', at) + 1) {
    const own = indentOf(text, at);
    const blank = text[at + own] === '\n' || text[at + own] === '\r' || at + own >= end;
    if (!blank && own <= indent) return false;
    if (text.indexOf('\n', at) < 0) break;
  }
  return true;
}

function indentOf(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ') i++;
  return i - lineStart;
}

/** Past the blanks, line breaks and comments between where js-yaml opens a value and its first character. */
function valueStart(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35 && (i === 0 || /\s/.test(text[i - 1]!))) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else return i;
  }
}

function blanksFrom(text: string, at: number): number {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

function trimmedEnd(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}
