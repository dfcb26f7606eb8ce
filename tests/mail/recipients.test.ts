// The recipient list: real bytes as Excel and Outlook write them, every mistake with its exact
// line:column, and every problem of a file at once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/issue/problems.js';
import { parseRecipients, readRecipients } from '../../src/mail/recipients.js';

const EXAMPLE = 'expected an address like ola.nordmann@example.no';

const parseText = (text: string, file = 'mottakere.csv') => parseRecipients(Buffer.from(text, 'utf8'), file);
const lines = (list: { problems: readonly Parameters<typeof formatProblem>[0][] }) => list.problems.map(formatProblem);
const people = (list: ReturnType<typeof parseText>) => list.recipients.map((r) => [r.email, r.name, r.organisation, r.language, r.line]);

describe('recipients: reading the file', () => {
  it('reads a ;-separated file as Norwegian Excel writes it', () => {
    const list = parseText('e-post;navn;organisasjon;språk\nkari@example.no;Kari Nordmann;Eksempel AS;nb\nola@example.no;Ola Hansen;Eksempel kommune;en\n');
    expect(list.problems).toEqual([]);
    expect(list.warnings).toEqual([]);
    expect(list.file).toBe('mottakere.csv');
    expect(list.recipients).toEqual([
      { email: 'kari@example.no', key: 'kari@example.no', name: 'Kari Nordmann', organisation: 'Eksempel AS', language: 'nb', line: 2 },
      { email: 'ola@example.no', key: 'ola@example.no', name: 'Ola Hansen', organisation: 'Eksempel kommune', language: 'en', line: 3 },
    ]);
  });

  it('reads a ,-separated file with English headers, quoted cells with commas inside', () => {
    const list = parseText('Email,Name,Organization,Language\n"kari@example.com","Nordmann, Kari","Example, Inc.",EN\nola@example.com,Ola,,\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([
      ['kari@example.com', 'Nordmann, Kari', 'Example, Inc.', 'en', 2],
      ['ola@example.com', 'Ola', '', 'nb', 3],
    ]);
  });

  it('reads a tab-separated file, and "organisation" / "e-mail" / "sprak" spellings', () => {
    const list = parseText('E-mail\tOrganisation\tSprak\nkari@example.no\tEksempel AS\ten\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', '', 'Eksempel AS', 'en', 2]]);
  });

  it("reads Outlook's contact export headers, English and Norwegian", () => {
    const en = parseText('First Name,Last Name,Company,E-mail Address,E-mail 2 Address\nKari,Nordmann,Eksempel AS,kari@example.no,\n');
    expect(en.problems).toEqual([]);
    expect(people(en)).toEqual([['kari@example.no', '', 'Eksempel AS', 'nb', 2]]);
    const nb = parseText('Fornavn;Etternavn;Firma;E-postadresse\nOla;Hansen;Eksempel kommune;ola@example.no\n');
    expect(nb.problems).toEqual([]);
    expect(people(nb)).toEqual([['ola@example.no', '', 'Eksempel kommune', 'nb', 2]]);
  });

  it('ignores unknown columns, as in an Outlook export', () => {
    const list = parseText(
      'Title,First Name,Last Name,E-mail,Business Phone,Categories,Name\n' + 'Dr.,Kari,Nordmann,kari@example.no,+47 22 00 00 00,"Partnere;Nyhetsbrev",Kari Nordmann\n',
    );
    expect(list.problems).toEqual([]);
    expect(list.warnings).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', 'Kari Nordmann', '', 'nb', 2]]);
  });

  it('finds headers case-insensitively and with spaces around them; language cells too', () => {
    const list = parseText(' E-POST ; Navn ;SPRÅK\nkari@example.no;Kari; En \n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', 'Kari', '', 'en', 2]]);
  });

  it('trims cells and keeps the case of the address; the key is lower-cased', () => {
    const list = parseText('e-post;navn\n   Kari.Nordmann@Example.NO  ;  Kari  \n');
    expect(list.recipients).toEqual([{ email: 'Kari.Nordmann@Example.NO', key: 'kari.nordmann@example.no', name: 'Kari', organisation: '', language: 'nb', line: 2 }]);
  });

  it('reads UTF-8 with a BOM (Excel "CSV UTF-8") and without', () => {
    const body = 'e-post;navn;organisasjon\nase@example.no;Åse Ødegård;Blåbær AS\n';
    const withBom = parseRecipients(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]), 'bom.csv');
    const without = parseRecipients(Buffer.from(body, 'utf8'), 'nobom.csv');
    for (const list of [withBom, without]) {
      expect(list.problems).toEqual([]);
      expect(people(list)).toEqual([['ase@example.no', 'Åse Ødegård', 'Blåbær AS', 'nb', 2]]);
    }
  });

  it('reads Windows-1252 (Excel "CSV (semicolon delimited)") with the right letters', () => {
    const bytes = Buffer.concat([
      Buffer.from('e-post;navn;organisasjon\r\nase@example.no;Ærlig Åse;Blåbær Øst AS\r\nper@example.no;Per O', 'latin1'),
      Buffer.from([0x92]), // ’ in Windows-1252; a control character in Latin-1
      Buffer.from('Sæther;Nord ', 'latin1'),
      Buffer.from([0x96]), // –
      Buffer.from(' Sør ', 'latin1'),
      Buffer.from([0x80]), // €
      Buffer.from('\r\n', 'latin1'),
    ]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const list = parseRecipients(bytes, 'ansi.csv');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([
      ['ase@example.no', 'Ærlig Åse', 'Blåbær Øst AS', 'nb', 2],
      ['per@example.no', 'Per O’Sæther', 'Nord – Sør €', 'nb', 3],
    ]);
  });

  it('reads a Windows-1252 header "språk"', () => {
    const list = parseRecipients(Buffer.from('e-post;språk\nkari@example.no;en\n', 'latin1'), 'ansi.csv');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', '', '', 'en', 2]]);
  });

  it('reads CRLF line ends, skips empty lines and blank Excel rows, and counts lines right', () => {
    const list = parseText('e-post;navn;organisasjon\r\nkari@example.no;Kari;Org\r\n\r\n;;\r\n   \r\nola@example.no;Ola;Org\r\n\r\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([
      ['kari@example.no', 'Kari', 'Org', 'nb', 2],
      ['ola@example.no', 'Ola', 'Org', 'nb', 6],
    ]);
  });

  it('reads quoted cells with ; and a line break inside, and "" escapes; later lines keep their numbers', () => {
    const text =
      'e-post;navn;organisasjon\r\n' +
      '"kari@example.no";"Nordmann; Kari";"Avdeling for\r\nsikkerhet"\r\n' +
      'ola@example.no;Ola;"Org ""Nord"""\r\n' +
      'per@example.no(at);Per;Org\r\n';
    const list = parseText(text);
    expect(people(list)).toEqual([
      ['kari@example.no', 'Nordmann; Kari', 'Avdeling for\nsikkerhet', 'nb', 2],
      ['ola@example.no', 'Ola', 'Org "Nord"', 'nb', 4],
    ]);
    expect(lines(list)).toEqual([`mottakere.csv:5:1: "per@example.no(at)" is not an e-mail address: ${EXAMPLE}`]);
  });

  it('points at a cell on the line where it starts when an earlier cell of the record has a line break', () => {
    // line 3 is `Nordmann";de`: the language cell starts at column 11
    const list = parseText('e-post;navn;språk\n"kari@example.no";"Kari\nNordmann";de\nola@example.no;Ola;en\n');
    expect(lines(list)).toEqual(['mottakere.csv:3:11: unknown language "de": expected "nb" (Norwegian) or "en" (English)']);
    expect(people(list)).toEqual([['ola@example.no', 'Ola', '', 'en', 4]]);
  });

  it('reads an Excel "sep=;" first line', () => {
    const list = parseText('sep=,\ne-post,navn\nkari@example.no,"Nordmann; Kari"\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', 'Nordmann; Kari', '', 'nb', 3]]);
  });

  it('takes the separator that occurs most in the header line, outside quotes', () => {
    // two ; inside the quotes, two , outside them
    const list = parseText('e-post,"Notat; intern; ikke send",navn\nkari@example.no,"a; b",Kari\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', 'Kari', '', 'nb', 2]]);
  });

  it('reads a row that has fewer cells than the header', () => {
    const list = parseText('e-post;navn;organisasjon;språk\nkari@example.no;Kari\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', 'Kari', '', 'nb', 2]]);
  });

  it('reads 5,000 recipients', () => {
    const rows = ['e-post;navn;organisasjon;språk'];
    for (let i = 0; i < 5000; i++) rows.push(`person.${i}@example.no;Person ${i} Ødegård;"Org ${i % 13}; avd. ${i % 7}";${i % 3 === 0 ? 'en' : 'nb'}`);
    const list = parseText(rows.join('\r\n') + '\r\n');
    expect(list.problems).toEqual([]);
    expect(list.warnings).toEqual([]);
    expect(list.recipients).toHaveLength(5000);
    expect(list.recipients[4999]).toEqual({
      email: 'person.4999@example.no',
      key: 'person.4999@example.no',
      name: 'Person 4999 Ødegård',
      organisation: 'Org 7; avd. 1',
      language: 'nb',
      line: 5001,
    });
  });

  it('reads the example file with no problems', () => {
    const list = readRecipients(fileURLToPath(new URL('../../recipients.example.csv', import.meta.url)), 'recipients.example.csv');
    expect(list.problems).toEqual([]);
    expect(list.warnings).toEqual([]);
    expect(list.recipients.length).toBeGreaterThanOrEqual(5);
    expect(list.recipients.filter((r) => r.language === 'en')).toHaveLength(1);
    for (const r of list.recipients) expect(r.email).toMatch(/@example\.(no|com)$/);
  });
});

