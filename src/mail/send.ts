// `nyhetsbrev send`: builds the screen PDF, plans one message per recipient, and then either
// writes them as .eml files (the dry run), sends one test message, or sends them for real,
// journalling every step so that a run broken off anywhere resumes without sending twice.
import { MailError } from './errors.js';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isEmail } from './email.js';
import { buildIssue, toolRoot } from '../build.js';
import { findProjectRoot } from '../issue/load.js';
import { formatProblem, InputError, type SourcePos } from '../issue/problems.js';
import { templateData } from '../layout/document.js';
import { formatSize, planMailing, toMime, type BuiltIssue, type Message } from './compose.js';
import { Journal, readJournal, type JournalEntry } from './journal.js';
import { acquireLock } from './lock.js';
import { readRecipients, type Recipient, type RecipientList } from './recipients.js';
import { planRun, type RunPlan, type UnknownChoice } from './resume.js';
import { loadMailSettings, type MailSettings } from './settings.js';
import { ConnectError, SmtpSession, smtpConfigFromEnv, type SendOutcome, type SmtpConfig } from './smtp.js';

export interface Reporter {
  /** A line of the record: kept on screen and in a log. */
  line(text: string): void;
  warn(text: string): void;
  /** The progress line: overwritten in place on a terminal, not shown elsewhere. */
  status(text: string): void;
  /** A line for each message delivered: shown where there is no progress line to show it. */
  each(text: string): void;
}

export interface SendOptions {
  readonly recipients?: string;
  readonly layout?: string;
  readonly live?: boolean;
  /** Confirmation given on the command line. */
  readonly yes?: boolean;
  readonly test?: string;
  readonly limit?: number;
  /** Messages a minute; default the mail file's. */
  readonly rate?: number;
  readonly unknown?: UnknownChoice;
  readonly env: NodeJS.ProcessEnv;
  /** Asks on a terminal; absent without one (then --yes is needed). */
  readonly ask?: (question: string) => Promise<string>;
  readonly report: Reporter;
  /** Set (by Ctrl-C) to end the run after the message in hand. */
  readonly stop?: { stopped: boolean };
}

/** Exit statuses: 0 everyone on the list has the issue; 1 a problem to fix first; 3 some not reached yet. */
export const NOT_EVERYONE = 3;

/** A reason to stop before or during a run that the user can act on. */
export class SendError extends MailError {}

interface Prepared {
  /** The issue folder as the user named it. */
  readonly folder: string;
  readonly root: string;
  readonly settings: MailSettings;
  readonly issue: BuiltIssue;
  readonly title: string;
  readonly pdfFile: string;
  readonly pdfHash: string;
  readonly mailDir: string;
  readonly dateMissing?: SourcePos;
}

export async function sendIssue(folder: string, options: SendOptions): Promise<number> {
  if (options.test !== undefined && !isEmail(options.test, { require_tld: true })) {
    throw new SendError(`--test "${options.test}" is not an e-mail address: expected your own address, like ola.nordmann@example.no`);
  }
  const root = findProjectRoot(folder);
  const settings = loadMailSettings(mailFile(root), display(root, mailFile(root)));
  const smtp = options.live || options.test ? smtpConfigFromEnv(options.env) : undefined;
  const list = options.test ? undefined : loadRecipients(root, options);
  const prepared = await prepare(folder, root, settings, options);
  if (options.test) return sendTest(prepared, options.test, smtp!, options);
  if (options.live && prepared.dateMissing) {
    throw new SendError(`the issue's date is not filled in yet (${formatProblem({ at: prepared.dateMissing, message: 'date: ÅÅÅÅ-MM-DD' })}): write the publication date, build, look at the PDF, then send`);
  }
  if (!options.live) return dryRun(prepared, list!, options);
  return sendLive(prepared, list!.recipients, smtp!, options);
}

function mailFile(root: string): string {
  const own = join(root, 'layouts', 'mail.yaml');
  return existsSync(own) ? own : join(toolRoot, 'layouts', 'mail.yaml');
}

function display(root: string, file: string): string {
  const r = relative(process.cwd(), file);
  return r.startsWith('..') ? relative(root, file) || file : r;
}

