// The message as planned from the mail file: its HTML read by a real HTML parser, its headers
// as bytes, and the mail file's mistakes reported with their places.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { formatProblem, InputError } from '../../src/issue/problems.js';
import { planMailing, toMime, type BuiltIssue } from '../../src/mail/compose.js';
import type { Recipient } from '../../src/mail/recipients.js';
import { loadMailSettings } from '../../src/mail/settings.js';
import { repo } from '../helpers/project.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const mailYaml = readFileSync(join(repo, 'layouts', 'mail.yaml'), 'utf8');
const settings = loadMailSettings(join(repo, 'layouts', 'mail.yaml'), 'layouts/mail.yaml');

const issue: BuiltIssue = {
  meta: { name: '2026-2', number: 2, year: 2026, period: 'april–juni 2026', date: '20. juni 2026', isoDate: '2026-06-20' },
  outline: [
    { title: 'Verdt å merke seg', page: 2, children: [] },
    { title: 'Aktuelle norske tiltak <og> «rapporter» & forskning', page: 5, children: [] },
  ],
  fileName: '2026-2.pdf',
  bytes: Buffer.from('%PDF-1.7 test'),
};

const kari: Recipient = { email: 'kari@example.no', key: 'kari@example.no', name: 'Kari <Nordmann>', organisation: 'Eksempel & co', language: 'nb', line: 2 };
const emma: Recipient = { email: 'emma@example.com', key: 'emma@example.com', name: 'Emma', organisation: '', language: 'en', line: 3 };

function elements(node: Node, name: string, found: Element[] = []): Element[] {
  if ('tagName' in node && node.tagName === name) found.push(node);
  if ('childNodes' in node) for (const c of node.childNodes) elements(c, name, found);
  return found;
}
function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(text).join('') : '';
}

describe('the message', () => {
  it('has an HTML part that parses without an error, with lang, title, headings and the contents as a list', () => {
    for (const [r, lang] of [[kari, 'nb'], [emma, 'en']] as const) {
      const m = planMailing(issue, [r], settings).messages[0]!;
      const errors: string[] = [];
      const doc = parse(m.html, { onParseError: (e) => errors.push(e.code) });
      expect(errors).toEqual([]);
      expect(elements(doc, 'html')[0]!.attrs).toContainEqual({ name: 'lang', value: lang });
      expect(text(elements(doc, 'title')[0]!)).toBe(lang === 'nb' ? 'Nyhetsbrev fra KOM nr. 2 – 2026' : 'Newsletter from KOM no. 2 – 2026');
      expect(elements(doc, 'h1')).toHaveLength(1);
      expect(elements(doc, 'h2').map(text)).toEqual([lang === 'nb' ? 'Innhold' : 'Contents']);
      // The issue's text is data, never markup: escaped in the HTML, as written in the text part.
      expect(elements(doc, 'li').map((li) => text(li).trim())).toEqual([
        `Verdt å merke seg – ${lang === 'nb' ? 'side' : 'page'} 2`,
        `Aktuelle norske tiltak <og> «rapporter» & forskning – ${lang === 'nb' ? 'side' : 'page'} 5`,
      ]);
      expect(m.text).toContain('Aktuelle norske tiltak <og> «rapporter» & forskning');
    }
    const m = planMailing(issue, [kari], settings).messages[0]!;
    expect(text(elements(parse(m.html), 'p')[0]!)).toBe('Hei Kari <Nordmann>,');
    expect(m.text).toContain('fordi Eksempel & co er blant');
  });

  it('links the PDF on the web when the mail file gives webUrl, and links instead of attaching a PDF over the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'));
    const file = join(dir, 'mail.yaml');
    writeFileSync(file, mailYaml.replace('attachmentLimit: 10 ', 'attachmentLimit: 0.000001 ').replace('# webUrl: "https', 'webUrl: "https').replace('# webPage: "https', 'webPage: "https'));
    const s = loadMailSettings(file);
    const mailing = planMailing(issue, [kari], s);
    expect(mailing.attached).toBe(false);
    expect(mailing.webUrl).toBe('https://www.politiet.no/menneskehandel/nyhetsbrev/2026-2.pdf');
    const mail = await simpleParser(await toMime(mailing.messages[0]!, issue, s, new Date('2026-06-20T10:00:00Z')));
    expect(mail.attachments).toHaveLength(0);
    const links = elements(parse(String(mail.html)), 'a');
    expect(links.map((a) => a.attrs.find((x) => x.name === 'href')?.value)).toEqual(['https://www.politiet.no/menneskehandel/nyhetsbrev/2026-2/', 'https://www.politiet.no/menneskehandel/nyhetsbrev/2026-2.pdf']);
    expect(mail.text).toContain('Les det som nettside: https://www.politiet.no/menneskehandel/nyhetsbrev/2026-2/');
    expect(mail.text).toContain('Les det på nettet: https://www.politiet.no/menneskehandel/nyhetsbrev/2026-2.pdf');
    // Over the limit with nowhere to link to: refused, saying what to do.
    writeFileSync(file, mailYaml.replace('attachmentLimit: 10 ', 'attachmentLimit: 0.000001 '));
    expect(() => planMailing(issue, [kari], loadMailSettings(file))).toThrow(/more than the 1 KB a message may carry .* gives no webUrl/);
  });

  it('gives each recipient a Message-ID of its own that stays the same on every try', () => {
    const a = planMailing(issue, [kari, emma], settings).messages;
    const b = planMailing(issue, [kari, emma], settings).messages;
    expect(a.map((m) => m.messageId)).toEqual(b.map((m) => m.messageId));
    expect(new Set(a.map((m) => m.messageId)).size).toBe(2);
    const test = planMailing(issue, [kari], settings, { test: true }).messages[0]!;
    expect(test.messageId).not.toBe(a[0]!.messageId);
    expect(test.subject).toBe('[TEST] Nyhetsbrev fra KOM nr. 2 – 2026');
  });
});

