// The send journal: an append-only log of what was planned, tried and answered, one JSON object
// a line, each line on disk before the next step is taken. It is the only source of truth about
// what was sent: every decision of a resumed run is derived from it (`statesOf`).
import { MailError } from './errors.js';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type JournalEntry =
  | { readonly event: 'run'; readonly at: string; readonly live: boolean; readonly recipients: string; readonly count: number; readonly pdf: string }
  | { readonly event: 'planned'; readonly at: string; readonly to: string; readonly messageId: string }
  | { readonly event: 'sending'; readonly at: string; readonly to: string; readonly attempt: number }
  | { readonly event: 'accepted'; readonly at: string; readonly to: string; readonly reply: string; readonly queueId?: string }
  | { readonly event: 'rejected'; readonly at: string; readonly to: string; readonly reply: string }
  | { readonly event: 'deferred'; readonly at: string; readonly to: string; readonly reply: string }
  | { readonly event: 'unknown'; readonly at: string; readonly to: string; readonly reason: string }
  /** The user checked (Sent Items) and chose not to send again. */
  | { readonly event: 'skipped'; readonly at: string; readonly to: string; readonly reason: string };

type Omit2<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type NewEntry = Omit2<JournalEntry, 'at'>;

/** Where a recipient stands. `sending` with no answer after it means the process died mid-message: unknown. */
export type RecipientState = 'planned' | 'accepted' | 'rejected' | 'deferred' | 'unknown' | 'skipped';

export interface RecipientRecord {
  readonly state: RecipientState;
  readonly messageId?: string;
  /** The last reply or reason, for the summary. */
  readonly detail?: string;
}

/** Settled: never sent again. */
export const FINAL: ReadonlySet<RecipientState> = new Set(['accepted', 'rejected', 'skipped']);

/** Folds the journal into each recipient's state: the last word about each address wins. */
export function statesOf(entries: readonly JournalEntry[]): Map<string, RecipientRecord> {
  const states = new Map<string, RecipientRecord>();
  for (const e of entries) {
    if (e.event === 'run') continue;
    const before = states.get(e.to);
    const messageId = e.event === 'planned' ? e.messageId : before?.messageId;
    const keep = messageId ? { messageId } : {};
    switch (e.event) {
      case 'planned':
        if (!before) states.set(e.to, { state: 'planned', ...keep });
        break;
      case 'sending':
        states.set(e.to, { state: 'unknown', ...keep, detail: 'the send was interrupted while this message was being handed to the server' });
        break;
      case 'accepted':
      case 'rejected':
      case 'deferred':
        states.set(e.to, { state: e.event, ...keep, detail: e.reply });
        break;
      case 'unknown':
      case 'skipped':
        states.set(e.to, { state: e.event, ...keep, detail: e.reason });
        break;
    }
  }
  return states;
}

export class JournalError extends MailError {}

/**
 * Reads a journal. A last line cut short (the process died while writing it) is dropped: the
 * step it recorded was never taken, since each step is taken only after its line is on disk.
 */
export function readJournal(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  const entries: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const last = i === lines.length - 1;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (typeof e !== 'object' || e === null || typeof e.event !== 'string') throw new Error('not an entry');
      entries.push(e);
    } catch {
      if (last && !complete) return;
      throw new JournalError(`${file}:${i + 1}:1: this line of the send journal cannot be read: the journal was changed by hand or damaged; restore it from a backup, or move it away to start the mailing anew (everyone would get the issue again)`);
    }
  });
  return entries;
}

/** Appends entries, each flushed to disk (fsync) before `append` returns. */
export class Journal {
  private readonly fd: number;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    // A line cut short by a crash recorded a step never taken (see readJournal): it is cut off,
    // so the next entry starts on a line of its own.
    if (existsSync(file)) {
      const bytes = readFileSync(file);
      if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) truncateSync(file, bytes.lastIndexOf(0x0a) + 1);
    }
    this.fd = openSync(file, 'a');
  }

  append(entry: NewEntry, now = new Date()): void {
    writeSync(this.fd, JSON.stringify({ at: now.toISOString(), ...entry }) + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
