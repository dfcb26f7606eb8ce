// The journal and what a run decides from it, without a server: pure functions over entries,
// and the file itself as a crash leaves it.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, readJournal, statesOf, type JournalEntry } from '../../src/mail/journal.js';
import type { Recipient } from '../../src/mail/recipients.js';
import { planRun } from '../../src/mail/resume.js';
import { connectionOptions, isLoopback, smtpConfigFromEnv } from '../../src/mail/smtp.js';

const at = '2026-06-20T10:00:00.000Z';
const r = (email: string, line: number): Recipient => ({ email, key: email.toLowerCase(), name: '', organisation: '', language: 'nb', line });
const run: JournalEntry = { event: 'run', at, live: true, recipients: 'recipients.csv', count: 3, pdf: 'abc' };
const planned = (to: string): JournalEntry => ({ event: 'planned', at, to, messageId: `<${to}>` });

describe('journal: states', () => {
  it('takes the last word about each address; a send with no answer after it is unknown', () => {
    const states = statesOf([
      run,
      planned('a@x.no'), planned('b@x.no'), planned('c@x.no'), planned('d@x.no'),
      { event: 'sending', at, to: 'a@x.no', attempt: 1 },
      { event: 'accepted', at, to: 'a@x.no', reply: '250 ok' },
      { event: 'sending', at, to: 'b@x.no', attempt: 1 },
      { event: 'deferred', at, to: 'b@x.no', reply: '451 later' },
      { event: 'sending', at, to: 'b@x.no', attempt: 2 },
      { event: 'rejected', at, to: 'b@x.no', reply: '550 no' },
      { event: 'sending', at, to: 'c@x.no', attempt: 1 },
    ]);
    expect(Object.fromEntries([...states].map(([k, v]) => [k, v.state]))).toEqual({ 'a@x.no': 'accepted', 'b@x.no': 'rejected', 'c@x.no': 'unknown', 'd@x.no': 'planned' });
    expect(states.get('a@x.no')!.messageId).toBe('<a@x.no>');
  });

  it('plans a run: settled ones never again, deferred and planned ones sent, unknown ones held until a choice', () => {
    const entries: JournalEntry[] = [
      run, planned('a@x.no'), planned('b@x.no'), planned('c@x.no'), planned('gone@x.no'),
      { event: 'accepted', at, to: 'a@x.no', reply: '250' },
      { event: 'deferred', at, to: 'b@x.no', reply: '451' },
      { event: 'unknown', at, to: 'c@x.no', reason: 'lost' },
      planned('sent-then-gone@x.no'),
      { event: 'accepted', at, to: 'sent-then-gone@x.no', reply: '250' },
    ];
    const list = [r('A@x.no', 2), r('b@x.no', 3), r('c@x.no', 4), r('new@x.no', 5)];
    const asked = planRun(list, entries, undefined);
    expect(asked.send.map((x) => x.key)).toEqual(['b@x.no', 'new@x.no']);
    expect(asked.accepted.map((x) => x.key)).toEqual(['a@x.no']);
    expect(asked.unknown.map((x) => [x.key, x.reason])).toEqual([['c@x.no', 'lost']]);
    expect(asked.added.map((x) => x.key)).toEqual(['new@x.no']);
    expect(asked.removed).toEqual(['gone@x.no']);
    expect(asked.removedAfterSending).toEqual(['sent-then-gone@x.no']);
    expect(planRun(list, entries, 'resend').send.map((x) => x.key)).toEqual(['b@x.no', 'c@x.no', 'new@x.no']);
    const skip = planRun(list, entries, 'skip');
    expect(skip.skipNow.map((x) => x.key)).toEqual(['c@x.no']);
    expect(skip.unknown).toEqual([]);
    const limited = planRun(list, entries, 'resend', 2);
    expect(limited.send.map((x) => x.key)).toEqual(['b@x.no', 'c@x.no']);
    expect(limited.later.map((x) => x.key)).toEqual(['new@x.no']);
    // Before any live run nothing counts as added or removed.
    const fresh = planRun(list, [], undefined);
    expect(fresh.resumed).toBe(false);
    expect(fresh.added).toEqual([]);
    expect(fresh.send).toHaveLength(4);
  });
});

describe('journal: the file', () => {
  it('drops a last line cut short by a crash, and the next entry starts on a line of its own', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    const j = new Journal(file);
    j.append({ event: 'planned', to: 'a@x.no', messageId: '<1>' });
    j.append({ event: 'sending', to: 'a@x.no', attempt: 1 });
    j.close();
    appendFileSync(file, '{"at":"2026-06-20T10:00:00.000Z","event":"accep');
    expect(readJournal(file).map((e) => e.event)).toEqual(['planned', 'sending']);
    expect(statesOf(readJournal(file)).get('a@x.no')!.state).toBe('unknown');
    const again = new Journal(file);
    again.append({ event: 'skipped', to: 'a@x.no', reason: 'checked' });
    again.close();
    expect(readJournal(file).map((e) => e.event)).toEqual(['planned', 'sending', 'skipped']);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).every((l) => JSON.parse(l))).toBe(true);
  });

  it('refuses a journal damaged in the middle, naming the line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl');
    writeFileSync(file, `${JSON.stringify(planned('a@x.no'))}\nnot json\n${JSON.stringify(planned('b@x.no'))}\n`);
    expect(() => readJournal(file)).toThrow(/journal\.jsonl:2:1: this line of the send journal cannot be read/);
  });
});

describe('smtp settings', () => {
  it('requires encryption except on this machine, and keeps the password out of what it prints', () => {
    const remote = smtpConfigFromEnv({ NYHETSBREV_SMTP_URL: 'smtp://kom.utsending@example.no@smtp.office365.com:587', NYHETSBREV_SMTP_PASSWORD: 'pw-123' });
    expect(remote).toMatchObject({ host: 'smtp.office365.com', port: 587, secure: false, loopback: false, auth: { kind: 'password', user: 'kom.utsending@example.no' } });
    expect(remote.display).toBe('smtp://kom.utsending@example.no@smtp.office365.com:587');
    expect(remote.display).not.toContain('pw-123');
    const t = { connect: 1000, socket: 1000 };
    expect(connectionOptions(remote, t)).toMatchObject({ requireTLS: true, ignoreTLS: false, secure: false });
    const local = smtpConfigFromEnv({ NYHETSBREV_SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(connectionOptions(local, t)).toMatchObject({ requireTLS: false, ignoreTLS: true });
    expect(smtpConfigFromEnv({ NYHETSBREV_SMTP_URL: 'smtps://kom@mail.example.no', NYHETSBREV_SMTP_PASSWORD: 'x' })).toMatchObject({ port: 465, secure: true });
    expect(smtpConfigFromEnv({ NYHETSBREV_SMTP_URL: 'smtp://127.0.0.1:2525' })).toMatchObject({ loopback: true, auth: { kind: 'none' } });
    expect(() => smtpConfigFromEnv({ NYHETSBREV_SMTP_URL: 'smtp://mail.example.no:25' })).toThrow(/names no user/);
    for (const h of ['localhost', '127.0.0.1', '127.4.5.6', '::1', '[::1]']) expect(isLoopback(h)).toBe(true);
    for (const h of ['10.0.0.1', 'smtp.office365.com', '128.0.0.1', 'localhost.example.no']) expect(isLoopback(h)).toBe(false);
  });
});
