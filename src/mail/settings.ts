// The mail file (layouts/mail.yaml): sender, list headers, limits, pacing and the message
// templates per language, checked with positions like every other file a user edits.
import Handlebars from 'handlebars';
import { isEmail } from './email.js';
import * as z from 'zod';
import { checkAgainst } from '../issue/check.js';
import { failIfAny, type Problem } from '../issue/problems.js';
import { templateReason } from '../issue/templates.js';
import { YamlSource, type Path } from '../issue/yaml-source.js';
import type { MailLanguage } from './recipients.js';

const template = z.string().min(1).describe('A handlebars template');
const messageTemplates = z.strictObject({ subject: template, text: template, html: template });

export const mailSchema = z.strictObject({
  from: z.strictObject({ name: z.string().min(1), address: z.string().min(3) }),
  replyTo: z.string().min(3).optional(),
  listId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+$/, 'expected a domain-like name, like nyhetsbrev.kom.politiet.no'),
  listName: z.string().min(1),
  unsubscribe: z.string().regex(/^mailto:[^\s<>]+@[^\s<>]+$/, 'expected a mailto: address, like mailto:post@example.no?subject=Avmelding'),
  webUrl: template.optional().describe('Address of the PDF on the web (a template)'),
  webPage: template.optional().describe('Address of the issue as a web page (nyhetsbrev build --format html), a template'),
  attachmentLimit: z.number({ error: 'expected a number of megabytes' }).positive('expected a number of megabytes, more than 0').describe('megabytes'),
  rate: z.number({ error: 'expected a number of messages a minute' }).positive('expected a number of messages a minute, more than 0').max(600, 'expected at most 600 messages a minute').describe('messages a minute'),
  retry: z.strictObject({
    attempts: z.number({ error: 'expected a whole number of tries from 1 to 20' }).int().min(1).max(20),
    wait: z.number({ error: 'expected a number of seconds' }).min(0, 'expected a number of seconds, 0 or more').describe('seconds'),
  }),
  messages: z.strictObject({ nb: messageTemplates, en: messageTemplates }),
});

type MailFile = z.infer<typeof mailSchema>;

/** What a template sees. */
export interface MessageData {
  readonly [key: string]: unknown;
  readonly recipient: { readonly name: string; readonly organisation: string; readonly email: string };
  readonly contents: readonly { readonly title: string; readonly page: number }[];
  readonly webUrl: string;
  readonly webPage: string;
  readonly attached: boolean;
  readonly fileName: string;
  readonly size: string;
}

export interface MessageTemplates {
  readonly subject: (d: MessageData) => string;
  readonly text: (d: MessageData) => string;
  readonly html: (d: MessageData) => string;
}

export interface MailSettings {
  readonly file: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly replyTo?: string;
  readonly listId: string;
  readonly listName: string;
  readonly unsubscribe: string;
  readonly webUrl?: (meta: Record<string, unknown>) => string;
  readonly webPage?: (meta: Record<string, unknown>) => string;
  /** Bytes. */
  readonly attachmentLimit: number;
  /** Messages a minute. */
  readonly rate: number;
  /** Tries, and the first wait in milliseconds (doubled after each). */
  readonly retry: { readonly attempts: number; readonly wait: number };
  readonly messages: Readonly<Record<MailLanguage, MessageTemplates>>;
}

/** Data a template is tried with when the file is read, so a mistake shows before anything is built. */
const SAMPLE: MessageData = {
  name: '2025-4', number: 4, year: 2025, period: 'oktober–desember 2025', date: '10. desember 2025', isoDate: '2025-12-10',
  recipient: { name: 'Ola Nordmann', organisation: 'Eksempeletaten', email: 'ola@example.no' },
  contents: [{ title: 'Eksempel', page: 2 }],
  webUrl: 'https://www.example.no/nyhetsbrev.pdf',
  webPage: 'https://www.example.no/nyhetsbrev/',
  attached: true,
  fileName: '2025-4.pdf',
  size: '853 KB',
};

