// The recipient list of a mailing: a CSV file as office staff export it from Excel or Outlook.
// UTF-8 (with or without BOM) or Windows-1252, `;` `,` or tab between cells, columns found by
// their header names. Every mistake of the file comes back at once, with file:line:column.
//
// The CSV itself is parsed by csv-parse. Only to say *where* a cell starts (csv-parse gives each
// record's byte offset, not its cells' columns) does a small quote-aware scan walk the record's
// text; it follows the same rules as csv-parse with the options used here (trim, relax_quotes).
import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { isEmail } from './email.js';
import { formatProblem, type Problem, type SourcePos } from '../issue/problems.js';

export type MailLanguage = 'nb' | 'en';

export interface Recipient {
  readonly email: string; // trimmed as written (case kept)
  readonly key: string; // email trimmed and lower-cased: the identity used for duplicates and by the send journal
  readonly name: string; // '' when absent
  readonly organisation: string; // '' when absent
  readonly language: MailLanguage; // 'nb' when the cell is empty or the column absent
  readonly line: number; // 1-based line in the file where the record starts
}

export interface RecipientList {
  readonly file: string; // the display name passed in
  readonly recipients: readonly Recipient[]; // in file order, duplicates merged (first occurrence kept)
  readonly warnings: readonly string[]; // each a full line "file:line:column: message"
  readonly problems: readonly Problem[]; // user mistakes, with at: {file, line, column}
  readonly duplicates: number; // rows merged into an earlier one with the same address
}

const EXAMPLE_ADDRESS = 'ola.nordmann@example.no';
const EXAMPLE_HEADER = ['e-post', 'navn', 'organisasjon', 'språk'];

type Field = 'email' | 'name' | 'organisation' | 'language';

const HEADER_NAMES: Readonly<Record<Field, readonly string[]>> = {
  // The last two of each are what Outlook's contact export writes (English, Norwegian).
  email: ['e-post', 'epost', 'email', 'e-mail', 'e-mail address', 'e-postadresse'],
  name: ['navn', 'name'],
  organisation: ['organisasjon', 'organisation', 'organization', 'company', 'firma'],
  language: ['språk', 'sprak', 'language'],
};
const FIELD_OF_HEADER = new Map<string, Field>(
  (Object.entries(HEADER_NAMES) as [Field, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [n, field] as const)),
);
const FIELD_WORD: Readonly<Record<Field, string>> = { email: 'e-mail', name: 'name', organisation: 'organisation', language: 'language' };

/** Local parts (before @) of shared role addresses, whose mail usually ends up in a public archive journal. */
const ROLE_LOCAL_PARTS = new Set(['post', 'postmottak', 'postmaster', 'firmapost', 'info', 'kontakt', 'mottak', 'sentralbord', 'servicesenter', 'epost']);

export function isRoleAddress(email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase();
  return ROLE_LOCAL_PARTS.has(local) || local.startsWith('postmottak');
}

/** Reads a file; a missing/unreadable file is one problem. */
export function readRecipients(path: string, displayName: string = path): RecipientList {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const message = `cannot read ${displayName} (${whyUnreadable(e)}): expected a CSV file with a column e-post or email`;
    return { file: displayName, recipients: [], warnings: [], problems: [{ message }], duplicates: 0 };
  }
  return parseRecipients(bytes, displayName);
}