describe('recipients: warnings', () => {
  it('merges duplicates (case and spaces ignored), keeps the first, and names both lines', () => {
    const list = parseText('e-post;navn;organisasjon\nola@example.no;Ola;Org\nkari@example.no;Kari;Org\n Ola@Example.NO ;Ola H.;Org\nkari@example.no;Kari;Org\n', 'dup.csv');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([
      ['ola@example.no', 'Ola', 'Org', 'nb', 2],
      ['kari@example.no', 'Kari', 'Org', 'nb', 3],
    ]);
    expect(list.warnings).toEqual([
      'dup.csv:4:2: "Ola@Example.NO" is the same address as on line 2: merged, sent once (its name differs; those on line 2 are kept)',
      'dup.csv:5:1: "kari@example.no" is the same address as on line 3: merged, sent once',
    ]);
  });

  it('warns about shared role addresses, which land in the receiver\'s public archive journal', () => {
    const list = parseText('e-post;navn\npostmottak@example.no;\nola.post@example.no;Ola\nPOSTMOTTAK.OSLO@example.no;\n;\ninfo@example.com;\nkontakt@example.no;\n', 'roller.csv');
    expect(list.problems).toEqual([]);
    expect(list.recipients).toHaveLength(5); // warned, not refused
    const journal = 'is a shared role address: what is sent there is usually recorded in the receiver\'s public archive journal (offentlig journal); a personal address is better';
    expect(list.warnings).toEqual([
      `roller.csv:2:1: "postmottak@example.no" ${journal}`,
      `roller.csv:4:1: "POSTMOTTAK.OSLO@example.no" ${journal}`,
      `roller.csv:6:1: "info@example.com" ${journal}`,
      `roller.csv:7:1: "kontakt@example.no" ${journal}`,
    ]);
  });

  it('warns about a second column for the same field and reads the first', () => {
    const list = parseText('e-post;navn;email\nkari@example.no;Kari;other@example.no\n');
    expect(list.problems).toEqual([]);
    expect(people(list)).toEqual([['kari@example.no', 'Kari', '', 'nb', 2]]);
    expect(list.warnings).toEqual(['mottakere.csv:1:13: "email" is a second e-mail column: it is ignored, the first one ("e-post") is read']);
  });
});

