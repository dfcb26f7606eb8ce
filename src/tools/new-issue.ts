// `nyhetsbrev new`: finds the latest issue (or takes --from), makes the next one from it in a
// new folder, and never writes over a folder that exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Document, parse } from 'yaml';
import { writeAtomically } from '../io/files.js';
import { checkAgainst } from '../issue/check.js';
import { findProjectRoot } from '../issue/load.js';
import { following, nextIssue, type NextIssue } from '../issue/next.js';
import { failIfAny, InputError } from '../issue/problems.js';
import { DATE_PLACEHOLDER, issue as issueSchema, type IssueFile } from '../issue/schema.js';
import { YamlSource } from '../issue/yaml-source.js';

export interface Made extends NextIssue {
  readonly from: string;
  readonly previous: IssueFile;
  readonly folder: string;
  readonly file: string;
}

export function newIssue(options: { folder?: string; from?: string; cwd?: string }): Made {
  const cwd = options.cwd ?? process.cwd();
  const root = findProjectRoot(cwd);
  const from = options.from ? resolve(cwd, options.from) : latestIssue(root);
  const prevFile = join(from, 'issue.yaml');
  if (!existsSync(prevFile)) throw new InputError([{ message: `${shown(from)}: no issue.yaml here: expected an issue folder to start from, like issues/2025-4` }]);
  const { source, problems } = YamlSource.read(prevFile, shown(prevFile));
  failIfAny(problems);
  const checked = checkAgainst(issueSchema, source!);
  failIfAny(checked.problems);
  const previous = checked.value!;
  const folder = options.folder ? resolve(cwd, options.folder) : join(root, 'issues', nextName(previous));
  if (existsSync(folder)) {
    throw new InputError([{ message: `${shown(folder)}: exists already: nyhetsbrev new never writes over an issue; give another folder, or move this one away first` }]);
  }
  const made = nextIssue(previous, (path) => {
    if (isAbsolute(path)) return path;
    const file = resolve(from, path);
    // A file of the old issue's own folder is its own: pictures are not copied.
    if (!relative(from, file).startsWith('..')) return undefined;
    return relative(folder, file).split('\\').join('/');
  });
  const file = join(folder, 'issue.yaml');
  const schemaPath = relative(folder, join(root, 'issue.schema.json')).split('\\').join('/');
  writeAtomically(file, Buffer.from(toYaml(made.data, previous, schemaPath)));
  return { ...made, from, previous, folder, file };
}

function nextName(prev: IssueFile): string {
  const n = following(prev.number, prev.year);
  return `${n.year}-${n.number}`;
}

/** The issue folder under issues/ with the highest year and number. */
function latestIssue(root: string): string {
  const dir = join(root, 'issues');
  let best: { folder: string; rank: number; unfinished: boolean } | undefined;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const folder = join(dir, name);
    const file = join(folder, 'issue.yaml');
    if (!statSync(folder).isDirectory() || !existsSync(file)) continue;
    let data: unknown;
    try {
      data = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const { number, year, date } = (data ?? {}) as { number?: unknown; year?: unknown; date?: unknown };
    if (typeof number !== 'number' || typeof year !== 'number') continue;
    const rank = year * 100 + number;
    if (!best || rank > best.rank) best = { folder, rank, unfinished: date === DATE_PLACEHOLDER };
  }
  if (!best) throw new InputError([{ message: `${shown(dir)}: no issue to start from: expected a folder like issues/2025-4 holding issue.yaml, or give one with --from FOLDER` }]);
  if (best.unfinished) {
    throw new InputError([{ message: `${shown(best.folder)}: the latest issue is not finished yet (its date is ${DATE_PLACEHOLDER}): nyhetsbrev new starts the issue after a finished one; to start another from it anyway, give --from ${shown(best.folder)}` }]);
  }
  return best.folder;
}

function toYaml(data: IssueFile, previous: IssueFile, schemaPath: string): string {
  const doc = new Document(data);
  const header = [
    ` yaml-language-server: $schema=${schemaPath}`,
    ` Nyhetsbrev fra KOM, ${data.period}: made by "nyhetsbrev new" from nr. ${previous.number} – ${previous.year}.`,
    ' Fill in the date, write each article (replace "[Skriv teksten her]"), add pictures and articles.',
    ' How to write an issue: see README.md, "Writing an issue".',
  ];
  doc.commentBefore = header.join('\n');
  return doc.toString({ lineWidth: 100, minContentWidth: 40 });
}

function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r === '' ? '.' : r.startsWith('..') && isAbsolute(path) ? path : r;
}