/** Reads the file's bytes. Never throws for a user's mistake: every problem comes back in `problems`. */
export function parseRecipients(bytes: Uint8Array, displayName: string): RecipientList {
  const file = displayName;
  const at = (line: number, column: number): SourcePos => ({ file, line, column });
  let duplicates = 0;
  const done = (recipients: Recipient[], warnings: Problem[], problems: Problem[]): RecipientList => ({
    file,
    duplicates,
    recipients,
    warnings: sortByPosition(warnings).map(formatProblem),
    problems: sortByPosition(problems),
  });

  const workbook = spreadsheetKind(bytes);
  if (workbook) {
    return done([], [], [{ at: at(1, 1), message: `this is ${workbook}, not a CSV file: save it from Excel as "CSV UTF-8" or "CSV (semicolon delimited)" and use that file` }]);
  }

  const text = decode(bytes);
  const start = findStart(text);
  if (start.index >= text.length) {
    return done([], [], [{ at: at(1, 1), message: `the file is empty: expected a header line like "${EXAMPLE_HEADER.join(';')}" and one recipient on each line below it` }]);
  }

  const csv = readCsv(text, start, file);
  const problems: Problem[] = [...csv.problems];
  const warnings: Problem[] = [];
  const header = csv.records[0];
  if (!header || (problems[0]?.at && problems[0].at.line <= header.line)) {
    // The header line itself could not be read: without it no cell means anything.
    return done([], [], problems);
  }

  // Columns by header name; unknown columns (Outlook exports have dozens) are ignored.
  const column: Partial<Record<Field, number>> = {};
  header.values.forEach((value, index) => {
    const field = FIELD_OF_HEADER.get(value.trim().normalize('NFC').toLowerCase());
    if (!field) return;
    const first = column[field];
    if (first === undefined) {
      column[field] = index;
    } else {
      const pos = header.cells[index] ?? header.start;
      warnings.push({ at: at(pos.line, pos.column), message: `${quote(value.trim())} is a second ${FIELD_WORD[field]} column: it is ignored, the first one (${quote(header.values[first]!.trim())}) is read` });
    }
  });
  const emailColumn = column.email;
  if (emailColumn === undefined) {
    const found = header.values.map((v) => v.trim()).filter((v) => v !== '');
    const foundText = found.length > 0 ? `found the columns ${found.map((v) => quote(v)).join(', ')}` : 'found no column names';
    const message =
      `no e-mail column: ${foundText}; expected a column named ${orList(HEADER_NAMES.email)} ` +
      `(the first line names the columns, like ${EXAMPLE_HEADER.join(csv.delimiter === '\t' ? ';' : csv.delimiter)})`;
    return done([], warnings, [{ at: at(header.line, 1), message }, ...problems]);
  }

  const recipients: Recipient[] = [];
  const seen = new Map<string, { line: number; name: string; organisation: string; language: MailLanguage | undefined }>();
  let rows = 0;
  for (const record of csv.records.slice(1)) {
    if (record.values.every((v) => v.trim() === '')) continue; // a blank row, as Excel writes them: ;;;
    rows++;
    const cell = (index: number | undefined): { value: string; pos: SourcePos } => {
      const p = (index === undefined ? undefined : record.cells[index]) ?? record.end;
      return { value: index === undefined ? '' : (record.values[index] ?? '').trim(), pos: at(p.line, p.column) };
    };
    const email = cell(emailColumn);
    const name = cell(column.name).value;
    const organisation = cell(column.organisation).value;
    const languageCell = cell(column.language);

    const language = parseLanguage(languageCell.value);
    if (language === undefined) {
      problems.push({ at: languageCell.pos, message: `unknown language ${quote(languageCell.value)}: expected "nb" (Norwegian) or "en" (English)` });
    }

    if (email.value === '') {
      problems.push({ at: email.pos, message: `missing e-mail address: expected an address like ${EXAMPLE_ADDRESS}` });
      continue;
    }
    if (!isEmail(email.value, { require_tld: true, allow_display_name: false, allow_utf8_local_part: true })) {
      problems.push({ at: email.pos, message: `${quote(email.value)} is not an e-mail address: expected an address like ${EXAMPLE_ADDRESS}` });
      continue;
    }

    const key = email.value.toLowerCase();
    const first = seen.get(key);
    if (first) {
      const differs = [
        name !== first.name ? 'name' : undefined,
        organisation !== first.organisation ? 'organisation' : undefined,
        language !== undefined && first.language !== undefined && language !== first.language ? 'language' : undefined,
      ].filter((d) => d !== undefined);
      const detail = differs.length > 0 ? ` (its ${andList(differs)} ${differs.length > 1 ? 'differ' : 'differs'}; those on line ${first.line} are kept)` : '';
      warnings.push({ at: email.pos, message: `${quote(email.value)} is the same address as on line ${first.line}: merged, sent once${detail}` });
      duplicates++;
      continue;
    }
    seen.set(key, { line: record.line, name, organisation, language });
    if (isRoleAddress(email.value)) {
      warnings.push({
        at: email.pos,
        message:
          `${quote(email.value)} is a shared role address: what is sent there is usually recorded in the ` +
          `receiver's public archive journal (offentlig journal); a personal address is better`,
      });
    }
    if (language !== undefined) {
      recipients.push({ email: email.value, key, name, organisation, language, line: record.line });
    }
  }

  if (rows === 0 && problems.length === 0) {
    problems.push({ at: at(header.line, 1), message: 'no recipients: the file has a header line but no rows with addresses below it' });
  }
  return done(recipients, warnings, problems);
}