describe('the mail file', () => {
  function problems(text: string): string[] {
    const file = join(mkdtempSync(join(tmpdir(), 'mail-')), 'mail.yaml');
    writeFileSync(file, text);
    try {
      loadMailSettings(file, 'layouts/mail.yaml');
    } catch (e) {
      if (e instanceof InputError) return e.problems.map(formatProblem);
      throw e;
    }
    return [];
  }
  const lineOf = (needle: string, text = mailYaml) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('is read as it is shipped', () => {
    expect(problems(mailYaml)).toEqual([]);
  });

  it('reports every mistake with its place: a misspelt key, a bad address, a name a template does not have, a template that cannot be read, an HTML part without lang', () => {
    const broken = mailYaml
      .replace('listName:', 'listNavn:')
      .replace('address: KOM.pod@politiet.no', 'address: KOM.pod(at)politiet.no')
      .replace('subject: "Newsletter from KOM no. {{number}}', 'subject: "Newsletter from KOM no. {{nummer}}')
      .replace('{{#if recipient.name}}Hei {{recipient.name}},{{else}}Hei,{{/if}}\n\n', '{{#if recipient.name}}Hei {{recipient.name}},{{else}}Hei,\n\n')
      .replace('<html lang="nb">', '<html>');
    const found = problems(broken);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^layouts/mail\\.yaml:${lineOf('listNavn:', broken)}:1: unknown key "listNavn" \\(did you mean "listName"\\?\\)`)),
    ]));
    // The shape is checked first; with it right, the values are.
    const values = problems(broken.replace('listNavn:', 'listName:'));
    expect(values).toEqual([
      expect.stringMatching(new RegExp(`^layouts/mail\\.yaml:${lineOf('address: KOM.pod(at)', broken)}:\\d+: "KOM\\.pod\\(at\\)politiet\\.no" is not an e-mail address`)),
      expect.stringMatching(new RegExp(`^layouts/mail\\.yaml:${lineOf('text: |') + 0}:\\d+: the template cannot be read near ".*": it ends before a "\\{\\{#…\\}\\}" is closed by its "\\{\\{/…\\}\\}": expected names in double braces`)),
      expect.stringMatching(new RegExp(`^layouts/mail\\.yaml:${lineOf('{{nummer}}', broken)}:\\d+: the template uses "nummer", which a message does not have: expected one of .*number`)),
      expect.stringMatching(new RegExp(`^layouts/mail\\.yaml:\\d+:\\d+: the HTML body has no language: expected it to start its document with <html lang="nb">`)),
    ]);
  });
});
