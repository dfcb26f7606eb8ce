// Checks parsed YAML against a zod schema and turns zod's findings into problems a
// non-programmer can act on: where, what was found, what was expected.
import { z } from 'zod';
import type { Problem } from './problems.js';
import type { Path, YamlSource } from './yaml-source.js';

type ZodIssue = z.core.$ZodIssue;

export function checkAgainst<S extends z.ZodType>(
  schema: S,
  source: YamlSource,
): { value?: z.infer<S>; problems: Problem[] } {
  const data = source.data();
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, problems: [] };
  const known = knownKeys(schema);
  const problems = result.error.issues.flatMap((i) => toProblems(i, [], data, source, known));
  return { problems: dedupe(problems) };
}

function toProblems(issue: ZodIssue, prefix: Path, root: unknown, source: YamlSource, known: string[]): Problem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const found = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      return issue.keys.map((key) => ({
        at: source.keyAt(path, key),
        message: `unknown key "${key}"${suggest(key, known)}`,
      }));
    }
    case 'invalid_type': {
      if (found === undefined) {
        const key = path[path.length - 1];
        return [{ at: source.at(path.slice(0, -1)), message: `missing "${String(key)}": expected ${expectedName(issue.expected)}` }];
      }
      return [{ at: source.at(path), message: `found ${describe(found)}, expected ${expectedName(issue.expected)}` }];
    }
    case 'invalid_union': {
      const branch = bestBranch(issue.errors as ZodIssue[][]);
      if (branch && isPlainObject(found)) return branch.flatMap((i) => toProblems(i, path, root, source, known));
      return [{ at: source.at(path), message: `found ${describe(found)}, ${issue.message}` }];
    }
    case 'invalid_value':
      return [{ at: source.at(path), message: `found ${describe(found)}, expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
      return [{ at: source.at(path), message: issue.message.startsWith('expected') ? `found ${describe(found)}, ${issue.message}` : `${issue.message} (found ${describe(found)})` }];
    default:
      return [{ at: source.at(path), message: issue.message }];
  }
}

/** For a mapping that matches no branch, the branch it was evidently meant to be: fewest mismatches at its root. */
function bestBranch(branches: ZodIssue[][]): ZodIssue[] | undefined {
  const score = (issues: ZodIssue[]) =>
    issues.reduce((s, i) => s + (i.path.length === 0 && i.code === 'invalid_type' ? 1000 : 0) + (i.code === 'unrecognized_keys' ? 10 * i.keys.length : 1) + (i.code === 'invalid_type' && i.path.length === 1 ? 5 : 0), 0);
  let best: ZodIssue[] | undefined;
  for (const b of branches) if (!best || score(b) < score(best)) best = b;
  return best && score(best) < 1000 ? best : undefined;
}

/** Every key the schema knows anywhere, for "did you mean" suggestions. */
function knownKeys(schema: z.ZodType): string[] {
  return jsonSchemaKeys(z.toJSONSchema(schema));
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
    case 'array': return 'a list (lines starting with "- ")';
    case 'object': return 'a mapping (lines of "key: value")';
    case 'boolean': return 'true or false';
    default: return t;
  }
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return v.length > 40 ? `the text "${v.slice(0, 37)}…"` : `the text "${v}"`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
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
