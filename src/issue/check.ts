// Checks parsed YAML against a zod schema and turns zod's findings into problems a
// non-programmer can act on: where, what was found, what was expected.
import * as z from 'zod';
import type { Problem } from './problems.js';
import type { Path, YamlSource } from './yaml-source.js';

type ZodIssue = z.core.$ZodIssue;

/**
 * What zod says when the schema gave no message of its own. It is never shown: parsing with this
 * error map marks every issue the schema left to zod's default wording, and each such issue gets
 * a message written here, from the issue's own data (its code, the limit, the values allowed).
 */
const ZOD_DEFAULT = '\u0000zod';

// zod compiles a fast parser for each object schema with new Function() the first time it parses
// one: code V8's code cache cannot keep, compiled again in every process, for one parse of the
// issue (its first parse of the reference issue took a median of 16 ms against 6 ms without).
z.config({ jitless: true });

export function checkAgainst<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
): { value?: z.infer<S>; problems: Problem[] } {
  const data = source.data();
  const result = schema.safeParse(data, { error: () => ZOD_DEFAULT });
  if (result.success) return { value: result.data, problems: [] };
  const known = knownKeys(schema);
  const problems = result.error.issues.flatMap((i) => toProblems(i, [], data, source, known));
  return { problems: dedupe(problems) };
}

/** The schema's own message for an issue, if it gave one. */
function own(issue: { message: string }): string | undefined {
  return issue.message === ZOD_DEFAULT ? undefined : issue.message;
}

function toProblems(issue: ZodIssue, prefix: Path, root: unknown, source: YamlSource, known: Known): Problem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const found = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      return issue.keys.map((key) => ({
        at: source.keyAt(path, key),
        message: `unknown key "${key}"${suggest(key, known.at(path))}`,
      }));
    }
    case 'invalid_union':
      return unionProblems(issue, path, found, root, source, known);
    case 'invalid_key': {
      // A key of a mapping whose keys are checked (a record): the key is what was wrong.
      const key = String(path[path.length - 1]);
      const why = issue.issues.map((i) => own(i) ?? expectation(i)).find((m) => m !== undefined) ?? 'expected another key';
      return [{ at: source.keyAt(path.slice(0, -1), key), message: sentence(`the key "${key}"`, why) }];
    }
    case 'invalid_element':
      return issue.issues.flatMap((i) => toProblems(i, path, root, source, known));
    default:
      return [{ at: source.at(path), message: foundMessage(found, path, own(issue) ?? expectation(issue)) }];
  }
}

/**
 * The sentence for a value that is not what the schema expects. A message of the schema may be a
 * whole sentence ("found …, expected …"), an expectation ("expected …"), or a note; zod's own
 * issues get an expectation written from their data.
 */
function foundMessage(found: unknown, path: Path, message: string): string {
  if (/^found\b/.test(message)) return message;
  const key = path[path.length - 1];
  if (found === undefined && typeof key === 'string') return `missing "${key}": ${message}`;
  return sentence(describe(found), message);
}

function sentence(what: string, message: string): string {
  return /^expected\b/.test(message) ? `found ${what}, ${message}` : `${message} (found ${what})`;
}

