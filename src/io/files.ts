// Writing output files safely: the folder made one level at a time (so a path through a file,
// a broken link or /proc is a message, not a hang or a stack trace), the file written beside
// its target under a temporary name and renamed, and temporary files of a process that died
// removed by the next one.
import { lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../issue/problems.js';

/** Makes sure `dir` is a folder we can write in, making what is missing; a user error otherwise. */
export function ensureFolder(dir: string, shown = dir): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let info;
    try {
      info = lstatSync(at);
    } catch {
      missing.unshift(at);
      if (dirname(at) === at) break;
      at = dirname(at);
      continue;
    }
    if (info.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(at);
      } catch {
        throw outputError(shown, `${at} is a link to something that does not exist`);
      }
      if (!statSync(target).isDirectory()) throw outputError(shown, `${at} is not a folder`);
    } else if (!info.isDirectory()) {
      throw outputError(shown, `${at} is a file, not a folder`);
    }
    break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw outputError(shown, `the folder ${d} cannot be made here (${reason(e)})`);
    }
  }
}

/** Writes next to the target and renames, so a failed or killed build never leaves half a file. */
export function writeAtomically(file: string, bytes: Uint8Array, shown = file): void {
  const dir = dirname(file);
  ensureFolder(dir, shown);
  let existing;
  try {
    existing = lstatSync(file);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw outputError(shown, `${file} is a folder: expected the name of a file to write`);
  // Renaming over a device, a socket or a link would replace it: only a file is replaced.
  if (existing && !existing.isFile()) throw outputError(shown, `${file} is ${existing.isSymbolicLink() ? 'a link' : 'not an ordinary file'}, and is not replaced`);
  removeStaleTemps(dir, `.${basename(file)}.`);
  const tmp = join(dir, tempName(`.${basename(file)}.`));
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    // Any refusal of the file system here is about the place the user chose to write to.
    if (typeof (e as NodeJS.ErrnoException).code === 'string') throw outputError(shown, `${file} cannot be written (${reason(e)})`);
    throw e;
  }
}

/** `<prefix><pid>.tmp`: the process id lets a later run tell a live writer's file from a dead one's. */
export function tempName(prefix: string): string {
  return `${prefix}${process.pid}.tmp`;
}

/** Removes `<prefix>…<pid>.tmp` files in `dir` whose process is gone. */
export function removeStaleTemps(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.(\d+)\.tmp$/.exec(name);
    if (!m || !name.startsWith(prefix)) continue;
    const pid = Number(m[1]);
    if (pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
  }
}

/** Whether a process of this machine still runs (one we may not signal runs too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function outputError(shown: string, why: string): InputError {
  return new InputError([{ message: `${shown}: cannot write the output there: ${why}: expected a file name in a folder you can write to, like out/2025-4.pdf` }]);
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    ENOENT: 'not allowed here',
    EEXIST: 'something else is in the way',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
  };
  return (code && words[code]) ?? (e instanceof Error ? e.message.split('\n')[0]! : String(e));
}
