#!/usr/bin/env node
// Arguments → one command. Commands wire the pipeline and hold no logic of their own.
import { existsSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Only what every command needs is imported here; each command loads its own part of the tool
// with import() (the shipped bundle makes each a chunk), so that `--help` or `new` never load
// fonts, pdfkit or zod.
import { OptionError } from '../cards/sheet.js';
import { formatProblem, InputError } from '../issue/problems.js';
import { MailError } from '../mail/errors.js';
import { PROFILES, type ProfileName } from '../render/profile.js';

const HELP = `nyhetsbrev — makes the KOM newsletter (Nyhetsbrev fra KOM) as a PDF

Usage:
  nyhetsbrev build <issue-folder> [--format pdf|html|all] [--profile screen|print] [--out FILE] [--layout FILE] [--report]
  nyhetsbrev check <issue-folder> [--online] [--json] [--layout FILE]
  nyhetsbrev watch <issue-folder> [--profile screen|print] [--out FILE] [--layout FILE]
                   [--open] [--port N]
  nyhetsbrev cards [--publications FILE] [--out FILE] [--per-sheet N] [--single] [--profile screen|print] [--layout FILE]
  nyhetsbrev schema [--publications] [--out FILE]
  nyhetsbrev placeholders <issue-folder>
  nyhetsbrev new [<issue-folder>] [--from <previous-folder>]
  nyhetsbrev send <issue-folder> [--recipients FILE] [--live] [--yes] [--test ADDRESS]
                  [--limit N] [--rate N] [--resend-unknown | --skip-unknown] [--layout FILE]
  nyhetsbrev --help | nyhetsbrev <command> --help

Commands:
  build    Lays out an issue folder (its issue.yaml and pictures) and writes the PDF.
  check    Checks an issue as build does, without writing a PDF, and warns about what a
           proofreader wants to know (placeholders, coarse pictures, moved page numbers …);
           with --online also every link.
  watch    Builds, then rebuilds whenever the issue, a picture, a standing page, the
           publication list or the layout changes; --open shows a live preview.
  cards    Writes print-ready QR cards for the publications in assets/publications.yaml.
  schema   Writes the JSON Schema of issue.yaml (or of the publication list), for editor
           completion and checking.
  placeholders
           Makes a labelled placeholder for every picture the issue names that is
           not there yet, so the issue can be proofread before the real pictures arrive.
  new      Starts the next issue from the latest one in issues/: number, period and
           sections follow on, articles emptied to a placeholder paragraph.
  send     Sends the issue's PDF to the partners in recipients.csv, one message each;
           a dry run (.eml files) unless --live.

Run "nyhetsbrev <command> --help" for a command's options.`;

const BUILD_HELP = `nyhetsbrev build <issue-folder> [options]

Reads <issue-folder>/issue.yaml and the pictures it names, lays the issue out in the KOM
format and writes the PDF. Prints where it wrote it, the page count and the time taken.
On a mistake in the issue it prints every problem as file:line:column: message, writes
nothing and exits with status 1.

Both profiles write a tagged, accessible PDF (PDF/UA-1), byte for byte the same for the same
input: the screen file also PDF/A-2a (for the archive), the print file PDF/X-4 (for the press).

Options:
  --format NAME   pdf (default): the PDF.
                  html: the web page, out/<issue-folder-name>/index.html, with its
                  pictures, fonts and the screen PDF beside it: a folder to publish as it is.
                  all: both.
  --profile NAME  screen (default): for e-mail, the web and the archive (PDF/A-2a): RGB,
                  pictures resampled to 150 ppi, small.
                  print: for the print shop (PDF/X-4, coated offset, FOGRA39): 3 mm bleed,
                  crop marks, TrimBox and BleedBox, CMYK colours, pictures at full
                  resolution up to 300 ppi (a warning names each picture below 200 ppi and
                  each placeholder picture).
  --out FILE      Where to write the PDF, or with --format html the folder (default: out/<issue-folder-name>.pdf for screen,
                  out/<issue-folder-name>-trykk.pdf for print; the layout's file names)
  --layout FILE   Layout file with page size, margins, colours, fonts and templates
                  (default: layouts/kom.yaml)
  --report        Print the layout report (per page and in total: lines, hyphenated
                  lines, emergency breaks, widows, orphans, overfull lines, raggedness)
                  and write it as JSON beside the PDF (<name>.report.json)
  -h, --help      Show this help`;

const WATCH_HELP = `nyhetsbrev watch <issue-folder> [options]

Builds the issue, then rebuilds it whenever issue.yaml, a picture it names, a standing page,
the publication list, the layout or its fonts change — files created after the start
included (a picture that arrives) — once a burst of saves has settled (150 ms). Fonts,
hyphenation patterns, the layout and unchanged pictures stay in memory, so a rebuild after a
text edit is quick; each rebuild prints its time. A mistake prints the usual
file:line:column messages and keeps the last good PDF; watch goes on until Ctrl-C.

Options:
  --profile NAME  screen (default) or print, as for build
  --out FILE      Where to write the PDF (default as for build)
  --layout FILE   Layout file (default: layouts/kom.yaml)
  --open          Serve a preview on http://127.0.0.1:PORT/ (this machine only): the PDF in
                  the browser's viewer, reloaded on the page you chose after each build, and
                  the problems with their line of YAML while the issue has mistakes. Tries
                  to open it in a browser (the BROWSER variable names one; BROWSER=none
                  opens none)
  --port N        Port of the preview (default: 4321, or a free one if that is taken;
                  0: any free port). Implies --open's server without opening a browser
  -h, --help      Show this help

Exit status: 0 after Ctrl-C, 2 for a wrong command line.`;

const SCHEMA_HELP = `nyhetsbrev schema [options]

Prints the JSON Schema of issue.yaml (or writes it to a file). Editors such as VS Code use it
for completion and checking; the project keeps a copy in issue.schema.json, and one of the
publication list in publications.schema.json.

Options:
  --publications  The schema of the publication list (assets/publications.yaml) instead
  --out FILE      Write the schema to FILE instead of printing it
  -h, --help      Show this help`;

const CARDS_HELP = `nyhetsbrev cards [options]

Writes QR cards for every publication in the publication list that has "card:": the
Norwegian version on the card's front, the English one on its back. By default a sheet PDF:
as many 85 × 55 mm cards as fit on A4, with crop marks; each front sheet is followed by its
back sheet, mirrored so that printing on both sides puts every back behind its own front.
Print it double-sided at 100 % (no "fit to page"), flipping on the long edge for a portrait
sheet and on the short edge for a landscape one, then cut along the crop marks.
Card size, sheet, bleed, colours and texts come from layouts/cards.yaml.

Options:
  --publications FILE  Publication list (default: assets/publications.yaml)
  --out FILE           Where to write the PDF (default: out/qr-kort.pdf, with --single
                       out/qr-kort-enkeltvis.pdf)
  --per-sheet N        Cards on each sheet (default: as many as fit with the same number
                       of each card); the grid and the sheet's orientation are chosen to
                       leave the fewest empty places, and every place is filled
  --single             One card a page, front then back, each with 3 mm bleed and the
                       PDF's TrimBox and BleedBox set: the form a print shop asks for
  --profile NAME       screen (default): PDF/UA-1 and PDF/A-2a, RGB, to print at the office;
                       print: PDF/UA-1 and PDF/X-4 for a print shop, colours in CMYK (the
                       layout's print.colours, QR codes and black text in black ink only),
                       the FOGRA39 printing condition embedded, written to
                       out/qr-kort-trykk.pdf (--single: out/qr-kort-enkeltvis-trykk.pdf)
  --layout FILE        Card layout file (default: layouts/cards.yaml)
  -h, --help           Show this help`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** A progress line, overwritten in place on a terminal; left out elsewhere. */
  status?(line: string): void;
  /** Asks a question on a terminal; absent when there is none. */
  ask?(question: string): Promise<string>;
  /** The environment the command reads its settings from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

const onTerminal = Boolean(process.stderr.isTTY);
let statusShown = false;
const clearStatus = () => {
  if (statusShown) process.stderr.write('\r\x1b[K');
  statusShown = false;
};
const consoleIo: Io = {
  out: (l) => {
    clearStatus();
    console.log(l);
  },
  err: (l) => {
    clearStatus();
    console.error(l);
  },
  ...(onTerminal
    ? {
        status: (l: string) => {
          process.stderr.write(`\r\x1b[K${l.slice(0, (process.stderr.columns || 80) - 1)}`);
          statusShown = true;
        },
      }
    : {}),
  ...(process.stdin.isTTY && onTerminal
    ? {
        ask: async (q: string) => {
          clearStatus();
          const { createInterface } = await import('node:readline/promises');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await rl.question(q);
          } finally {
            rl.close();
          }
        },
      }
    : {}),
};

/** Runs one command line; returns the exit status. */
export async function main(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case 'build':
        return await build(rest, io);
      case 'check':
        return await check(rest, io);
      case 'watch':
        return await watch(rest, io);
      case 'cards':
        return await cards(rest, io);
      case 'schema':
        return await schema(rest, io);
      case 'placeholders':
        return await placeholders(rest, io);
      case 'send':
        return await send(rest, io);
      case 'new':
        return await newCommand(rest, io);
      default:
        io.err(`nyhetsbrev: unknown command "${command}": expected "build", "check", "watch", "cards", "schema", "placeholders", "new" or "send"\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof InputError) {
      for (const p of e.problems) io.err(formatProblem(p));
      io.err(`nyhetsbrev: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} found; ${command === 'send' ? 'nothing was sent' : 'no PDF was written'}`);
      return 1;
    }
    if (e instanceof MailError) {
      io.err(`nyhetsbrev: ${e.message}`);
      return 1;
    }
    if (e instanceof UsageError || e instanceof OptionError) {
      io.err(`nyhetsbrev: ${e.message}`);
      return 2;
    }
    // Not the user's mistake: say so, with what a developer needs.
    io.err(`nyhetsbrev: internal error — please report it with the issue folder.\n${e instanceof Error ? e.stack : String(e)}`);
    return 70;
  }
}

class UsageError extends Error {}

function parse(args: readonly string[], names: readonly string[], flags: readonly string[] = []) {
  const options = Object.fromEntries([
    ...names.map((n) => [n, { type: 'string' as const }]),
    ...flags.map((n) => [n, { type: 'boolean' as const }]),
  ]);
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

async function build(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, ['out', 'layout', 'profile', 'format'], ['report']);
  if (values.help) {
    io.out(BUILD_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`build needs one issue folder, like: nyhetsbrev build issues/2025-4\n\n${BUILD_HELP}`);
  const profile = values.profile ?? 'screen';
  if (!PROFILES.includes(profile as ProfileName)) throw new UsageError(`unknown profile "${String(profile)}": expected "screen" or "print"`);
  const format = values.format ?? 'pdf';
  if (format !== 'pdf' && format !== 'html' && format !== 'all') throw new UsageError(`unknown format "${String(format)}": expected "pdf", "html" or "all"`);
  if (format === 'all' && typeof values.out === 'string') throw new UsageError('--out names one file or folder: with --format all, leave it out (the PDF goes to out/<name>.pdf, the web page to out/<name>/)');
  if (format !== 'pdf') {
    const started = performance.now();
    const { buildHtml } = await import('../html/build.js');
    const web = await buildHtml(positionals[0]!, {
      ...(format === 'html' && typeof values.out === 'string' ? { out: values.out } : {}),
      ...(typeof values.layout === 'string' ? { layout: values.layout } : {}),
    });
    for (const w of web.pdf.warnings) io.err(`warning: ${w}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    io.out(`Wrote ${relative(process.cwd(), web.file)}: ${(web.bytes / 1024).toFixed(0)} KiB, with ${web.assets.length - 1} files beside it (the PDF, fonts, pictures) in ${relative(process.cwd(), web.folder)}/, in ${seconds} s`);
    if (format === 'html') return 0;
  }
  const started = performance.now();
  const { buildIssue } = await import('../build.js');
  const result = await buildIssue(positionals[0]!, {
    ...(typeof values.out === 'string' ? { out: values.out } : {}),
    ...(typeof values.layout === 'string' ? { layout: values.layout } : {}),
    profile: profile as ProfileName,
    ...(values.report === true ? { report: true } : {}),
  });
  for (const w of result.warnings) io.err(`warning: ${w}`);
  if (result.reportFile) {
    const { formatReport } = await import('../layout/report.js');
    io.out(formatReport(result.report));
    io.out(`Wrote ${relative(process.cwd(), result.reportFile)}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const size = (result.bytes / 1024).toFixed(0);
  io.out(`Wrote ${relative(process.cwd(), result.file)}: ${result.pages} pages, ${size} KiB, in ${seconds} s`);
  return 0;
}

const CHECK_HELP = `nyhetsbrev check <issue-folder> [options]

Checks the issue as build does — every mistake with its place, as file:line:column — but
writes no PDF, and adds what a proofreader wants to know, as warnings with their places:

  - placeholder text ("[Skriv teksten her]") or placeholder pictures (made by
    "nyhetsbrev placeholders") still in the issue; the date not filled in (an error);
  - pictures too coarse for print: below the print profile's minimum (200 ppi) at their
    placed size;
  - alternative text that only repeats the picture's file name;
  - cross-references whose page number changed since the last build of the issue;
  - one address linked with two different link texts in one article;
  - the layout's own warnings (a word wider than a column).

Exit status: 0 when there are no errors (warnings or not), 1 with errors, 2 for a wrong
command line.

Options:
  --online        Also fetch every address of the issue, its standing pages and the
                  publication list: six requests at a time and at most two to one site,
                  HEAD then GET where a site refuses HEAD, redirects followed (a permanent
                  one is reported with the new address to paste), 429 and 503 waited for as
                  Retry-After asks, a site that refuses robots reported as "could not check".
                  Results are kept for a day in .cache/links/. The time allowed for each
                  request is NYHETSBREV_LINK_TIMEOUT_MS (default 10000).
  --json          Print the findings as JSON: { "errors": [...], "warnings": [...],
                  "links": [...] }, each with file, line, column and message
  --layout FILE   Layout file (default: layouts/kom.yaml)
  -h, --help      Show this help`;

async function check(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, ['layout'], ['online', 'json']);
  if (values.help) {
    io.out(CHECK_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`check needs one issue folder, like: nyhetsbrev check issues/2025-4\n\n${CHECK_HELP}`);
  const env = io.env ?? process.env;
  const timeoutText = env.NYHETSBREV_LINK_TIMEOUT_MS;
  if (timeoutText !== undefined && !/^\d+$/.test(timeoutText)) throw new UsageError(`NYHETSBREV_LINK_TIMEOUT_MS "${timeoutText}": expected a whole number of milliseconds`);
  // Loaded when asked for: the link checker and the proofreading are not needed to build.
  const { checkIssue } = await import('../check/run.js');
  const { formatCheck, checkJson } = await import('../check/report.js');
  const result = await checkIssue(positionals[0]!, {
    ...(typeof values.layout === 'string' ? { layout: values.layout } : {}),
    online: values.online === true,
    links: {
      ...(timeoutText !== undefined ? { timeoutMs: Math.max(1, Number(timeoutText)) } : {}),
      onProgress: (done, total, url) => io.status?.(`checking links: ${done} of ${total}${url ? ` (${url})` : ''}`),
    },
  });
  if (values.json === true) io.out(JSON.stringify(checkJson(result), null, 2));
  else for (const line of formatCheck(result, values.online === true)) io.out(line);
  return result.errors.length > 0 ? 1 : 0;
}

async function watch(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, ['out', 'layout', 'profile', 'port'], ['open']);
  if (values.help) {
    io.out(WATCH_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`watch needs one issue folder, like: nyhetsbrev watch issues/2025-4\n\n${WATCH_HELP}`);
  const folder = positionals[0]!;
  const profile = values.profile ?? 'screen';
  if (!PROFILES.includes(profile as ProfileName)) throw new UsageError(`unknown profile "${String(profile)}": expected "screen" or "print"`);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${folder}: no such issue folder: expected a folder holding issue.yaml, like issues/2025-4`);
  let port: number | undefined;
  if (typeof values.port === 'string') {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) throw new UsageError(`--port "${values.port}": expected a port number from 0 to 65535 (0: any free port)`);
    port = Number(values.port);
  } else if (values.open) port = 4321;
  const { watchIssue } = await import('../watch/watch.js');
  const stop = new AbortController();
  const onSignal = () => {
    io.err('Stopped.');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await watchIssue(
      folder,
      {
        profile: profile as ProfileName,
        ...(typeof values.out === 'string' ? { out: values.out } : {}),
        ...(typeof values.layout === 'string' ? { layout: values.layout } : {}),
        ...(port === undefined ? {} : { port, portGiven: typeof values.port === 'string', openBrowser: values.open === true }),
      },
      io,
      stop.signal,
    );
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`--port ${port}: the port cannot be used (${code === 'EADDRINUSE' ? 'another program has it' : 'permission denied'}): expected a free port, or 0 for any`);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return 0;
}