/** What a zod issue expected, in plain words, from the issue's own data. */
function expectation(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expectedName(issue.expected)}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? `expected ${n} or more` : `expected more than ${n}`;
      if (issue.origin === 'string') return n <= 1 ? 'expected some text' : `expected at least ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return issue.exact ? `expected exactly ${entries(n)}` : n <= 1 ? 'expected at least one entry' : `expected at least ${entries(n)}`;
      return `expected at least ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? `expected ${n} or less` : `expected less than ${n}`;
      if (issue.origin === 'string') return `expected at most ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return issue.exact ? `expected exactly ${entries(n)}` : `expected at most ${entries(n)}`;
      return `expected at most ${n}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `expected ${JSON.stringify(issue.values[0])}` : `expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      switch (issue.format) {
        case 'starts_with': return `expected text starting with "${(issue as { prefix?: string }).prefix ?? ''}"`;
        case 'ends_with': return `expected text ending with "${(issue as { suffix?: string }).suffix ?? ''}"`;
        case 'includes': return `expected text containing "${(issue as { includes?: string }).includes ?? ''}"`;
        case 'email': return 'expected an e-mail address, like kom@example.no';
        case 'url': return 'expected a complete address, like https://www.example.no/';
        case 'date': return 'expected a date written YYYY-MM-DD, like 2026-01-09';
        default: return 'expected text written in the form this key takes (see README.md)';
      }
    case 'not_multiple_of':
      return `expected a multiple of ${Number(issue.divisor)}`;
    case 'invalid_union':
      return unionExpectation(issue.errors as ZodIssue[][]);
    default:
      return 'expected another value here (see README.md for this key)';
  }
}

function entries(n: number): string {
  return n === 1 ? '1 entry' : `${n} entries`;
}

/**
 * A value that matches none of the alternatives of a union. When the value is evidently meant as
 * one of them (the right type; for a mapping, a key of that alternative), that alternative's
 * findings are reported; otherwise the union's own expectation, or one made of its alternatives.
 */
function unionProblems(issue: Extract<ZodIssue, { code: 'invalid_union' }>, path: Path, found: unknown, root: unknown, source: YamlSource, known: Known): Problem[] {
  const branches = issue.errors as ZodIssue[][];
  const branch = bestBranch(branches, found);
  if (branch) return branch.flatMap((i) => toProblems(i, path, root, source, known));
  const message = own(issue) ?? unionExpectation(branches);
  if (isPlainObject(found)) {
    // A mapping that is none of the alternatives: its keys, and a near miss of a key one of them has.
    const keys = Object.keys(found as object);
    const hint = keys.map((k) => suggest(k, known.here(path))).find((s) => s !== '') ?? '';
    return [{ at: source.at(path), message: sentence(describe(found) + hint, message) }];
  }
  return [{ at: source.at(path), message: foundMessage(found, path, message) }];
}

/** "expected text or a list", made of what each alternative of a union expects at its root. */
function unionExpectation(branches: ZodIssue[][]): string {
  const parts: string[] = [];
  for (const b of branches) {
    const rootIssue = b.find((i) => i.path.length === 0);
    if (rootIssue?.code === 'invalid_type') parts.push(expectedName(rootIssue.expected));
    else if (rootIssue?.code === 'invalid_value') parts.push(...rootIssue.values.map((v) => JSON.stringify(v)));
    else if (rootIssue) parts.push(expectation(rootIssue).replace(/^expected /, ''));
  }
  const unique = [...new Set(parts)];
  if (unique.length === 0) return 'expected another value here (see README.md for this key)';
  return `expected ${unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`}`;
}

/** The alternative a value was evidently meant to be, or none. */
function bestBranch(branches: ZodIssue[][], found: unknown): ZodIssue[] | undefined {
  const atRoot = (issues: ZodIssue[]) => issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
  // Only alternatives of the value's own type: a list is never reported as a failed text.
  const typed = branches.filter((b) => !atRoot(b));
  if (typed.length === 0) return undefined;
  if (!isPlainObject(found)) return typed[0];
  // For a mapping: the alternative that knows one of its keys (or nearly: a key one typo away
  // from a key it misses), with the fewest mismatches.
  const keys = Object.keys(found as object);
  const evident = typed.filter((b) => {
    const unknown = new Set(b.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : [])));
    const missing = b.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 1 ? [String(i.path[0])] : []));
    return keys.some((k) => !unknown.has(k) || missing.some((m) => editDistance(m, k) <= Math.min(2, m.length - 1)));
  });
  const score = (issues: ZodIssue[]) =>
    issues.reduce((s, i) => s + (i.code === 'unrecognized_keys' ? 10 * i.keys.length : 1) + (i.code === 'invalid_type' && i.path.length === 1 ? 5 : 0), 0);
  let best: ZodIssue[] | undefined;
  for (const b of evident) if (!best || score(b) < score(best)) best = b;
  return best;
}

