// A corpus of broken inputs, one change each to a project that builds, in every file a user edits:
// issue.yaml, a standing page, the publication list, layouts/kom.yaml, layouts/cards.yaml and
// layouts/mail.yaml. Each case asserts its exact message at its file:line:column, exit status 1,
// no stack trace and no "internal error", no PDF left behind, and an earlier PDF left as it was.
//
// A. The wrong place blamed: a layout's geometry is reported against the layout's own keys, never
//    against the issue's QR codes or headings.
// B. Messages no one can act on: zod's, the yaml library's and handlebars' own wording never
//    reaches the user.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkAgainst } from '../../src/issue/check.js';
import { YamlSource } from '../../src/issue/yaml-source.js';
import { kom, project, repo, run, validIssue } from '../helpers/project.js';
import { publications } from '../helpers/publications.js';

const fonts = (text: string) => text.replace(/fonts\//g, `${join(repo, 'fonts')}/`);

/** The files of a small project that builds, makes cards and would send. */
const fixture = {
  'issues/x/issue.yaml': `${validIssue}  - standing: tools\n`,
  'assets/standing/tools.yaml': `title: Verktøy
articles:
  - heading: KOM har utarbeidet flere verktøy
    id: veileder
    body:
      - Veilederen gir informasjon om begreper.
      - qr: veileder-nb
`,
  'assets/publications.yaml': publications,
  'layouts/kom.yaml': fonts(readFileSync(kom, 'utf8')),
  'layouts/cards.yaml': fonts(readFileSync(join(repo, 'layouts', 'cards.yaml'), 'utf8')),
  'layouts/mail.yaml': readFileSync(join(repo, 'layouts', 'mail.yaml'), 'utf8'),
};
type FileName = keyof typeof fixture;
type Command = 'build' | 'cards' | 'send';

/**
 * Line and column (1-based) of the first `needle` in `text`, as "line:column"; a "^" in the
 * needle marks the place meant, when it is not the needle's start.
 */
function at(text: string, needle: string): string {
  const mark = Math.max(0, needle.indexOf('^'));
  const found = text.indexOf(needle.replace('^', ''));
  if (found < 0) throw new Error(`not in the file: ${needle}`);
  const i = found + mark;
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** The fixture with one file changed; throws if a replacement does not apply. */
function changed(file: FileName, edits: readonly (readonly [string, string])[]): string {
  let text = fixture[file];
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

const OLD_PDF = Buffer.from('%PDF-1.7\n% an earlier build, to be left as it is\n');

/**
 * Runs a command on the fixture with `file` replaced by `text`, an earlier PDF standing where
 * the new one would go. Returns stderr with the project folder taken out of the paths.
 */
async function fails(command: Command, file: FileName, text: string, options: { oldPdf?: boolean } = {}) {
  const p = project({ ...fixture, [file]: text });
  const outDir = join(p.root, 'out');
  // send writes its PDF under out/ by the layout's file name; build and cards where --out says.
  const target = command === 'send' ? join(outDir, 'x.pdf') : p.out;
  if (options.oldPdf !== false) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(target, OLD_PDF);
  }
  const layout = (name: string) => join(p.root, 'layouts', name);
  const args =
    command === 'build' ? ['build', p.issue, '--out', p.out, '--layout', layout('kom.yaml')]
    : command === 'cards' ? ['cards', '--publications', join(p.root, 'assets', 'publications.yaml'), '--layout', layout('cards.yaml'), '--out', p.out]
    : ['send', p.issue, '--layout', layout('kom.yaml')];
  const r = await run(args);
  const err = r.err.split(`${p.root}/`).join('');
  expect(r.code, err).toBe(1);
  expect(err).not.toMatch(/\n\s+at |internal error/);
  const left = existsSync(outDir) ? readdirSync(outDir, { recursive: true }).map(String) : [];
  if (options.oldPdf === false) expect(left, 'nothing is written').toEqual([]);
  else {
    expect(left, 'no other file is left beside the earlier PDF').toEqual([target.slice(outDir.length + 1)]);
    expect(readFileSync(target).equals(OLD_PDF), 'the earlier PDF is left as it was').toBe(true);
  }
  return err;
}

interface Case {
  readonly name: string;
  readonly file: FileName;
  readonly edits: readonly (readonly [string, string])[];
  readonly command?: Command;
  /** Each an exact line of stderr; «needle» stands for the needle's line:column in the changed file. */
  readonly expect: readonly string[];
}

const commandFor = (file: FileName): Command => (file === 'layouts/cards.yaml' ? 'cards' : file === 'layouts/mail.yaml' ? 'send' : 'build');

/** Expected lines with «needle» replaced by the needle's place in the changed file. */
function expectedLines(c: Case, text: string): string[] {
  return c.expect.map((line) => line.replace(/«(.+?)»/g, (_, needle: string) => at(text, needle)));
}

// A. Geometry: each problem at the layout's key, with what was found and what was expected in
// millimetres as written.
const geometry: Case[] = [
  {
    name: 'margins wider than the page',
    file: 'layouts/kom.yaml',
    edits: [['left: 18, right: 18', 'left: 110, right: 110']],
    expect: ['layouts/kom.yaml:«left: ^110, right»: margins.left 110 mm and margins.right 110 mm are together 220 mm, as wide as the page or wider (page.width 210 mm): expected margins.left + margins.right + columnGap at most 150 mm, so that two columns are at least 30 mm wide'],
  },
  {
    name: 'margins that leave columns too narrow',
    file: 'layouts/kom.yaml',
    edits: [['left: 18, right: 18', 'left: 80, right: 70']],
    expect: ['layouts/kom.yaml:«left: ^80, right»: two columns would be 26.5 mm wide (page.width 210 − margins.left 80 − margins.right 70 − columnGap 7, halved): expected margins.left + margins.right + columnGap at most 150 mm, so that two columns are at least 30 mm wide'],
  },
  {
    name: 'a page width of 0',
    file: 'layouts/kom.yaml',
    edits: [['page: { width: 210,', 'page: { width: 0,']],
    expect: ['layouts/kom.yaml:«width: ^0, height»: page.width is 0 mm: expected a page 100 to 600 mm wide (lengths are in millimetres; A4 is 210 × 297)'],
  },
  {
    name: 'a page written in points',
    file: 'layouts/kom.yaml',
    edits: [['page: { width: 210, height: 297 }', 'page: { width: 595, height: 842 }']],
    expect: ['layouts/kom.yaml:«height: ^842»: page.height is 842 mm: expected a page 100 to 600 mm tall (lengths are in millimetres; A4 is 210 × 297)'],
  },
  {
    name: 'a column gap of 500 mm',
    file: 'layouts/kom.yaml',
    edits: [['columnGap: 7', 'columnGap: 500']],
    expect: ['layouts/kom.yaml:«columnGap: ^500»: columnGap 500 mm is not narrower than the text width (174 mm: page.width 210 less margins.left 18 and margins.right 18): expected margins.left + margins.right + columnGap at most 150 mm, so that two columns are at least 30 mm wide'],
  },
  {
    name: 'a footer that leaves no room for the columns',
    file: 'layouts/kom.yaml',
    edits: [['  height: 9 ', '  height: 300 ']],
    expect: ['layouts/kom.yaml:«height: ^300 »: the columns would be -49 mm tall (page.height 297 − margins.top 14 − band.height 13 − spacing.belowBand 7 − margins.bottom 12 − footer.height 300): expected at least 30.9 mm, room for 6 lines of body text at its leading of 14.6 pt'],
  },
  {
    name: 'top and bottom margins that leave no room for the columns',
    file: 'layouts/kom.yaml',
    edits: [['margins: { top: 14, bottom: 12,', 'margins: { top: 150, bottom: 120,']],
    expect: ['layouts/kom.yaml:«top: ^150»: the columns would be -2 mm tall (page.height 297 − margins.top 150 − band.height 13 − spacing.belowBand 7 − margins.bottom 120 − footer.height 9): expected at least 30.9 mm, room for 6 lines of body text at its leading of 14.6 pt'],
  },
  {
    name: 'a QR code wider than a column',
    file: 'layouts/kom.yaml',
    edits: [['  size: 26 ', '  size: 90 ']],
    expect: ['layouts/kom.yaml:«size: ^90 »: qr.size 90 mm with its quiet zone (4 modules of at least 0.4 mm on each side) needs at least 93.2 mm, a column is 83.5 mm wide: expected qr.size at most 80.3 mm'],
  },
  {
    name: 'a QR code too small for any address',
    file: 'layouts/kom.yaml',
    edits: [['  size: 26 ', '  size: 5 ']],
    expect: ['layouts/kom.yaml:«size: ^5 »: qr.size 5 mm is too small for any QR code: the smallest (21 × 21 modules) would have modules of 0.24 mm, below qr.minModule 0.4 mm: expected at least 8.4 mm'],
  },
  {
    name: 'a logo wider than a column, a picture height of 0',
    file: 'layouts/kom.yaml',
    edits: [['maxWidth: 32', 'maxWidth: 200'], ['maxHeight: 62', 'maxHeight: 0']],
    expect: [
      'layouts/kom.yaml:«maxWidth: ^200»: logo.maxWidth 200 mm is wider than a column (83.5 mm): expected at most 83.5 mm',
      'layouts/kom.yaml:«maxHeight: ^0»: picture.maxHeight is 0 mm: expected more than 0, or pictures could not be printed',
    ],
  },
  {
    name: 'a leading smaller than its type size, a type size in millimetres',
    file: 'layouts/kom.yaml',
    edits: [['body: { size: 11, leading: 14.6 }', 'body: { size: 11, leading: 9 }'], ['caption: { size: 8.5,', 'caption: { size: 0.5,']],
    expect: [
      'layouts/kom.yaml:«leading: ^9 »: type.body.leading 9 pt is less than its size (11 pt), so its lines would overlap: expected at least 11 pt (1.2 to 1.4 times the size reads well)',
      'layouts/kom.yaml:«size: ^0.5»: type.caption.size is 0.5 pt: expected a type size from 4 to 72 points',
    ],
  },
  {
    name: 'crop marks inside the bleed',
    file: 'layouts/kom.yaml',
    edits: [['marks: { offset: 3, length: 5, weight: 0.25 }   # from', 'marks: { offset: 2, length: 5, weight: 0.25 }   # from']],
    expect: ['layouts/kom.yaml:«offset: ^2, length: 5»: crop marks from 2 to 7 mm outside the trim would stand in the bleed (print.bleed 3 mm): expected marks.offset at least 3 and marks.offset + marks.length at most 10'],
  },
  {
    name: 'all problems of the layout at once: geometry, QR colours and a missing font',
    file: 'layouts/kom.yaml',
    edits: [['columnGap: 7', 'columnGap: 500'], ['dark: "#000000"', 'dark: "#aaaaaa"'], ['NotoSans-Italic.ttf', 'Finnes-ikke.ttf']],
    expect: [
      'layouts/kom.yaml:«columnGap: ^500»: columnGap 500 mm is not narrower than the text width (174 mm: page.width 210 less margins.left 18 and margins.right 18): expected margins.left + margins.right + columnGap at most 150 mm, so that two columns are at least 30 mm wide',
      'layouts/kom.yaml:«dark: ^"#aaaaaa"»: QR colours #aaaaaa on #ffffff have a contrast of 2.3:1: expected at least 7:1, so that the code scans on a cheap print',
      `layouts/kom.yaml:«${join(repo, 'fonts')}/Finnes-ikke.ttf»: font file ${join(repo, 'fonts')}/Finnes-ikke.ttf does not exist: expected a TrueType or OpenType font file`,
      'nyhetsbrev: 3 problems found; no PDF was written',
    ],
  },
  {
    name: 'cards: a band taller than the card',
    file: 'layouts/cards.yaml',
    edits: [['band: { height: 17,', 'band: { height: 60,']],
    expect: ['layouts/cards.yaml:«height: ^60,»: the code (qr.size 27 mm, with a quiet zone of at least 1.6 mm on each side) needs 30.2 mm under the band, the card has none (card.height 55 − band.height 60): expected band.height at most 24.8 mm'],
  },
  {
    name: 'cards: a code too tall for the card',
    file: 'layouts/cards.yaml',
    edits: [['size: 27 ', 'size: 45 ']],
    expect: ['layouts/cards.yaml:«size: ^45 »: the code (qr.size 45 mm, with a quiet zone of at least 1.6 mm on each side) needs 48.2 mm under the band, the card has 38 mm (card.height 55 − band.height 17): expected qr.size at most 34.8 mm'],
  },
  {
    name: 'cards: a code gap that leaves no room for the text beside the code',
    file: 'layouts/cards.yaml',
    edits: [['codeGap: 4 ', 'codeGap: 30 ']],
    expect: ['layouts/cards.yaml:«codeGap: ^30 »: beside the code the guidance and the address would have 18 mm (card.width 85 − padding 5 × 2 − qr.size 27 − codeGap 30): expected at least 25 mm'],
  },
  {
    name: 'cards: a sheet smaller than a card, a bleed wider than half the gap',
    file: 'layouts/cards.yaml',
    edits: [['sheet: { width: 210, height: 297 }', 'sheet: { width: 100, height: 60 }'], ['bleed: 3 ', 'bleed: 4 ']],
    expect: [
      "layouts/cards.yaml:«sheet: ^{ width: 100»: a sheet of 100 × 60 mm holds no card of 85 × 55 mm with its crop marks and the printer's margin: expected a sheet of at least 111 × 81 mm",
      "layouts/cards.yaml:«gutter: ^6 »: gutter 6 mm is less than twice the bleed (4 mm): expected at least 8, so that a card's bleed does not print on its neighbour",
      'layouts/cards.yaml:«offset: ^3 »: crop marks 3 mm from the cut would stand in the bleed (4 mm): expected an offset of at least 4',
    ],
  },
  {
    name: 'cards: a band that holds no line of the title',
    file: 'layouts/cards.yaml',
    edits: [['band: { height: 17,', 'band: { height: 5,']],
    expect: ['layouts/cards.yaml:«height: ^5,»: band.height 5 mm with band.padding 2 mm above and below the title holds no line of it (type.title.leading 12 pt): expected band.height at least 8.2 mm'],
  },
];

// B. Library wording: each message in plain words, what was found and what was expected.
const wording: Case[] = [
  {
    name: 'five QR codes side by side',
    file: 'assets/standing/tools.yaml',
    edits: [['- qr: veileder-nb', '- qr: [veileder-nb, veileder-en, veileder-nb, veileder-en, veileder-nb]']],
    expect: ['assets/standing/tools.yaml:«[veileder-nb»: found 5 codes, expected at most 4 side by side'],
  },
  {
    name: 'a QR code given as a number',
    file: 'assets/standing/tools.yaml',
    edits: [['- qr: veileder-nb', '- qr: 5']],
    expect: ['assets/standing/tools.yaml:«qr: ^5»: found the number 5, expected the id of a publication in assets/publications.yaml (like veileder-nb), or a list of up to 4 ids for codes side by side'],
  },
  {
    name: 'three columns',
    file: 'issues/x/issue.yaml',
    edits: [['  - title: Test\n', '  - title: Test\n    columns: 3\n']],
    expect: ['issues/x/issue.yaml:«columns: ^3»: found the number 3, expected 1 or 2 columns'],
  },
  {
    name: 'an issue number of 13',
    file: 'issues/x/issue.yaml',
    edits: [['number: 1', 'number: 13']],
    expect: ['issues/x/issue.yaml:1:9: found the number 13, expected 12 or less'],
  },
  {
    name: 'a date the calendar does not have',
    file: 'issues/x/issue.yaml',
    edits: [['date: 2026-04-01', 'date: 2026-13-01']],
    expect: ['issues/x/issue.yaml:4:7: found "2026-13-01", which is not a day on the calendar: expected a real date written YYYY-MM-DD, like 2026-01-09'],
  },
  {
    name: 'a block that is none of paragraph, list, picture, QR codes',
    file: 'assets/standing/tools.yaml',
    edits: [['- qr: veileder-nb', '- kode: veileder-nb']],
    expect: ['assets/standing/tools.yaml:«kode»: found a mapping with the key "kode", expected a paragraph (text), a list (a mapping with "list:"), a picture (a mapping with "picture:") or QR codes (a mapping with "qr:")'],
  },
  {
    name: 'a misspelt key gets a suggestion from the keys allowed there',
    file: 'issues/x/issue.yaml',
    edits: [['  - title: Test\n', '  - title: Test\n    colums: 1\n']],
    expect: ['issues/x/issue.yaml:«colums»: unknown key "colums" (did you mean "columns"?)'],
  },
  {
    name: 'an empty paragraph',
    file: 'issues/x/issue.yaml',
    edits: [['- Tekst med [lenke](https://www.nkvts.no/).', '- ""']],
    expect: ['issues/x/issue.yaml:«""»: found an empty text, expected some text'],
  },
  {
    name: 'a file with two YAML documents',
    file: 'issues/x/issue.yaml',
    edits: [['number: 1\n', '---\nnumber: 1\n---\n']],
    expect: ['issues/x/issue.yaml:3:1: YAML syntax: the file holds more than one YAML document (a line "---" starts a second one): expected one'],
  },
  {
    name: 'the publication list with two YAML documents',
    file: 'assets/publications.yaml',
    edits: [['  - id: veileder-en', '---\n  - id: veileder-en']],
    expect: ['assets/publications.yaml:«---»: YAML syntax: the file holds more than one YAML document (a line "---" starts a second one): expected one'],
  },
  {
    name: 'a key written twice',
    file: 'assets/standing/tools.yaml',
    edits: [['title: Verktøy\n', 'title: Verktøy\ntitle: Verktøy 2\n']],
    expect: ['assets/standing/tools.yaml:2:1: YAML syntax: the key "title" stands twice in one mapping (first on line 1): expected each key once'],
  },
  {
    name: 'a text opened with a quote and never closed',
    file: 'assets/standing/tools.yaml',
    edits: [['- Veilederen gir informasjon om begreper.', '- "Veilederen gir informasjon om begreper.']],
    expect: ['assets/standing/tools.yaml:«"Veilederen»: YAML syntax: a text opened with " is not closed: expected " at its end'],
  },
  {
    name: 'a paragraph that starts with a backtick',
    file: 'issues/x/issue.yaml',
    edits: [['- Tekst med [lenke](https://www.nkvts.no/).', '- `Oslo tingrett` avsa dom.']],
    expect: ['issues/x/issue.yaml:«`Oslo»: YAML syntax: a text cannot start with "`" in YAML: expected the text in quotes ("…"), or written on the next lines after ">-"'],
  },
  {
    name: 'a tab in the indentation',
    file: 'layouts/mail.yaml',
    edits: [['  attempts: 5 ', '\tattempts: 5 ']],
    expect: ['layouts/mail.yaml:«\tattempts»: YAML syntax: a tab stands in the indentation: expected spaces (YAML does not allow tabs for indenting)'],
  },
  {
    name: 'an alias without its anchor',
    file: 'assets/publications.yaml',
    edits: [['description: KOMs veileder.', 'description: *veileder']],
    expect: ['assets/publications.yaml:«*veileder»: YAML syntax: "*veileder" is read as an alias in YAML, and no "&veileder" stands before it: expected the text in quotes ("…")'],
  },
  {
    name: 'a text that starts with "!" or "&", which YAML would drop',
    file: 'assets/standing/tools.yaml',
    edits: [['title: Verktøy', 'title: !Viktig verktøy'], ['- Veilederen gir', '- &KOM veilederen gir']],
    expect: [
      'assets/standing/tools.yaml:«!Viktig»: YAML syntax: a value starting with "!Viktig" is read as a YAML tag, and "!Viktig" would be dropped from the text: expected the text in quotes ("…")',
      'assets/standing/tools.yaml:«&KOM»: YAML syntax: a value starting with "&KOM" is read as a YAML anchor, and "&KOM" would be dropped from the text: expected the text in quotes ("…")',
    ],
  },
  {
    name: 'a negative length',
    file: 'layouts/kom.yaml',
    edits: [['columnGap: 7', 'columnGap: -2']],
    expect: ['layouts/kom.yaml:«columnGap: ^-2»: found the number -2, expected a number of millimetres, 0 or more'],
  },
  {
    name: 'a colour without quotes (# starts a comment)',
    file: 'layouts/kom.yaml',
    edits: [['text: "#1a1a1a"', 'text: #1a1a1a']],
    expect: ['layouts/kom.yaml:«text: ^#1a1a1a»: found an empty value, expected a colour in quotes, like "#003865" (without quotes, # starts a comment)'],
  },
  {
    name: 'a CMYK colour of three values',
    file: 'layouts/kom.yaml',
    edits: [['text: [0, 0, 0, 90]', 'text: [0, 0, 90]']],
    expect: ['layouts/kom.yaml:«[0, 0, 90]»: found a list of 3 entries, expected four percentages [cyan, magenta, yellow, black], like [100, 69, 8, 54]'],
  },
  {
    name: 'a template without quotes',
    file: 'layouts/kom.yaml',
    edits: [['periodLine: "{{period}}"', 'periodLine: {{period}}']],
    expect: ['layouts/kom.yaml:«periodLine: ^{{period}}»: YAML syntax: {{period}} is read as a mapping in YAML, not as text: expected the template in quotes, like "{{period}}"'],
  },
  {
    name: 'a template that names what it does not have, and one that is not closed',
    file: 'layouts/kom.yaml',
    edits: [['continuation: "{{heading}} forts."', 'continuation: "{{overskrift}} forts."'], ['subtitle: "Koordineringsenheten', 'subtitle: "{{#if number}}Koordineringsenheten']],
    expect: [
      'layouts/kom.yaml:«"{{#if number}}»: the template cannot be read near "mot menneskehandel": it ends before a "{{#…}}" is closed by its "{{/…}}": expected names in double braces, each {{#…}} closed by its {{/…}}',
      'layouts/kom.yaml:«"{{overskrift}}»: the template uses "{{overskrift}}", which it does not have: expected {{heading}}',
    ],
  },
  {
    name: 'a texts entry of the card layout under a key that is no language',
    file: 'layouts/cards.yaml',
    edits: [['  en:\n    title', '  EN:\n    title']],
    expect: ['layouts/cards.yaml:«EN:»: found the key "EN", expected a language code like "nb" or "en"'],
  },
  {
    name: 'a mail rate of 0 and a retry wait below 0',
    file: 'layouts/mail.yaml',
    edits: [['rate: 20 ', 'rate: 0 '], ['wait: 30 ', 'wait: -1 ']],
    expect: [
      'layouts/mail.yaml:«rate: ^0 »: found the number 0, expected a number of messages a minute, more than 0',
      'layouts/mail.yaml:«wait: ^-1»: found the number -1, expected a number of seconds, 0 or more',
      'nyhetsbrev: 2 problems found; nothing was sent',
    ],
  },
];

async function check(c: Case) {
  const text = changed(c.file, c.edits);
  const err = await fails(c.command ?? commandFor(c.file), c.file, text);
  const lines = err.split('\n');
  for (const line of expectedLines(c, text)) expect(lines, err).toContain(line);
  return err;
}

describe('bad-input corpus', () => {
  it('the fixture builds, makes cards and reads its mail file (so each case below fails by its one change)', async () => {
    const p = project(fixture);
    const built = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'kom.yaml')]);
    expect(built.err).toBe('');
    expect(built.code).toBe(0);
    const cards = await run(['cards', '--publications', join(p.root, 'assets', 'publications.yaml'), '--layout', join(p.root, 'layouts', 'cards.yaml'), '--out', join(p.root, 'out', 'c.pdf')]);
    expect(cards.err).toBe('');
    expect(cards.code).toBe(0);
    const { loadMailSettings } = await import('../../src/mail/settings.js');
    expect(() => loadMailSettings(join(p.root, 'layouts', 'mail.yaml'))).not.toThrow();
  });

  describe('A. a layout\'s geometry is reported at the layout\'s own keys', () => {
    for (const c of geometry) {
      it(c.name, async () => {
        const err = await check(c);
        // Never blamed on the issue: its QR codes, headings or text.
        expect(err).not.toMatch(/issue\.yaml|standing\/|shorten/);
      });
    }
  });

  describe('B. messages in plain words', () => {
    for (const c of wording) it(c.name, () => check(c));
  });

  it('writes nothing when no earlier PDF stands there either', async () => {
    const some = [geometry[0]!, geometry.find((c) => c.file === 'layouts/cards.yaml')!, wording[0]!, wording.find((c) => c.file === 'layouts/mail.yaml')!];
    for (const c of some) {
      const text = changed(c.file, c.edits);
      const err = await fails(c.command ?? commandFor(c.file), c.file, text, { oldPdf: false });
      expect(err.split('\n')).toContain(expectedLines(c, text)[0]);
    }
  });
});

