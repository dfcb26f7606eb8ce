// Results kept on disk from one build to the next, for the shipped CLI, where every build is a
// fresh process: set paragraphs (after an edit only the paragraphs whose text changed are set
// again, as in `watch`) and compressed streams of the PDF (the pages an edit did not touch, a
// font subset with the same glyphs, are not compressed again). Each file, under .cache/ of the
// project, holds what the last build used, under a digest of everything those results depend on
// besides their own keys; a file with another digest, or one that cannot be read, is as if there
// were none.
//
// Only the shipped program (dist/bin/, see scripts/bundle.mjs) says which program it is; run from
// the sources (the tests), nothing is kept, so a change to the code is never hidden by results
// the code before it made.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeAtomically } from './files.js';

/** The shipped program's name (program-<hash>), set by its launcher; undefined when run from the sources. */
export function programVersion(): string | undefined {
  const v = (globalThis as Record<symbol, unknown>)[Symbol.for('nyhetsbrev.program')];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The file where the shipped program keeps results of one `kind` for `name` (an issue, a
 * layout), under .cache/ of the project at `root`, valid for this program and `dependsOn`;
 * none when run from the sources.
 */
export function keptFile<T>(root: string, kind: string, name: string, dependsOn: readonly unknown[] = []): KeptFile<T> | undefined {
  const program = programVersion();
  return program ? new KeptFile<T>(join(root, '.cache', kind, `${name}.bin`), [program, ...dependsOn]) : undefined;
}

/** Each file of these folders by name, size and time: what `npm install` (prepare) writes anew. */
export function folderStamp(...dirs: string[]): unknown[] {
  return dirs.map((dir) => {
    try {
      return readdirSync(dir).sort().map((f) => {
        const s = statSync(join(dir, f));
        return [f, s.size, s.mtimeMs];
      });
    } catch {
      return null;
    }
  });
}

interface Stored<T> {
  readonly digest: string;
  readonly entries: [string, T][];
}

/** A file of results by key (V8's serialisation: plain data, typed arrays), valid for one digest. */
export class KeptFile<T> {
  private readonly digest: string;

  /** `dependsOn`: everything the results depend on besides their keys, as JSON-able data. */
  constructor(private readonly file: string, dependsOn: unknown) {
    this.digest = createHash('sha256').update(JSON.stringify([process.versions.v8, dependsOn])).digest('hex');
  }

  /** What the last build kept, or nothing. */
  load(): Map<string, T> {
    try {
      const data = deserialize(readFileSync(this.file)) as Stored<T>;
      if (data.digest === this.digest && Array.isArray(data.entries)) return new Map(data.entries);
    } catch {
      /* no file, or not one of ours: nothing kept */
    }
    return new Map();
  }

  /** Keeps these for the next build; a folder we cannot write in costs only the speed. */
  save(entries: ReadonlyMap<string, T>): void {
    const data: Stored<T> = { digest: this.digest, entries: [...entries] };
    try {
      writeAtomically(this.file, serialize(data));
    } catch {
      /* left out */
    }
  }
}

/** Whether a cache holds other keys than it did. */
export function changedKeys(before: ReadonlySet<string>, after: ReadonlyMap<string, unknown>): boolean {
  if (before.size !== after.size) return true;
  for (const k of after.keys()) if (!before.has(k)) return true;
  return false;
}
