// One send of an issue at a time: a lock file beside the journal, holding the owner's process id.
// A lock whose process is gone (killed, laptop closed) is recognised as stale and taken over.
import { processAlive } from '../io/files.js';
import { MailError } from './errors.js';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export class LockedError extends MailError {}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface Lock {
  /** Set when a stale lock was taken over: whose it was. */
  readonly tookOver?: Owner;
  release(): void;
}

export function acquireLock(file: string): Lock {
  mkdirSync(dirname(file), { recursive: true });
  let tookOver: Owner | undefined;
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fd = openSync(file, 'wx');
      const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      writeSync(fd, JSON.stringify(owner) + '\n');
      closeSync(fd);
      let released = false;
      return {
        ...(tookOver ? { tookOver } : {}),
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readOwner(file);
    if (owner ? isAlive(owner) : justMade(file)) {
      throw new LockedError(
        `another send of this issue is running (${owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : 'it is just starting'}): wait for it to finish, or stop it first. If no send is running, delete ${file}`,
      );
    }
    tookOver = owner;
    rmSync(file, { force: true });
  }
  throw new LockedError(`could not take the send lock ${file}: another send keeps taking it`);
}

function readOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Owner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    // Empty or half-written: its writer died before it finished the line.
    return undefined;
  }
}

/** An unreadable lock younger than a few seconds is being written by its owner right now. */
function justMade(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < 5000;
  } catch {
    return false;
  }
}

/** A lock from another machine (a shared folder) is never presumed dead. */
function isAlive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true;
  return owner.pid !== process.pid && processAlive(owner.pid);
}
