// Plans the messages of a mailing as data: one per recipient, each addressed to that recipient
// alone, with its subject and bodies from the mail templates and the contents list taken from
// the built document. Turning a message into MIME bytes is the one step with a library in it.
import { MailError } from './errors.js';
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutlineEntry } from '../display/types.js';
import type { MailSettings, MessageData } from './settings.js';
import type { MailLanguage, Recipient } from './recipients.js';

/** The built PDF a mailing carries. */
export interface BuiltIssue {
  /** Issue metadata as the layout's templates see it (number, year, period, date, name). */
  readonly meta: Record<string, unknown>;
  /** The document's sections and the page each starts on. */
  readonly outline: readonly OutlineEntry[];
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface Message {
  /** The recipient's identity (address lower-cased), as the journal knows it. */
  readonly key: string;
  readonly to: { readonly name: string; readonly address: string };
  readonly language: MailLanguage;
  /** Derived from issue and recipient: the same on every try, so a retry is recognisably the same message. */
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The PDF goes with the message; otherwise it is linked (webUrl). */
  readonly attached: boolean;
}

export interface Mailing {
  readonly messages: readonly Message[];
  readonly attached: boolean;
  readonly webUrl: string;
  readonly contents: readonly { readonly title: string; readonly page: number }[];
}

export class MailingError extends MailError {}

export function contentsOf(outline: readonly OutlineEntry[]): { title: string; page: number }[] {
  return outline.filter((e) => e.title.trim() !== '').map((e) => ({ title: e.title, page: e.page }));
}

export function planMailing(issue: BuiltIssue, recipients: readonly Recipient[], settings: MailSettings, options: { test?: boolean } = {}): Mailing {
  const webUrl = settings.webUrl ? settings.webUrl(issue.meta) : '';
  const webPage = settings.webPage ? settings.webPage(issue.meta) : '';
  const attached = issue.bytes.length <= settings.attachmentLimit;
  if (!attached && !webUrl) {
    throw new MailingError(
      `the PDF is ${formatSize(issue.bytes.length, 'en')}, more than the ${formatSize(settings.attachmentLimit, 'en')} a message may carry (attachmentLimit in ${settings.file}), and ${settings.file} gives no webUrl: to link to it instead: publish the PDF on the web and give its address as webUrl`,
    );
  }
  const contents = contentsOf(issue.outline);
  const messages = recipients.map((r) => {
    const data: MessageData = {
      ...issue.meta,
      recipient: { name: r.name, organisation: r.organisation, email: r.email },
      contents,
      webUrl,
      webPage,
      attached,
      fileName: issue.fileName,
      size: formatSize(issue.bytes.length, r.language),
    };
    const t = settings.messages[r.language];
    return {
      key: r.key,
      to: { name: r.name, address: r.email },
      language: r.language,
      messageId: messageId(String(issue.meta.name), r.key, settings.listId, options.test),
      subject: (options.test ? '[TEST] ' : '') + oneLine(t.subject(data)),
      text: t.text(data),
      html: t.html(data),
      attached,
    };
  });
  return { messages, attached, webUrl, contents };
}

/** `<2025-4.3f9c…@nyhetsbrev.kom.politiet.no>`; a test message gets one of its own each time. */
export function messageId(issueName: string, key: string, listId: string, test = false): string {
  const seed = test ? `${issueName}\ntest\n${key}\n${Date.now()}\n${Math.random()}` : `${issueName}\n${key}`;
  const hash = createHash('sha256').update(seed).digest('hex').slice(0, 24);
  return `<${issueName.replace(/[^A-Za-z0-9.-]/g, '-')}.${hash}@${listId}>`;
}

/** The message as MIME bytes: what is written to an .eml file and what the server receives. */
export async function toMime(message: Message, issue: BuiltIssue, settings: MailSettings, date: Date): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: settings.from.name, address: settings.from.address },
    to: [{ name: message.to.name, address: message.to.address }],
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    subject: message.subject,
    messageId: message.messageId,
    date,
    text: message.text,
    html: message.html,
    headers: {
      'List-Id': `${settings.listName} <${settings.listId}>`,
      'List-Unsubscribe': `<${settings.unsubscribe}>`,
      'Content-Language': message.language,
    },
    attachments: message.attached ? [{ filename: issue.fileName, content: Buffer.from(issue.bytes), contentType: 'application/pdf' }] : [],
  });
  return new Promise((resolve, reject) => composer.compile().build((err, bytes) => (err ? reject(err) : resolve(bytes))));
}

/** "853 KB", "1,3 MB" (Norwegian) or "1.3 MB" (English). */
export function formatSize(bytes: number, language: MailLanguage): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return `${language === 'nb' ? mb.replace('.', ',') : mb} MB`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