async function cards(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, ['publications', 'out', 'per-sheet', 'layout', 'profile'], ['single']);
  if (values.help) {
    io.out(CARDS_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`cards takes no folder or file of its own: "${positionals[0]}"; use --publications FILE\n\n${CARDS_HELP}`);
  const perSheetText = values['per-sheet'];
  let perSheet: number | undefined;
  if (typeof perSheetText === 'string') {
    if (!/^\d+$/.test(perSheetText) || Number(perSheetText) < 1) throw new UsageError(`--per-sheet "${perSheetText}": expected a whole number of cards, at least 1`);
    if (values.single) throw new UsageError('--per-sheet and --single do not go together: --single puts one card on each page');
    perSheet = Number(perSheetText);
  }
  const profile = values.profile ?? 'screen';
  if (!PROFILES.includes(profile as ProfileName)) throw new UsageError(`unknown profile "${String(profile)}": expected "screen" or "print"`);
  const started = performance.now();
  const { buildCards } = await import('../cards/build.js');
  const result = await buildCards({
    profile: profile as ProfileName,
    ...(typeof values.publications === 'string' ? { publications: values.publications } : {}),
    ...(typeof values.out === 'string' ? { out: values.out } : {}),
    ...(typeof values.layout === 'string' ? { layout: values.layout } : {}),
    ...(perSheet === undefined ? {} : { perSheet }),
    ...(values.single ? { single: true } : {}),
  });
  for (const w of result.warnings) io.err(`warning: ${w}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const names = result.cards.map((c) => c.name).join(', ');
  const pages = result.document.pages.length;
  io.out(`Wrote ${relative(process.cwd(), result.file)}: ${result.cards.length} card${result.cards.length === 1 ? '' : 's'} (${names}), ${pages} pages, ${(result.bytes / 1024).toFixed(0)} KiB, in ${seconds} s`);
  const g = result.grid;
  if (g) {
    const mm = (v: number) => Math.round((v * 25.4) / 72);
    const counts = result.cards.map((c) => `${result.document.pages[0]!.print!.trims.filter((t) => t.label.startsWith(`${c.name} `)).length} ${c.name}`);
    const each = result.cards.length <= g.slots.length ? ` (${counts.join(', ')})` : '';
    io.out(`${g.slots.length} cards a sheet${each}, ${g.cols} × ${g.rows} on ${mm(g.width)} × ${mm(g.height)} mm ${g.orientation}; odd pages are fronts, even pages their backs.`);
    io.out(`Print double-sided at 100 %, flipping on the ${g.orientation === 'portrait' ? 'long' : 'short'} edge, and cut along the crop marks.`);
  } else {
    io.out('One card a page with bleed (front, then back), TrimBox and BleedBox set: for a print shop.');
  }
  return 0;
}

async function schema(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, ['out'], ['publications']);
  if (values.help) {
    io.out(SCHEMA_HELP);
    return 0;
  }
  const { issueJsonSchema, publicationsJsonSchema } = await import('../issue/schema.js');
  const text = JSON.stringify(values.publications ? publicationsJsonSchema() : issueJsonSchema(), null, 2) + '\n';
  if (typeof values.out === 'string') {
    writeFileSync(values.out, text);
    io.out(`Wrote ${values.out}`);
  } else io.out(text.trimEnd());
  return 0;
}

const PLACEHOLDERS_HELP = `nyhetsbrev placeholders <issue-folder>

Writes a labelled placeholder picture (PNG, the alternative text written on it) for every
picture or logo that <issue-folder>/issue.yaml or its standing pages name and that does not
exist yet. Existing files are never touched. Replace a placeholder by saving the real picture
under the same name.

Options:
  -h, --help      Show this help`;

async function placeholders(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, []);
  if (values.help) {
    io.out(PLACEHOLDERS_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`placeholders needs one issue folder\n\n${PLACEHOLDERS_HELP}`);
  // Loaded when asked for: it brings sharp, which a build of PNG and JPEG pictures does without.
  const { makePlaceholders } = await import('../tools/placeholders.js');
  const made = await makePlaceholders(positionals[0]!);
  for (const f of made) io.out(`made ${relative(process.cwd(), f)}`);
  io.out(`${made.length} placeholder picture${made.length === 1 ? '' : 's'} made`);
  return 0;
}

const NEW_HELP = `nyhetsbrev new [<issue-folder>] [options]

Starts the next issue from the latest one in issues/ (the highest year and number), or from
--from FOLDER. The new issue has the next number and period (after nr. 4 comes nr. 1 of the
next year: nr. 1 – 2026, januar–mars 2026), the same sections with their titles (a title that
names the period gets the new one), the same standing pages and their overrides, and every
article with its heading and one placeholder paragraph, [Skriv teksten her]. Pictures are
not copied. The date is left as ÅÅÅÅ-MM-DD for you to fill in; the build warns until it is.
The folder is issues/<year>-<number> unless given; an existing folder is never written over.

Options:
  --from FOLDER   The issue to start from (default: the latest in issues/)
  -h, --help      Show this help`;

async function newCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, ['from']);
  if (values.help) {
    io.out(NEW_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`new takes at most one folder, the new issue's: like nyhetsbrev new issues/2026-1\n\n${NEW_HELP}`);
  const { newIssue } = await import('../tools/new-issue.js');
  const made = newIssue({ ...(positionals[0] ? { folder: positionals[0] } : {}), ...(typeof values.from === 'string' ? { from: values.from } : {}) });
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const d = made.data;
  io.out(`Made ${rel(made.file)}: nr. ${d.number} – ${d.year}, ${d.period}, from ${rel(made.from)} (nr. ${made.previous.number} – ${made.previous.year}).`);
  io.out(`  ${d.sections.length} sections (${made.standing} standing pages kept as they are), ${made.articles} articles emptied to a placeholder paragraph`);
  for (const [was, now] of made.retitled) io.out(`  title given the new period: "${was}" → "${now}"`);
  if (made.leftOut > 0) io.out(`  ${made.leftOut} pictures and logos of ${rel(made.from)} not copied`);
  io.out('  the date is left for you to fill in: date: ÅÅÅÅ-MM-DD');
  io.out(`Next: open ${rel(made.file)}, write the articles, and build it: nyhetsbrev build ${rel(made.folder)}`);
  return 0;
}

const SEND_HELP = `nyhetsbrev send <issue-folder> [options]

Sends the issue to the partners in the recipient list: one message each, addressed to that
partner alone, with the screen PDF attached (built first, so it is the issue as it is now)
and the contents in the message. Subject, texts, sender and limits are in layouts/mail.yaml.

Without --live it is a dry run: every message is written as an .eml file under
out/mail/<issue>/dry-run/ to open in a mail program, and nothing is sent.

With --live every step is written to out/mail/<issue>/journal.jsonl before it is taken; run
the same command again after any interruption and it goes on where it stopped, never sending
a partner the issue twice.

The mail server comes from the environment: NYHETSBREV_SMTP_URL (smtp://USER@HOST:587, with
STARTTLS) and NYHETSBREV_SMTP_PASSWORD, or for OAuth2 NYHETSBREV_OAUTH_TOKEN_URL,
NYHETSBREV_OAUTH_CLIENT_ID, NYHETSBREV_OAUTH_CLIENT_SECRET and NYHETSBREV_OAUTH_SCOPE.

Options:
  --recipients FILE  The recipient list, a CSV file with a column e-post (or email) and
                     optionally navn, organisasjon and språk (nb or en)
                     (default: recipients.csv in the project)
  --live             Send for real (asks for confirmation on a terminal)
  --yes              Confirm without asking (needed with --live when there is no terminal)
  --test ADDRESS     Send one message, as a partner gets it but with [TEST] in the subject,
                     to ADDRESS only; not recorded in the journal
  --limit N          Send at most N messages in this run (to send in portions)
  --rate N           Messages a minute (default: rate in layouts/mail.yaml, 20)
  --resend-unknown   Send again the messages whose fate is unknown (the connection was lost
                     as they were handed over) — after checking they did not arrive
  --skip-unknown     Do not send them again — after checking they did arrive
  --layout FILE      Layout file of the PDF (default: layouts/kom.yaml)
  -h, --help         Show this help

Exit status: 0 when everyone on the list has the issue, 1 for a problem to fix first (the
list, a setting, the server), 2 for a wrong command line, 3 when some are not reached yet
(rejected, deferred, unknown, or left by --limit).`;

async function send(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, ['recipients', 'test', 'limit', 'rate', 'layout'], ['live', 'yes', 'resend-unknown', 'skip-unknown']);
  if (values.help) {
    io.out(SEND_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`send needs one issue folder, like: nyhetsbrev send issues/2025-4\n\n${SEND_HELP}`);
  if (values['resend-unknown'] && values['skip-unknown']) throw new UsageError('--resend-unknown and --skip-unknown do not go together: choose one');
  if (values.test !== undefined && values.live) throw new UsageError('--test and --live do not go together: --test sends one message to you, --live to everyone');
  const count = (name: string, max: number): number | undefined => {
    const v = values[name];
    if (typeof v !== 'string') return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`--${name} "${v}": expected a whole number from 1 to ${max}`);
    return Number(v);
  };
  const limit = count('limit', 1_000_000);
  const rate = count('rate', 600);
  const test = typeof values.test === 'string' ? values.test.trim() : undefined;
  // Loaded when asked for: nodemailer and the CSV reader are not needed to build.
  const { sendIssue } = await import('../mail/send.js');
  const stop = { stopped: false };
  const onInterrupt = () => {
    if (stop.stopped) process.exit(130);
    stop.stopped = true;
    io.err('Stopping after the message in hand (the journal keeps everything); press Ctrl-C again to quit at once.');
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await sendIssue(positionals[0]!, {
      env: io.env ?? process.env,
      ...(typeof values.recipients === 'string' ? { recipients: values.recipients } : {}),
      ...(typeof values.layout === 'string' ? { layout: values.layout } : {}),
      live: values.live === true,
      yes: values.yes === true,
      ...(test !== undefined ? { test } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(rate !== undefined ? { rate } : {}),
      ...(values['resend-unknown'] ? { unknown: 'resend' as const } : values['skip-unknown'] ? { unknown: 'skip' as const } : {}),
      ...(io.ask ? { ask: io.ask } : {}),
      report: { line: (l) => io.out(l), warn: (l) => io.err(`warning: ${l}`), status: (l) => io.status?.(l), each: (l) => (io.status ? undefined : io.out(l)) },
      stop,
    });
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** Run as a program (node dist/cli/main.js, or npx through a link in .bin), not imported by a test. */
function isEntry(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(arg) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