function loadRecipients(root: string, options: SendOptions): RecipientList {
  const file = options.recipients ?? join(root, 'recipients.csv');
  if (!options.recipients && !existsSync(file)) {
    throw new InputError([{ message: `${display(root, file)}: no recipient list: expected a CSV file of the partners' addresses here (copy recipients.example.csv to recipients.csv and fill it in), or give one with --recipients FILE` }]);
  }
  const list = readRecipients(file, display(root, file));
  if (list.problems.length > 0) throw new InputError(list.problems);
  for (const w of list.warnings) options.report.warn(w);
  return list;
}

async function prepare(folder: string, root: string, settings: MailSettings, options: SendOptions): Promise<Prepared> {
  options.report.status('Building the PDF…');
  const built = await buildIssue(folder, { profile: 'screen', outDir: join(root, 'out'), ...(options.layout ? { layout: options.layout } : {}) });
  for (const w of built.warnings) options.report.warn(w);
  const bytes = readFileSync(built.file);
  const meta = templateData(built.issue);
  const issue: BuiltIssue = { meta, outline: built.document.outline, fileName: built.document.fileName, bytes };
  return {
    folder,
    root,
    settings,
    issue,
    title: `nr. ${built.issue.number} – ${built.issue.year}`,
    pdfFile: built.file,
    pdfHash: createHash('sha256').update(bytes).digest('hex'),
    mailDir: join(root, 'out', 'mail', String(meta.name)),
    ...(built.issue.dateMissing ? { dateMissing: built.issue.dateMissing } : {}),
  };
}

function describePdf(p: Prepared, attached: boolean, webUrl: string): string {
  const file = display(p.root, p.pdfFile);
  const size = formatSize(p.issue.bytes.length, 'en');
  return attached ? `${file} (${size}) attached${webUrl ? `, and linked: ${webUrl}` : ''}` : `${file} (${size}) too large to attach: linked instead, ${webUrl}`;
}