export function loadMailSettings(file: string, displayName = file): MailSettings {
  const { source, problems } = YamlSource.read(file, displayName);
  failIfAny(problems);
  const checked = checkAgainst(mailSchema, source!);
  failIfAny(checked.problems);
  const m = checked.value!;
  const found: Problem[] = [];
  const address = (path: Path, value: string | undefined) => {
    if (value !== undefined && !isEmail(value, { require_tld: true }))
      found.push({ at: source!.at(path), message: `"${value}" is not an e-mail address: expected an address like kom@example.no` });
  };
  address(['from', 'address'], m.from.address);
  address(['replyTo'], m.replyTo);
  const compileAt = (path: Path, text: string, escape: boolean) => compileChecked(text, escape, source!, path, found);
  const messages = Object.fromEntries(
    (['nb', 'en'] as const).map((lang) => {
      const t = m.messages[lang];
      return [lang, {
        subject: compileAt(['messages', lang, 'subject'], t.subject, false),
        text: compileAt(['messages', lang, 'text'], t.text, false),
        html: compileAt(['messages', lang, 'html'], t.html, true),
      }];
    }),
  ) as Record<MailLanguage, MessageTemplates>;
  for (const lang of ['nb', 'en'] as const) {
    if (!/<html[^>]*\slang="[a-z]{2}/i.test(m.messages[lang].html))
      found.push({ at: source!.at(['messages', lang, 'html']), message: `the HTML body has no language: expected it to start its document with <html lang="${lang}">` });
    if (!/<title>[^<]+<\/title>/i.test(m.messages[lang].html))
      found.push({ at: source!.at(['messages', lang, 'html']), message: 'the HTML body has no title: expected <title>…</title> in its <head>' });
  }
  const webAddress = (key: 'webUrl' | 'webPage') => {
    const text = m[key];
    if (text === undefined) return undefined;
    const t = compileAt([key], text, false);
    if (!/^https:\/\/[^\s]+$/.test(safely(() => t(SAMPLE)) ?? 'https://x'))
      found.push({ at: source!.at([key]), message: `${key} "${text}" is not a web address: expected it to start with https://` });
    return t;
  };
  const webUrl = webAddress('webUrl');
  const webPage = webAddress('webPage');
  failIfAny(found);
  return toSettings(m, displayName, messages, webUrl, webPage);
}

type Address = ((d: MessageData) => string) | undefined;

function toSettings(m: MailFile, file: string, messages: Record<MailLanguage, MessageTemplates>, webUrl: Address, webPage: Address): MailSettings {
  return {
    file,
    from: m.from,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    listId: m.listId,
    listName: m.listName,
    unsubscribe: m.unsubscribe,
    ...(webUrl ? { webUrl: (meta: Record<string, unknown>) => webUrl(meta as MessageData) } : {}),
    ...(webPage ? { webPage: (meta: Record<string, unknown>) => webPage(meta as MessageData) } : {}),
    attachmentLimit: Math.round(m.attachmentLimit * 1_000_000),
    rate: m.rate,
    retry: { attempts: m.retry.attempts, wait: m.retry.wait * 1000 },
    messages,
  };
}

/**
 * Compiles a template and tries it on sample data: a syntax error or a name a message does not
 * have is reported at the template's place now, not at the 40th recipient.
 */
function compileChecked(text: string, escape: boolean, source: YamlSource, path: Path, found: Problem[]): (d: MessageData) => string {
  let f: HandlebarsTemplateDelegate | undefined;
  try {
    f = Handlebars.compile(text, { noEscape: !escape, strict: true });
    f(SAMPLE);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const unknown = /^"([\w.]+)" not defined/.exec(message);
    const names = `one of ${Object.keys(SAMPLE).join(', ')} (recipient.name, recipient.organisation, recipient.email; title and page inside #each contents)`;
    const { reason, expected } = templateReason(message, 'a message');
    found.push({
      at: source.at(path),
      message: unknown
        ? `the template uses "${unknown[1]}", which a message does not have: expected ${names}`
        : `${reason}: expected ${expected ?? names}`,
    });
  }
  return (d) => f!(d);
}

function safely<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
