// The quick reader (js-yaml) against the yaml library, which is the judge: wherever the quick
// reader answers, the yaml library must read the same file without a problem, to the same data,
// with every value and key at the same line and column (and a piece of each text found where
// the yaml library's places find it). Checked on every YAML file of the
// project, on texts written to try the corners of YAML, and on the reference issue, the layout
// file and the publication list mutated at random (lines dropped, doubled, swapped; characters
// put in or cut out).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, isMap, isNode, isPair, isScalar, parseDocument } from 'yaml';
import { readQuickly } from '../../src/issue/yaml-quick.js';
import { YamlSource, type Path } from '../../src/issue/yaml-source.js';
import { repo } from '../helpers/project.js';

/** What the yaml library reads, with the line and column of every value and key by path; undefined when it finds a problem. */
function judge(text: string): { value: unknown; places: Map<string, string> } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const places = new Map<string, string>();
  const pos = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  const walk = (path: Path, node: unknown): void => {
    if (!isNode(node) || !node.range) return;
    places.set(JSON.stringify(path), pos(node.range[0]));
    // A piece from the middle of a text: where the yaml library's range finds it (YamlSource.within).
    if (isScalar(node) && typeof node.value === 'string' && node.value.length > 3) {
      const needle = node.value.slice(node.value.length >> 1, (node.value.length >> 1) + 3);
      const found = text.indexOf(needle, node.range[0]);
      places.set(JSON.stringify([...path, { within: needle }]), pos(found >= 0 && found < node.range[2] ? found : node.range[0]));
    }
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item) || !isScalar(item.key) || !item.key.range) continue;
        const key = String(item.key.value);
        places.set(JSON.stringify([...path, { key }]), pos(item.key.range[0]));
        walk([...path, key], item.value);
      }
    } else if ('items' in node && Array.isArray(node.items)) {
      node.items.forEach((item: unknown, i: number) => walk([...path, i], item));
    }
  };
  walk([], doc.contents);
  return { value: doc.toJS(), places };
}

/** The same as YamlSource reads it (the quick reader where it answers). */
function asRead(text: string, paths: Iterable<string>): { value: unknown; places: Map<string, string> } {
  const { source, problems } = YamlSource.parse(text, 'f.yaml');
  expect(problems).toEqual([]);
  const places = new Map<string, string>();
  for (const p of paths) {
    const path = JSON.parse(p) as (string | number | { key: string } | { within: string })[];
    const last = path[path.length - 1];
    const parent = path.slice(0, -1) as Path;
    const at = typeof last !== 'object' ? source!.at(path as Path) : 'key' in last ? source!.keyAt(parent, last.key) : source!.within(parent, last.within);
    places.set(p, `${at.line}:${at.column}`);
  }
  return { value: source!.data(), places };
}

/** Whether the quick reader answered for `text`; where it did, it agrees with the judge. */
function agrees(text: string): boolean {
  const quick = readQuickly(text);
  if (!quick) return false;
  const truth = judge(text);
  expect(truth, `the quick reader read a text the yaml library finds a problem in:\n${text.slice(0, 400)}`).toBeDefined();
  expect(quick.value).toEqual(truth!.value);
  const read = asRead(text, truth!.places.keys());
  expect(read.value).toEqual(truth!.value);
  expect(read.places).toEqual(truth!.places);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return name.endsWith('.yaml') || name.endsWith('.yml') ? [file] : [];
  });
}

const reference = readFileSync(join(repo, 'issues', '2025-4', 'issue.yaml'), 'utf8');