async function dryRun(p: Prepared, list: RecipientList, options: SendOptions): Promise<number> {
  const { recipients } = list;
  const mailing = planMailing(p.issue, recipients, p.settings);
  const dir = join(p.mailDir, 'dry-run');
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let total = 0;
  let first = '';
  const width = String(mailing.messages.length).length;
  const now = new Date();
  try {
    for (const [i, m] of mailing.messages.entries()) {
      const bytes = await toMime(m, p.issue, p.settings, now);
      const name = `${String(i + 1).padStart(width, '0')}-${m.to.address.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`;
      writeFileSync(join(tmp, name), bytes);
      total += bytes.length;
      if (i === 0) first = join(dir, name);
      options.report.status(`Writing messages: ${i + 1}/${mailing.messages.length}`);
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const plan = planRun(recipients, readJournal(join(p.mailDir, 'journal.jsonl')), options.unknown, options.limit);
  const r = options.report;
  r.line(`Dry run of ${p.title}: nothing was sent.`);
  r.line(`PDF: ${describePdf(p, mailing.attached, mailing.webUrl)}`);
  const notes = [list.duplicates > 0 ? `${list.duplicates} duplicate${list.duplicates === 1 ? '' : 's'} merged` : '', list.warnings.length > 0 ? `${list.warnings.length} warning${list.warnings.length === 1 ? '' : 's'} above` : ''].filter(Boolean);
  r.line(`Recipients: ${recipients.length} in ${list.file} (${countBy(recipients)})${notes.length ? `; ${notes.join(', ')}` : ''}`);
  r.line(`Messages: ${mailing.messages.length} written to ${display(p.root, dir)}/, ${formatSize(total / Math.max(1, mailing.messages.length), 'en')} each; open one in your mail program: ${display(p.root, first)}`);
  r.line(`Contents listed in the message: ${mailing.contents.map((c) => `${c.title} (${c.page})`).join('; ')}`);
  describePlan(plan, r, 'A live run would send');
  r.line(`Next: send a test to yourself: nyhetsbrev send ${p.folder} --test YOUR-ADDRESS; then the same with --live instead of --test`);
  return 0;
}

function countBy(recipients: readonly Recipient[]): string {
  const en = recipients.filter((r) => r.language === 'en').length;
  return `${recipients.length - en} in Norwegian, ${en} in English`;
}

function describePlan(plan: RunPlan, r: Reporter, verb: string): void {
  if (plan.resumed) {
    r.line(`Journal: ${plan.accepted.length} already accepted, ${plan.rejected.length} rejected, ${plan.skipped.length} skipped by choice, ${plan.unknown.length} unknown.`);
    if (plan.added.length > 0) r.line(`Added to the recipient file since the mailing began (${plan.added.length}): ${plan.added.map((a) => a.email).join(', ')}`);
    if (plan.removed.length > 0) r.line(`Removed from the recipient file since the mailing began (${plan.removed.length}, not sent): ${plan.removed.join(', ')}`);
    if (plan.removedAfterSending.length > 0) r.line(`Removed from the recipient file after they were sent the issue (${plan.removedAfterSending.length}): ${plan.removedAfterSending.join(', ')}`);
  }
  r.line(`${verb} ${plan.send.length} message${plan.send.length === 1 ? '' : 's'}${plan.later.length > 0 ? ` (--limit; ${plan.later.length} left for later runs)` : ''}.`);
  if (plan.unknown.length > 0) {
    r.line(`${plan.unknown.length} message${plan.unknown.length === 1 ? '' : 's'} may or may not have arrived (the connection was lost while ${plan.unknown.length === 1 ? 'it was' : 'they were'} being handed over):`);
    for (const u of plan.unknown) r.line(`  ${u.email}: ${u.reason}`);
  }
}

async function sendTest(p: Prepared, address: string, smtp: SmtpConfig, options: SendOptions): Promise<number> {
  const recipient: Recipient = { email: address, key: address.trim().toLowerCase(), name: '', organisation: '', language: 'nb', line: 0 };
  const { messages } = planMailing(p.issue, [recipient], p.settings, { test: true });
  const message = messages[0]!;
  const bytes = await toMime(message, p.issue, p.settings, new Date());
  options.report.status(`Connecting to ${smtp.display}…`);
  const session = await connect(smtp, p.settings, options);
  try {
    const outcome = await session.send(p.settings.from.address, address, bytes);
    if (outcome.kind === 'accepted') {
      options.report.line(`Test message "${message.subject}" sent to ${address} (${formatSize(bytes.length, 'en')}): ${outcome.reply}`);
      options.report.line('Read it as a partner would; when it looks right, run the same command with --live instead of --test.');
      return 0;
    }
    options.report.line(`The test message to ${address} was not sent: ${outcome.kind === 'unknown' ? outcome.reason : outcome.reply}`);
    return 1;
  } finally {
    session.close();
  }
}

async function sendLive(p: Prepared, recipients: readonly Recipient[], smtp: SmtpConfig, options: SendOptions): Promise<number> {
  const r = options.report;
  const journalFile = join(p.mailDir, 'journal.jsonl');
  const lock = acquireLock(join(p.mailDir, 'send.lock'));
  if (lock.tookOver) r.warn(`an earlier send (process ${lock.tookOver.pid}, since ${lock.tookOver.since}) ended without finishing: resuming from its journal`);
  try {
    const entries = readJournal(journalFile);
    const plan = planRun(recipients, entries, options.unknown, options.limit);
    // Everyone still to send, this run's first: planned once, sent as far as --limit allows.
    const mailing = planMailing(p.issue, [...plan.send, ...plan.later], p.settings);
    r.line(`Sending ${p.title} from ${p.settings.from.address} through ${smtp.display}.`);
    r.line(`PDF: ${describePdf(p, mailing.attached, mailing.webUrl)}`);
    warnIfChanged(entries, p.pdfHash, plan, r);
    describePlan(plan, r, 'This run sends');
    if (plan.unknown.length > 0) {
      r.line('Nothing was sent. Look in the Sent Items of the sending mailbox (or ask the recipients), then run again with');
      r.line('  --skip-unknown   if they did get it (they are not sent again), or');
      r.line('  --resend-unknown if they did not (they are sent once more).');
      return NOT_EVERYONE;
    }
    if (plan.send.length > 0 && !(await confirmed(p, plan.send.length, options))) {
      r.line('Not sent.');
      return 1;
    }
    const journal = new Journal(journalFile);
    try {
      journal.append({ event: 'run', live: true, recipients: recipientsName(options, p.root), count: recipients.length, pdf: p.pdfHash });
      for (const s of plan.skipNow) journal.append({ event: 'skipped', to: s.key, reason: 'skipped by choice after checking (--skip-unknown)' });
      // Everyone this mailing is for is planned in the first run, so a later run can tell who was added.
      const known = new Set(entries.flatMap((e) => (e.event === 'planned' ? [e.to] : [])));
      for (const m of mailing.messages) if (!known.has(m.key)) journal.append({ event: 'planned', to: m.key, messageId: m.messageId });
      await deliver(mailing.messages.slice(0, plan.send.length), p, smtp, journal, options);
    } finally {
      journal.close();
    }
    return finish(p, recipients, journalFile, r);
  } finally {
    lock.release();
  }
}

function recipientsName(options: SendOptions, root: string): string {
  return display(root, options.recipients ?? join(root, 'recipients.csv'));
}

function warnIfChanged(entries: readonly JournalEntry[], hash: string, plan: RunPlan, r: Reporter): void {
  const earlier = entries.filter((e): e is Extract<JournalEntry, { event: 'run' }> => e.event === 'run' && e.live);
  if (earlier.length > 0 && earlier[earlier.length - 1]!.pdf !== hash && plan.accepted.length > 0) {
    r.warn(`the PDF has changed since this mailing began: the ${plan.accepted.length} partners already sent to got the earlier version, the rest get this one`);
  }
}

async function confirmed(p: Prepared, count: number, options: SendOptions): Promise<boolean> {
  if (options.yes) return true;
  if (!options.ask) throw new SendError(`--live without a terminal to confirm on needs --yes (it would send ${p.title} to ${count} recipients)`);
  const answer = await options.ask(`Send ${p.title} to ${count} recipient${count === 1 ? '' : 's'}? Type ${count} to confirm: `);
  return answer.trim() === String(count);
}

/** One connection, paced; 4xx retried with backoff; 5xx recorded and passed; lost connections reopened. */
async function deliver(messages: readonly Message[], p: Prepared, smtp: SmtpConfig, journal: Journal, options: SendOptions): Promise<void> {
  const r = options.report;
  const rate = options.rate ?? p.settings.rate;
  const interval = 60_000 / rate;
  const { attempts, wait } = p.settings.retry;
  let session: SmtpSession | undefined;
  let lastStart = -Infinity;
  const started = Date.now();
  let done = 0;
  let failed = 0;
  const progress = () => {
    const left = messages.length - done;
    const perMinute = done > 0 ? (done / Math.max(1, Date.now() - started)) * 60_000 : rate;
    const minutes = left / Math.min(rate, Math.max(perMinute, 0.001));
    r.status(`Sending: ${done}/${messages.length} done, ${failed} not delivered, ${Math.min(perMinute, rate).toFixed(1)}/min, about ${formatDuration(minutes)} left`);
  };
  try {
    for (const m of messages) {
      if (options.stop?.stopped) {
        r.line(`Stopped by request after ${done} of ${messages.length} messages: run the same command again to go on.`);
        return;
      }
      progress();
      const bytes = await toMime(m, p.issue, p.settings, new Date());
      let outcome: SendOutcome | undefined;
      for (let attempt = 1; attempt <= attempts && !outcome; attempt++) {
        await sleep(lastStart + interval - Date.now(), options.stop);
        if (!session?.usable) {
          session?.close();
          session = await connect(smtp, p.settings, options);
        }
        lastStart = Date.now();
        journal.append({ event: 'sending', to: m.key, attempt });
        const o = await session.send(p.settings.from.address, m.to.address, bytes);
        if (o.kind === 'refused') {
          journal.append({ event: 'deferred', to: m.key, reply: o.reply });
          throw new SendError(
            `the mail server refuses to take the message from ${p.settings.from.address} (${o.reply}): nothing more is sent. ${done} of ${messages.length} messages were handled before it. Check that the account may send as that address, or make the message smaller (attachmentLimit and webUrl in ${p.settings.file}), then run the same command again`,
          );
        }
        if (o.kind !== 'deferred') outcome = o;
        else {
          journal.append({ event: 'deferred', to: m.key, reply: o.reply });
          if (attempt === attempts) outcome = o;
          else {
            const pause = wait * 2 ** (attempt - 1);
            r.line(`${m.to.address}: ${o.reply}; trying again in ${formatSeconds(pause)}`);
            await sleep(pause, options.stop);
            if (options.stop?.stopped) outcome = o;
          }
        }
      }
      done++;
      const o = outcome!;
      if (o.kind === 'accepted') journal.append({ event: 'accepted', to: m.key, reply: o.reply, ...(o.queueId ? { queueId: o.queueId } : {}) });
      else if (o.kind === 'rejected') journal.append({ event: 'rejected', to: m.key, reply: o.reply });
      else if (o.kind === 'unknown') journal.append({ event: 'unknown', to: m.key, reason: o.reason });
      if (o.kind !== 'accepted') failed++;
      const said = `${done}/${messages.length} ${o.kind} ${m.to.address}: ${o.kind === 'unknown' ? o.reason : o.reply}`;
      if (o.kind === 'accepted') r.each(said);
      else r.line(said);
    }
    progress();
  } catch (e) {
    if (e instanceof ConnectError) {
      throw new SendError(`${e.message}. ${done} of ${messages.length} messages were handled before it; the journal holds them: run the same command again to go on`);
    }
    throw e;
  } finally {
    session?.close();
  }
}

async function connect(smtp: SmtpConfig, settings: MailSettings, options: SendOptions): Promise<SmtpSession> {
  const { attempts, wait } = settings.retry;
  for (let attempt = 1; ; attempt++) {
    try {
      return await SmtpSession.open(smtp);
    } catch (e) {
      if (!(e instanceof ConnectError) || e.permanent || attempt >= attempts || options.stop?.stopped) {
        if (e instanceof ConnectError && !e.permanent && attempt > 1) throw new ConnectError(`${e.message}; gave up after ${attempt} tries`, false);
        throw e;
      }
      const pause = wait * 2 ** (attempt - 1);
      options.report.line(`${e.message}; trying again in ${formatSeconds(pause)}`);
      await sleep(pause, options.stop);
    }
  }
}

/** The closing summary, from the journal: the exit status says whether everyone on the list has the issue. */
function finish(p: Prepared, recipients: readonly Recipient[], journalFile: string, r: Reporter): number {
  const plan = planRun(recipients, readJournal(journalFile), undefined);
  const reached = plan.accepted.length + plan.skipped.length;
  r.line(`Done: ${plan.accepted.length} of ${recipients.length} recipients have ${p.title} (accepted by the server)${plan.skipped.length ? `, ${plan.skipped.length} skipped by choice` : ''}.`);
  for (const x of plan.rejected) r.line(`  rejected ${x.email} (line ${x.line}): ${x.reply}`);
  for (const x of plan.unknown) r.line(`  unknown  ${x.email}: ${x.reason}`);
  const waiting = plan.send.length;
  if (waiting > 0) r.line(`${waiting} still to send (deferred by the server, interrupted or left by --limit): run the same command again to go on.`);
  if (plan.unknown.length > 0) r.line('Unknown ones: check Sent Items, then run again with --skip-unknown or --resend-unknown.');
  r.line(`Journal: ${display(p.root, journalFile)} (keep it until the next issue is sent)`);
  return reached === recipients.length ? 0 : NOT_EVERYONE;
}

function sleep(ms: number, stop?: { stopped: boolean }): Promise<void> {
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    const until = Date.now() + ms;
    const tick = () => {
      const left = until - Date.now();
      if (left <= 0 || stop?.stopped) resolve();
      else setTimeout(tick, Math.min(left, 200));
    };
    tick();
  });
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function formatDuration(minutes: number): string {
  if (minutes < 1) return `${Math.max(1, Math.round(minutes * 60))} s`;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}