describe('recipients: problems', () => {
  it('reports every bad row at once, with exact line:column in characters', () => {
    const text = [
      'e-post;navn;organisasjon;språk',
      'ola.nordmann(at)example.no;Ola Nordmann;Eksempel AS;nb', // 2:1
      ';Kari Nordmann;Eksempel AS;en', // 3:1
      'per@example.no;Per Hansen;Eksempel AS;de', // 4:39
      '  "kari@example" ;Kari;Org;en', // 5:3, the opening quote
      'åse@example.no;Åse Ødegård;Blåbær AS;sv', // 6:38 in characters (the bytes are further right)
      'anne@example.com;Anne;Org;EN',
      'bob@example.com;Bob;Org;', // 8: empty language is nb
      '"Ola Nordmann <ola@example.no>";Ola;Org;nb', // 9:1, a display name is not an address
      'ole@example.no ;Ole;Org;  norsk', // 10:27
    ].join('\r\n');
    const list = parseText(text, 'liste.csv');
    expect(lines(list)).toEqual([
      `liste.csv:2:1: "ola.nordmann(at)example.no" is not an e-mail address: ${EXAMPLE}`,
      `liste.csv:3:1: missing e-mail address: ${EXAMPLE}`,
      'liste.csv:4:39: unknown language "de": expected "nb" (Norwegian) or "en" (English)',
      `liste.csv:5:3: "kari@example" is not an e-mail address: ${EXAMPLE}`,
      'liste.csv:6:38: unknown language "sv": expected "nb" (Norwegian) or "en" (English)',
      `liste.csv:9:1: "Ola Nordmann <ola@example.no>" is not an e-mail address: ${EXAMPLE}`,
      'liste.csv:10:27: unknown language "norsk": expected "nb" (Norwegian) or "en" (English)',
    ]);
    for (const p of list.problems) expect(p.at?.file).toBe('liste.csv');
    expect(people(list)).toEqual([
      ['anne@example.com', 'Anne', 'Org', 'en', 7],
      ['bob@example.com', 'Bob', 'Org', 'nb', 8],
    ]);
  });

  it('reports a missing e-mail column, naming the columns found and the accepted names', () => {
    const list = parseText('navn;organisasjon;telefon\nKari;Org;22 00 00 00\n', 'feil.csv');
    expect(list.recipients).toEqual([]);
    expect(lines(list)).toEqual([
      'feil.csv:1:1: no e-mail column: found the columns "navn", "organisasjon", "telefon"; expected a column named e-post, epost, email, e-mail, e-mail address or e-postadresse (the first line names the columns, like e-post;navn;organisasjon;språk)',
    ]);
  });

  it('reports a file without a header line as a missing e-mail column', () => {
    const list = parseText('kari@example.no;Kari\nola@example.no;Ola\n');
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]!.at).toEqual({ file: 'mottakere.csv', line: 1, column: 1 });
    expect(list.problems[0]!.message).toMatch(/^no e-mail column: found the columns "kari@example.no", "Kari"/);
  });

  it('reports an empty file', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('\r\n  \r\n'), Buffer.from([0xef, 0xbb, 0xbf])]) {
      const list = parseRecipients(bytes, 'tom.csv');
      expect(list.recipients).toEqual([]);
      expect(lines(list)).toEqual(['tom.csv:1:1: the file is empty: expected a header line like "e-post;navn;organisasjon;språk" and one recipient on each line below it']);
    }
  });

  it('reports a header with no recipients below it', () => {
    const list = parseText('e-post;navn\r\n;\r\n\r\n');
    expect(lines(list)).toEqual(['mottakere.csv:1:1: no recipients: the file has a header line but no rows with addresses below it']);
  });

  it('reports an unclosed quote at the quote, and reads the rows after it', () => {
    const list = parseText('e-post;navn\nkari@example.no;"Kari Nordmann\nola@example.no;Ola\n');
    expect(lines(list)).toEqual([
      'mottakere.csv:2:17: quote not closed: this cell starts with " but has no closing "; this row was not read (end the cell with ", or remove this ")',
    ]);
    expect(people(list)).toEqual([['ola@example.no', 'Ola', '', 'nb', 3]]);
  });

  it('reports every CSV syntax error of the file, in plain words', () => {
    const text = [
      'e-post;navn',
      'a@example.no;"Ola "Olsen" Nordmann"', // 2:20: text after the closing quote
      'b@example.no;Kari',
      'c@example.no;"Per', // 4:14: this quote runs on to line 6, where it closes before more text
      'd@example.no;Per',
      'e@example.no;"Per" Hansen', // 6:20
      'f@example.no;Frida',
      'g@example.no;"Gro', // 8:14: never closed
    ].join('\n');
    const list = parseText(text);
    const all = lines(list);
    expect(all).toEqual([
      'mottakere.csv:2:20: unexpected text after the closing " of a quoted cell: a quoted cell must end with " followed by the separator or the end of the line (write a " inside a quoted cell as ""); this row was not read',
      'mottakere.csv:4:14: quote not closed on this line: the quoted cell that starts here runs on to line 6, where its closing " is followed by more text; this row was not read (end the cell with ", or remove this ")',
      'mottakere.csv:6:20: unexpected text after the closing " of a quoted cell: a quoted cell must end with " followed by the separator or the end of the line (write a " inside a quoted cell as ""); this row was not read',
      'mottakere.csv:8:14: quote not closed: this cell starts with " but has no closing "; this row was not read (end the cell with ", or remove this ")',
    ]);
    for (const line of all) expect(line).not.toMatch(/CSV_|Error|\n\s+at /);
    expect(list.recipients.map((r) => r.email)).toEqual(['b@example.no', 'd@example.no', 'f@example.no']);
  });

  it('reports a broken header line and nothing that depends on it', () => {
    const list = parseText('"e-post;navn\nkari@example.no;Kari\n');
    expect(list.recipients).toEqual([]);
    expect(lines(list)).toEqual([expect.stringMatching(/^mottakere\.csv:1:1: quote not closed: /)]);
  });

  it('reports an Excel workbook given instead of its CSV export', () => {
    const list = parseRecipients(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'mottakere.xlsx');
    expect(lines(list)).toEqual([
      'mottakere.xlsx:1:1: this is an Excel workbook (.xlsx) or another zip file, not a CSV file: save it from Excel as "CSV UTF-8" or "CSV (semicolon delimited)" and use that file',
    ]);
  });

  it('reports a missing or unreadable file as one problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recipients-'));
    const missing = readRecipients(join(dir, 'finnes-ikke.csv'), 'finnes-ikke.csv');
    expect(missing).toEqual({
      file: 'finnes-ikke.csv',
      duplicates: 0,
      recipients: [],
      warnings: [],
      problems: [{ message: 'cannot read finnes-ikke.csv (the file does not exist): expected a CSV file with a column e-post or email' }],
    });
    const folder = readRecipients(dir, 'mappe');
    expect(folder.problems).toEqual([{ message: 'cannot read mappe (it is a folder, not a file): expected a CSV file with a column e-post or email' }]);
  });
});