describe('the quick YAML reader', () => {
  it('reads every YAML file of the project as the yaml library does, places and all', () => {
    const files = ['issues', 'layouts', 'assets', 'tests'].flatMap((d) => yamlFiles(join(repo, d)));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) expect(agrees(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('reads the corners of YAML as the yaml library does, or leaves them to it', () => {
    const texts = [
      'a: 1\nb: -2\nc: +3\nd: 0o17\ne: 0x1F\nf: 1e3\ng: .5\nh: -.inf\ni: .NaN\nj: 1.\nk: 012\nl: 1_000\nm: 0b101\nn: 0x\no: 1e\n',
      'a: true\nb: True\nc: TRUE\nd: yes\ne: no\nf: on\ng: off\nh: y\ni: n\nj: FALSE\nk: tRue\n',
      'a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: ""\ng: nUll\n',
      'a: \nb:  # c\nc:\nd: # c\ne:    \n  # comment\nf:\n  g:\n  h: 1\n',
      'a: "12"\nb: \'true\'\nc: "tab\\there \\u00e9 \\x41"\nd: \'it\'\'s\'\ne: "line\n  two"\n',
      'text: |\n  one\n   two\n\n  three\nkept: |+\n  x\n\nstrip: |-\n  y\nfolded: >\n  a\n  b\n\n  c\nind: |2\n    z\n',
      'plain: this is\n  folded over\n  three lines\nafter: x # a comment\n# a line of comment\nlast: "q" # c\n',
      'list:\n- a\n- b\n-   c\n- - d\n  - e\n- k: v\n  l: w\n-\n- []\n- {}\n',
      'flow: {a: 1, b: [x, "y", 3], c: {d: e}}\nseq: [1, two, "3", null, ~]\n',
      '---\na: 1\n...\n',
      '---\n# only a comment\nsections:\n  - title: "Verdt å merke seg"\n    articles:\n      - id: a\n        body: |\n          Tekst med # og : og - og "anførsel".\n',
      'a: 1\r\nb: |\r\n  x\r\n  y\r\nc: "z"\r\n',
      'key with spaces: v\n"quoted key": w\n\'single\': x\n? explicit\n: y\n',
      'a: &anchor 1\nb: *anchor\n',
      'a: !!str 12\nb: !custom x\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\na: 2\n',
      'a: b: c\n',
      'a:\n\tb: 1\n',
      '- a\nb: c\n',
      '{{ title }}\n',
      'a: {{ title }}\n',
      '[a, b]: c\n',
      'a: "unterminated\n',
      'a:    \n  # comment\n  b\n',
      'a: x\n  y: z\n',
      'a: |\n  x\n b: 1\n',
      '',
      '# nothing\n',
      'just text\n',
      '- 1\n- 2\n',
      'a: "x" #c\nb: \'y\'#c\n',
      'a: x #c\nb: y#c\n',
      'url: https://example.org/a#b\nmail: mailto:a@b.no\n',
      '__proto__: x\n',
      'a: \u00ad\u00a0\u2028b\n',
      '\uFEFFa: 1\nb:\n  c: x\n',
      'a: 1\nb: 2',
      'a: 1\rb: 2\r',
    ];
    let answered = 0;
    for (const text of texts) if (agrees(text)) answered++;
    // Most of these are plain data the quick reader answers for; the traps it leaves.
    expect(answered).toBeGreaterThanOrEqual(15);
    expect(readQuickly('a: &anchor 1\nb: *anchor\n')).toBeUndefined();
    expect(readQuickly('a: !!str 12\n')).toBeUndefined();
    expect(readQuickly('a: 1\na: 2\n')).toBeUndefined();
    // A file saved with a byte order mark (as Notepad does) is left to the yaml library.
    expect(readQuickly('\uFEFFa: 1\n')).toBeUndefined();
  });

  it('never reads a mutated issue, layout file or publication list otherwise than the yaml library', () => {
    const pieces = [':', ': ', '- ', '"', "'", '{', '}', '[', ']', ',', '*', '&a', '#', ' #', '\t', '  ', '\n', '\n  ', '|', '>', '|-', '!', '%', '?', '? ', '@', '`', '-1', '0', '0o7', '0x1f', '1e3', '.5', '.inf', 'null', '~', 'true', 'yes', '\r\n', '\r', '\uFEFF', '---', '...', '\\'];
    const edit = fc.record({
      kind: fc.constantFrom('drop', 'double', 'swap', 'insert', 'cut'),
      at: fc.nat(),
      piece: fc.constantFrom(...pieces),
      length: fc.integer({ min: 1, max: 8 }),
    });
    // A part of the issue a few hundred lines long (every kind of value it has, quick to read
    // twice), the layout file and the publication list.
    const lines = reference.split('\n');
    const start = lines.findIndex((l) => l.startsWith('sections:'));
    const part = [...lines.slice(0, start), ...lines.slice(start, start + 160)].join('\n') + '\n';
    const bases = [part, readFileSync(join(repo, 'layouts', 'kom.yaml'), 'utf8'), readFileSync(join(repo, 'assets', 'publications.yaml'), 'utf8')];
    let answered = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 3 }), (base, edits) => {
        let text = base;
        for (const e of edits) {
          const ls = text.split('\n');
          const line = e.at % ls.length;
          const char = e.at % Math.max(1, text.length);
          if (e.kind === 'drop') text = ls.filter((_, i) => i !== line).join('\n');
          else if (e.kind === 'double') text = [...ls.slice(0, line + 1), ls[line]!, ...ls.slice(line + 1)].join('\n');
          else if (e.kind === 'swap') text = ls.map((l, i) => (i === line ? ls[(line + 1) % ls.length]! : i === (line + 1) % ls.length ? ls[line]! : l)).join('\n');
          else if (e.kind === 'insert') text = text.slice(0, char) + e.piece + text.slice(char);
          else text = text.slice(0, char) + text.slice(char + e.length);
        }
        if (agrees(text)) answered++;
      }),
      { numRuns: 300, seed: 20261202 },
    );
    // Most mutants still read, so the comparison above is made.
    expect(answered).toBeGreaterThan(100);
  });
});