/** Words of zod, the yaml library and handlebars that must never reach the user. */
const FORBIDDEN = [
  'Invalid input', 'Too small', 'Too big', 'expected number to be', 'expected array to have', 'expected string to have',
  'parseAllDocuments', 'Invalid option', 'Invalid string', 'Invalid key', 'Invalid element', 'Invalid literal',
  'Unrecognized key', 'Map keys must be unique', 'Implicit keys', 'Nested mappings', 'Missing closing',
  'Plain value cannot start', 'Unresolved alias', 'Parse error', "Expecting '", 'not defined in [object',
  'internal error',
];

describe('no library wording reaches the user', () => {
  it('in the messages of many invalid inputs, in every file', async () => {
    // More mistakes, in every file, whose messages are only searched for library wording.
    const more: Case[] = ([
      ['issues/x/issue.yaml', 'year: 2026', 'year: 1999'],
      ['issues/x/issue.yaml', 'number: 1', 'number: 2.5'],
      ['issues/x/issue.yaml', 'sections:\n', 'sections: []\nx:\n'],
      ['issues/x/issue.yaml', '  - standing: tools', '  - standing: Tools Page'],
      ['issues/x/issue.yaml', '  - standing: tools', '  - foo: tools'],
      ['issues/x/issue.yaml', 'year: 2026', '  year: 2026'],
      ['issues/x/issue.yaml', 'year: 2026', 'year: [2026'],
      ['issues/x/issue.yaml', 'period: januar–mars 2026', 'period: !viktig januar'],
      ['assets/standing/tools.yaml', '- qr: veileder-nb', '- qr: []'],
      ['assets/standing/tools.yaml', '- qr: veileder-nb', '- list: []'],
      ['assets/standing/tools.yaml', '- qr: veileder-nb', '- picture: x.png\n        width: 150'],
      ['assets/standing/tools.yaml', '- qr: veileder-nb', '- list: [a]\n        bullet: "-"'],
      ['assets/publications.yaml', 'publications:', 'publications: []\nx:'],
      ['assets/publications.yaml', 'card: veileder\n', 'card: Veileder Kort\n'],
      ['layouts/kom.yaml', 'quality: 80', 'quality: 0'],
      ['layouts/kom.yaml', 'pretolerance: 100', 'pretolerance: -5'],
      ['layouts/kom.yaml', 'text: [0, 0, 0, 90]', 'text: [0, 0, 0, 120]'],
      ['layouts/kom.yaml', 'align: ragged ', 'align: left '],
      ['layouts/kom.yaml', 'body: { size: 11, leading: 14.6 }', 'body: { size: 11, leading: 0 }'],
      ['layouts/kom.yaml', 'errorCorrection: M', 'errorCorrection: L'],
      ['layouts/kom.yaml', 'title: "Nyhetsbrev fra KOM"\n  issueLine', 'title: "{{tittel"\n  issueLine'],
      ['layouts/cards.yaml', 'gutter: 6 ', 'gutter: -6 '],
      ['layouts/cards.yaml', 'fileName: "qr-kort.pdf"', 'fileName: "ut/qr-kort.pdf"'],
      ['layouts/cards.yaml', '    guidance: "Skann koden', '    guidance: "{{#if title}}Skann koden'],
      ['layouts/cards.yaml', 'name: KOM QR-kort', 'name: KOM QR-kort\nname: igjen'],
      ['layouts/mail.yaml', 'rate: 20 ', 'rate: 1000 '],
      ['layouts/mail.yaml', 'attempts: 5 ', 'attempts: 0 '],
      ['layouts/mail.yaml', 'subject: "Nyhetsbrev fra KOM nr. {{number}}', 'subject: "Nyhetsbrev fra KOM nr. {{number}'],
      ['layouts/mail.yaml', 'listName: Nyhetsbrev fra KOM', '---\nlistName: Nyhetsbrev fra KOM'],
    ] as const).map(([file, from, to]) => ({ name: `${file}: ${to}`, file, edits: [[from, to]], expect: [] }));
    const messages: string[] = [];
    for (const c of [...wording, ...geometry, ...more]) {
      const r = await run(argsFor(c));
      messages.push(r.err);
      expect(r.code, r.err).toBe(1);
    }
    expect(messages.length).toBeGreaterThan(60);
    const all = messages.join('\n');
    for (const phrase of FORBIDDEN) expect(all, `"${phrase}" reached the user`).not.toContain(phrase);
    expect(all).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('in every kind of zod finding, for any schema', () => {
    // The mechanism, not our schemas' own messages: a schema that gives none.
    const schema = z.strictObject({
      int: z.number().int(), positive: z.number().positive(), max: z.number().max(5), multiple: z.number().multipleOf(5),
      short: z.string().min(3), long: z.string().max(2), prefix: z.string().startsWith('https://'), pattern: z.string().regex(/^[a-z]+$/),
      email: z.email(), list: z.array(z.number()).min(2).max(3), exact: z.array(z.number()).length(2), tuple: z.tuple([z.number(), z.number()]),
      choice: z.enum(['a', 'b']), literal: z.literal('x'), either: z.union([z.number(), z.array(z.number())]), record: z.record(z.string().regex(/^[a-z]+$/), z.number()),
      custom: z.string().refine((s) => s === 'ok'), missing: z.string(), flag: z.boolean(),
    });
    const text = [
      'int: 2.5', 'positive: 0', 'max: 6', 'multiple: 7', 'short: ab', 'long: abc', 'prefix: http://x', 'pattern: ABC', 'email: nei',
      'list: [1]', 'exact: [1, 2, 3]', 'tuple: [1]', 'choice: c', 'literal: y', 'either: { a: 1 }', 'record: { A: 1, b: x }', 'custom: no', 'flag: ja', 'extra: 1',
    ].join('\n');
    const { source } = YamlSource.parse(text, 'f.yaml');
    const { problems } = checkAgainst(schema, source!);
    const messages = problems.map((p) => `${p.at?.line}:${p.at?.column}: ${p.message}`);
    expect(messages).toEqual([
      '1:6: found the number 2.5, expected a whole number',
      '2:11: found the number 0, expected more than 0',
      '3:6: found the number 6, expected 5 or less',
      '4:11: found the number 7, expected a multiple of 5',
      '5:8: found the text "ab", expected at least 3 characters',
      '6:7: found the text "abc", expected at most 2 characters',
      '7:9: found the text "http://x", expected text starting with "https://"',
      '8:10: found the text "ABC", expected text written in the form this key takes (see README.md)',
      '9:8: found the text "nei", expected an e-mail address, like kom@example.no',
      '10:7: found a list of 1 entry, expected at least 2 entries',
      '11:8: found a list of 3 entries, expected exactly 2 entries',
      '12:8: found a list of 1 entry, expected at least 2 entries',
      '13:9: found the text "c", expected one of: "a", "b"',
      '14:10: found the text "y", expected "x"',
      '15:9: found a mapping with the key "a", expected a number or a list (lines starting with "- ")',
      '16:11: found the key "A", expected text written in the form this key takes (see README.md)',
      '16:20: found the text "x", expected a number',
      '17:9: found the text "no", expected another value here (see README.md for this key)',
      '1:1: missing "missing": expected text',
      '18:7: found the text "ja", expected true or false',
      '19:1: unknown key "extra"',
    ]);
    for (const m of messages) for (const phrase of FORBIDDEN) expect(m).not.toContain(phrase);
  });
});

function argsFor(c: Case): string[] {
  const p = project({ ...fixture, [c.file]: changed(c.file, c.edits) });
  const layout = (name: string) => join(p.root, 'layouts', name);
  switch (c.command ?? commandFor(c.file)) {
    case 'build': return ['build', p.issue, '--out', p.out, '--layout', layout('kom.yaml')];
    case 'cards': return ['cards', '--publications', join(p.root, 'assets', 'publications.yaml'), '--layout', layout('cards.yaml'), '--out', p.out];
    case 'send': return ['send', p.issue, '--layout', layout('kom.yaml')];
  }
}
