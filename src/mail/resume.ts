// Who gets a message in this run: derived from the journal alone, never from memory of a run.
import { statesOf, type JournalEntry, type RecipientRecord } from './journal.js';
import type { Recipient } from './recipients.js';

export type UnknownChoice = 'resend' | 'skip' | undefined;

export interface RunPlan {
  /** To be sent in this run, in file order (after --limit). */
  readonly send: readonly Recipient[];
  /** Would be sent but for --limit: left for the next run. */
  readonly later: readonly Recipient[];
  readonly accepted: readonly Recipient[];
  readonly rejected: readonly (Recipient & { readonly reply: string })[];
  readonly skipped: readonly Recipient[];
  /** Fate unknown and no choice made: the run must stop and ask. */
  readonly unknown: readonly (Recipient & { readonly reason: string })[];
  /** Unknown ones the user chose to skip in this run (journalled as skipped). */
  readonly skipNow: readonly Recipient[];
  /** Not yet in the journal although a mailing has begun: new in the recipient file. */
  readonly added: readonly Recipient[];
  /** In the journal but no longer in the recipient file, not sent to (any more). */
  readonly removed: readonly string[];
  /** No longer in the recipient file, but sent to before they were taken out. */
  readonly removedAfterSending: readonly string[];
  /** True when the journal holds a live run already. */
  readonly resumed: boolean;
}

export function planRun(recipients: readonly Recipient[], entries: readonly JournalEntry[], choice: UnknownChoice, limit = Infinity): RunPlan {
  const states = statesOf(entries);
  const resumed = entries.some((e) => e.event === 'run' && e.live);
  const current = new Set(recipients.map((r) => r.key));
  const pending: Recipient[] = [];
  const accepted: Recipient[] = [];
  const rejected: (Recipient & { reply: string })[] = [];
  const skipped: Recipient[] = [];
  const unknown: (Recipient & { reason: string })[] = [];
  const skipNow: Recipient[] = [];
  for (const r of recipients) {
    const record: RecipientRecord | undefined = states.get(r.key);
    const state = record?.state;
    if (state === 'accepted') accepted.push(r);
    else if (state === 'rejected') rejected.push({ ...r, reply: record!.detail ?? '' });
    else if (state === 'skipped') skipped.push(r);
    else if (state === 'unknown') {
      if (choice === 'resend') pending.push(r);
      else if (choice === 'skip') skipNow.push(r);
      else unknown.push({ ...r, reason: record!.detail ?? '' });
    } else pending.push(r);
  }
  return {
    send: pending.slice(0, limit),
    later: pending.slice(limit),
    accepted,
    rejected,
    skipped,
    unknown,
    skipNow,
    added: resumed ? recipients.filter((r) => !states.has(r.key)) : [],
    removed: resumed ? [...states.entries()].filter(([k, r]) => !current.has(k) && r.state !== 'accepted').map(([k]) => k) : [],
    removedAfterSending: resumed ? [...states.entries()].filter(([k, r]) => !current.has(k) && r.state === 'accepted').map(([k]) => k) : [],
    resumed,
  };
}