function parseLanguage(value: string): MailLanguage | undefined {
  const v = value.toLowerCase();
  if (v === '' || v === 'nb') return 'nb';
  if (v === 'en') return 'en';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Bytes to text

/** Excel workbooks instead of their CSV export: the most likely wrong file. */
function spreadsheetKind(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'an Excel workbook (.xlsx) or another zip file';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'an old Excel workbook (.xls)';
  return undefined;
}

/** Windows-1252 for the bytes 0x80-0x9F (the five it leaves undefined stay as they are). */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** UTF-8 (BOM or not), else Windows-1252; UTF-16 only by its BOM (Excel's "Unicode text"). Line ends become \n. */
function decode(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Node 20.18.3+ and 22.13+ decode 'windows-1252' as Latin-1, so 0x80-0x9F come out as C1
      // control characters (nodejs/node#60888); map them as Windows-1252 does. A fixed Node
      // leaves none of them to map.
      text = new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // TextDecoder drops it already; never twice
  // One kind of line end, so that csv-parse and the scan below count lines alike. Columns do not
  // move: a \r only ever stands at the end of a line.
  return text.replace(/\r\n?/g, '\n');
}

// ---------------------------------------------------------------------------------------------
// CSV

interface Pos {
  readonly index: number; // into the decoded text
  readonly line: number;
  readonly column: number; // 1-based, in characters (code points)
}

interface CsvRecord {
  readonly line: number; // where the record starts
  readonly values: readonly string[]; // csv-parse's cells
  readonly cells: readonly Pos[]; // where each cell starts (the opening quote of a quoted cell)
  readonly start: Pos;
  readonly end: Pos; // just after the record's last character
}

interface Start {
  readonly index: number;
  readonly line: number;
  readonly delimiter?: string; // from an Excel "sep=;" line
}

/** Skips blank lines and Excel's "sep=;" line; the header starts at `index`. */
function findStart(text: string): Start {
  let index = 0;
  let line = 1;
  let delimiter: string | undefined;
  while (index < text.length) {
    const lineEnd = indexOrEnd(text, '\n', index);
    const content = text.slice(index, lineEnd).trim();
    const sep = delimiter === undefined ? /^sep=([;,\t])$/i.exec(text.slice(index, lineEnd).replace(/^ +| +$/g, '')) : null;
    if (sep) delimiter = sep[1]!;
    else if (content !== '') return { index, line, ...(delimiter !== undefined && { delimiter }) };
    index = lineEnd + 1;
    line++;
  }
  return { index: text.length, line };
}

/** The separator of the header line: the most frequent of ; , tab outside quotes (; on a tie). */
function detectDelimiter(text: string, from: number): string {
  const counts = new Map<string, number>([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ';';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/**
 * Parses with csv-parse from `start`. A syntax error is reported and parsing resumes on the line
 * after it, so that a user sees every mistake of the file at once.
 */
function readCsv(text: string, start: Start, file: string): { records: CsvRecord[]; problems: Problem[]; delimiter: string } {
  const delimiter = start.delimiter ?? detectDelimiter(text, start.index);
  const scan = new CellScanner(text, delimiter);
  const records: CsvRecord[] = [];
  const problems: Problem[] = [];
  // One buffer for all of it: after a syntax error csv-parse starts again on a view of the rest,
  // so a file full of mistakes still takes linear time.
  const buffer = Buffer.from(text, 'utf8');
  let base = start.index;
  let baseByte = utf8Length(text, 0, base);
  let baseLine = start.line;
  while (base < text.length) {
    // Where the next record starts: csv-parse reports, per record, the bytes it has consumed.
    let index = base;
    let line = baseLine;
    let bytes = 0;
    try {
      parse(buffer.subarray(baseByte), {
        delimiter,
        record_delimiter: '\n',
        quote: '"',
        escape: '"',
        trim: true,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (values, context) => {
          const end = advanceBytes(text, index, context.bytes - bytes);
          const found = scan.record(index, line);
          if (found.kind === 'record') records.push({ ...found.record, values });
          line += countNewlines(text, index, end);
          index = end;
          bytes = context.bytes;
          return null; // kept in `records`, not twice
        },
      });
      break;
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      // The failing record starts at `index`; the scan says where and why, in the user's terms.
      const found = scan.record(index, line);
      if (found.kind === 'record') {
        // The scan saw no mistake where csv-parse did: report csv-parse's line, read no further.
        const errorLine = typeof e['lines'] === 'number' ? baseLine + e['lines'] - 1 : line;
        problems.push({ at: { file, line: errorLine, column: 1 }, message: `the file could not be read as CSV from here on: ${plainCsvMessage(e)}` });
        break;
      }
      problems.push({ at: { file, line: found.at.line, column: found.at.column }, message: found.message });
      // Go on after the line of the opening quote: mostly the mistake is a missing closing quote,
      // and the rows below it are fine.
      const next = indexOrEnd(text, '\n', found.resume.index) + 1;
      baseByte += utf8Length(text, base, next);
      base = next;
      baseLine = found.resume.line + 1;
    }
  }
  return { records, problems, delimiter };
}

function plainCsvMessage(e: CsvError): string {
  return e.message.replace(/\s*at line \d+\s*$/, '').replace(/:$/, '');
}

type ScanResult =
  | { readonly kind: 'record'; readonly record: Omit<CsvRecord, 'values'> }
  | { readonly kind: 'error'; readonly at: Pos; readonly message: string; readonly resume: Pos };

const UNCLOSED_QUOTE = 'quote not closed: this cell starts with " but has no closing "; this row was not read (end the cell with ", or remove this ")';
const TEXT_AFTER_QUOTE =
  'unexpected text after the closing " of a quoted cell: a quoted cell must end with " followed by the separator ' +
  'or the end of the line (write a " inside a quoted cell as ""); this row was not read';
const runsOn = (line: number) =>
  `quote not closed on this line: the quoted cell that starts here runs on to line ${line}, where its closing " is ` +
  'followed by more text; this row was not read (end the cell with ", or remove this ")';

/**
 * Finds where each cell of a record starts. The same rules as csv-parse with trim and
 * relax_quotes: white space around a cell is skipped, a cell is quoted when its first non-space
 * character is ", "" is a quote inside a quoted cell, and a quote inside an unquoted cell is text.
 */
class CellScanner {
  private readonly delim: number;

  constructor(
    private readonly text: string,
    delimiter: string,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  private space(c: number): boolean {
    // JavaScript's white space without the line feed, as csv-parse's trim; never the separator (tab).
    return (
      c !== this.delim &&
      (c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0xa0 || c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)
    );
  }

  /** Scans the record at `index` (the start of a line; blank lines before it are skipped). */
  record(index: number, line: number): ScanResult {
    const { text } = this;
    const n = text.length;
    let i = index;
    let col = 1;
    // Blank lines: csv-parse skips them (skip_empty_lines with trim).
    for (;;) {
      let j = i;
      while (j < n && this.space(text.charCodeAt(j))) j++;
      if (j < n && text.charCodeAt(j) === 0x0a) {
        i = j + 1;
        line++;
        continue;
      }
      break;
    }
    const start: Pos = { index: i, line, column: col };
    const cells: Pos[] = [];
    const step = () => {
      // one character forward; a surrogate pair is one character
      const c = text.charCodeAt(i++);
      if (c === 0x0a) {
        line++;
        col = 1;
      } else if (c < 0xdc00 || c > 0xdfff) {
        col++;
      }
    };
    for (;;) {
      const raw: Pos = { index: i, line, column: col };
      while (i < n && this.space(text.charCodeAt(i))) step();
      const c = i < n ? text.charCodeAt(i) : -1;
      if (c === 0x22) {
        const open: Pos = { index: i, line, column: col };
        step();
        for (;;) {
          if (i >= n) return { kind: 'error', at: open, message: UNCLOSED_QUOTE, resume: open };
          if (text.charCodeAt(i) === 0x22) {
            step();
            if (text.charCodeAt(i) === 0x22) step();
            else break;
          } else {
            step();
          }
        }
        while (i < n && this.space(text.charCodeAt(i))) step();
        const after = i < n ? text.charCodeAt(i) : -1;
        if (after !== -1 && after !== this.delim && after !== 0x0a) {
          if (line !== open.line) return { kind: 'error', at: open, message: runsOn(line), resume: open };
          return { kind: 'error', at: { index: i, line, column: col }, message: TEXT_AFTER_QUOTE, resume: open };
        }
        cells.push(open);
      } else {
        cells.push(c === -1 || c === this.delim || c === 0x0a ? raw : { index: i, line, column: col });
        while (i < n && text.charCodeAt(i) !== this.delim && text.charCodeAt(i) !== 0x0a) step();
      }
      if (i < n && text.charCodeAt(i) === this.delim) {
        step();
        continue;
      }
      let endIndex = i;
      let endCol = col;
      // the end of the record: just after its last non-space character
      while (endIndex > start.index && this.space(text.charCodeAt(endIndex - 1))) {
        endIndex--;
        endCol--;
      }
      return { kind: 'record', record: { line: start.line, cells, start, end: { index: endIndex, line, column: endCol } } };
    }
  }
}

/** How many bytes text[from, to) takes in UTF-8. */
function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to && i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3; // a surrogate pair is 4
  }
  return bytes;
}

/** The index in `text` after `bytes` UTF-8 bytes from `index` (csv-parse counts bytes). */
function advanceBytes(text: string, index: number, bytes: number): number {
  let i = index;
  let left = bytes;
  while (left > 0 && i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x80) left -= 1;
    else if (c < 0x800) left -= 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      left -= 4;
      i++;
    } else left -= 3;
    i++;
  }
  return i;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function indexOrEnd(text: string, s: string, from: number): number {
  const i = text.indexOf(s, from);
  return i === -1 ? text.length : i;
}

// ---------------------------------------------------------------------------------------------
// Messages

function quote(s: string): string {
  const shown = [...s].length > 60 ? `${[...s].slice(0, 57).join('')}…` : s;
  return JSON.stringify(shown);
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function whyUnreadable(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

function sortByPosition(problems: readonly Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.at?.line ?? 0) - (b.p.at?.line ?? 0) || (a.p.at?.column ?? 0) - (b.p.at?.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
