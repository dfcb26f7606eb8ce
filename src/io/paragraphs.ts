// Set paragraphs kept on disk from one build to the next, for the shipped CLI, where every build
// is a fresh process: after an edit only the paragraphs whose text changed are set again, as in
// `watch`. The file, .cache/paragraphs/<issue>.json of the project, holds the paragraphs the
// last build used, under a digest of everything a paragraph's setting depends on besides its own
// text and measure (which are its key): the program itself, the layout's typography, the font
// files, the hyphenation rules, languages and exceptions, and the compiled patterns and word lists.
// A file with another digest, or one that cannot be read, is as if there were none.
//
// Only the shipped program (dist/bin/, see scripts/bundle.mjs) says which program it is; run from
// the sources (the tests), nothing is kept, so a change to the code is never hidden by a file
// set by the code before it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SetResult } from '../text/set.js';
import { writeAtomically } from './files.js';

/** The shipped program's name (program-<hash>), set by its launcher; undefined when run from the sources. */
export function programVersion(): string | undefined {
  const v = (globalThis as Record<symbol, unknown>)[Symbol.for('nyhetsbrev.program')];
  return typeof v === 'string' ? v : undefined;
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

interface StoreFile {
  readonly digest: string;
  readonly paragraphs: [string, SetResult][];
}

export class ParagraphStore {
  private readonly digest: string;

  /** `dependsOn`: everything the set lines depend on besides a paragraph's key, as JSON-able data. */
  constructor(private readonly file: string, dependsOn: unknown) {
    this.digest = createHash('sha256').update(JSON.stringify(dependsOn)).digest('hex');
  }

  /** The paragraphs the last build kept, or none. */
  load(): Map<string, SetResult> {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as StoreFile;
      if (data.digest === this.digest && Array.isArray(data.paragraphs)) return new Map(data.paragraphs);
    } catch {
      /* no file, or not one of ours: nothing kept */
    }
    return new Map();
  }

  /** Keeps these paragraphs for the next build; a folder we cannot write in costs only the speed. */
  save(paragraphs: ReadonlyMap<string, SetResult>): void {
    const data: StoreFile = { digest: this.digest, paragraphs: [...paragraphs] };
    try {
      writeAtomically(this.file, Buffer.from(JSON.stringify(data)));
    } catch {
      /* left out */
    }
  }
}