describe('recipients: positions agree with csv-parse on any file', () => {
  // Random cells (separators, quotes, line breaks, spaces, æøå and emoji inside), written as a
  // spreadsheet would: quoted when needed, sometimes with spaces around. The language cell of each
  // row is wrong on purpose, so each row yields one problem whose position is known.
  const cellText = fc.string({ unit: fc.constantFrom('a', 'Ø', 'å', ' ', ';', ',', '"', '\n', '😀', 'x'), maxLength: 12 });
  const written = fc.record({ text: cellText, quoted: fc.boolean(), before: fc.constantFrom('', ' ', '  '), after: fc.constantFrom('', ' ') });
  const row = fc.record({ name: written, organisation: written, lineEnd: fc.constantFrom('\n', '\r\n') });

  function cell(w: { text: string; quoted: boolean; before: string; after: string }): string {
    const needsQuotes = w.quoted || /[;"\n]/.test(w.text) || w.text !== w.text.trim() || w.text.startsWith('"');
    return w.before + (needsQuotes ? `"${w.text.replaceAll('"', '""')}"` : w.text) + w.after;
  }

  it('finds each cell where it starts, and csv-parse reads the values', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        let text = 'navn;organisasjon;e-post;språk\n';
        let line = 2;
        const expected: string[] = [];
        const values: [string, string][] = [];
        rows.forEach((r, i) => {
          const prefix = `${cell(r.name)};${cell(r.organisation)};p${i}@example.no;`;
          const lastLine = prefix.split('\n');
          line += lastLine.length - 1;
          const column = [...lastLine[lastLine.length - 1]!].length + 1;
          expected.push(`f.csv:${line}:${column}: unknown language "x${i}": expected "nb" (Norwegian) or "en" (English)`);
          values.push([r.name.text, r.organisation.text]);
          text += `${prefix}x${i}${r.lineEnd}`;
          line++;
        });
        const bad = parseRecipients(Buffer.from(text, 'utf8'), 'f.csv');
        expect(bad.problems.map(formatProblem)).toEqual(expected);

        const good = parseRecipients(Buffer.from(text.replace(/;x(\d+)(\r?\n)/g, ';en$2'), 'utf8'), 'f.csv');
        expect(good.problems).toEqual([]);
        expect(good.recipients.map((r) => [r.name, r.organisation])).toEqual(values.map(([n, o]) => [n.replaceAll('\r\n', '\n').trim(), o.trim()]));
      }),
      { numRuns: 300 },
    );
  });
});