/** The keys a schema knows, for "did you mean" suggestions: those allowed at a place, or anywhere. */
interface Known {
  /** The keys allowed at `path`, or every key the schema has when that cannot be told. */
  readonly at: (path: Path) => string[];
  /** The keys allowed at `path` only. */
  readonly here: (path: Path) => string[];
}

function knownKeys(schema: z.ZodType): Known {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonNode;
  const all = jsonSchemaKeys(json);
  return {
    at: (path) => {
      const here = keysAt(json, path);
      return here.length > 0 ? here : all;
    },
    here: (path) => keysAt(json, path),
  };
}

type JsonNode = { [key: string]: unknown };

/** The property names a JSON Schema allows for the mapping at `path` of the data (any alternative). */
function keysAt(root: JsonNode, path: Path): string[] {
  const defs = (root.$defs ?? {}) as Record<string, JsonNode>;
  const expand = (node: unknown, depth = 0): JsonNode[] => {
    if (node === null || typeof node !== 'object' || depth > 20) return [];
    const n = node as JsonNode;
    if (typeof n.$ref === 'string') {
      const def = defs[n.$ref.replace(/^#\/\$defs\//, '')];
      return def ? expand(def, depth + 1) : [];
    }
    const alternatives = [n.anyOf, n.oneOf, n.allOf].flatMap((a) => (Array.isArray(a) ? a : []));
    return [n, ...alternatives.flatMap((a) => expand(a, depth + 1))];
  };
  let nodes = expand(root);
  for (const key of path) {
    nodes = nodes.flatMap((n) => {
      if (typeof key === 'number') {
        const prefix = Array.isArray(n.prefixItems) ? n.prefixItems[key] : undefined;
        return expand(prefix ?? n.items);
      }
      const props = n.properties as Record<string, unknown> | undefined;
      return expand(props?.[key] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined));
    });
  }
  return [...new Set(nodes.flatMap((n) => Object.keys((n.properties as object | undefined) ?? {})))];
}

/** Every property name a JSON Schema defines, at any depth. */
export function jsonSchemaKeys(jsonSchema: object): string[] {
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const props = (node as { properties?: Record<string, unknown> }).properties;
    if (props) for (const k of Object.keys(props)) keys.add(k);
    for (const v of Object.values(node)) walk(v);
  };
  walk(jsonSchema);
  return [...keys];
}

function suggest(key: string, allowed: string[]): string {
  const close = allowed.filter((a) => editDistance(a, key) <= Math.min(2, a.length - 1));
  return close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
}

export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function expectedName(t: string): string {
  switch (t) {
    case 'string': return 'text';
    case 'number': return 'a number';
    case 'int': return 'a whole number';
    case 'array':
    case 'tuple':
    case 'set': return 'a list (lines starting with "- ")';
    case 'object':
    case 'record':
    case 'map': return 'a mapping (lines of "key: value")';
    case 'boolean': return 'true or false';
    case 'date': return 'a date written YYYY-MM-DD';
    case 'null':
    case 'undefined':
    case 'void': return 'nothing here';
    default: return 'another kind of value (see README.md for this key)';
  }
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') {
    if (v === '') return 'an empty text';
    return v.length > 40 ? `the text "${v.slice(0, 37)}…"` : `the text "${v}"`;
  }
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${entries(v.length)}`;
  if (v instanceof Date) return `the date ${v.toISOString().slice(0, 10)}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty mapping';
    const named = keys.slice(0, 3).map((k) => `"${k}"`);
    return keys.length === 1 ? `a mapping with the key ${named[0]}` : `a mapping with the keys ${named.join(', ')}${keys.length > 3 ? ', …' : ''}`;
  }
  return 'a value of another kind';
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.at?.line}:${p.at?.column}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
