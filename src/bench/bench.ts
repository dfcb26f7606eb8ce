// npm run bench: build timings and file sizes. Builds the reference issue several times (each
// in a fresh process, as a user runs it: with nothing kept from an earlier build, after a
// one-word edit, and unchanged), synthetic issues ten and thirty times its size, an issue of one
// paragraph 1×, 4× and 16× a base length (time must grow with the length, not its square), and
// the reference issue with photograph-sized pictures in both profiles (the screen file's budget).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { parse, stringify } from 'yaml';
import { layoutFolder, toolRoot } from '../build.js';
import { MAX_TEXT_LENGTH } from '../issue/load.js';
import { renderPdf } from '../render/pdf.js';
import { preparePictures } from '../render/pictures.js';
import { outputProfile } from '../render/profile.js';
import { readWordList, wordListLanguages } from '../text/wordlist.js';

// The shipped CLI (scripts/bundle.mjs), as a user runs it.
const cli = join(toolRoot, 'dist', 'bin', 'nyhetsbrev.js');
const reference = join(toolRoot, 'issues', '2025-4');
const runs = Number(process.env.BENCH_RUNS ?? 7);

interface Run { readonly seconds: number; readonly peakMiB: number; readonly pages: number; readonly kib: number }

function buildOnce(folder: string, out: string, profile = 'screen'): Run {
  const started = process.hrtime.bigint();
  // The CLI's main in a fresh process, which reports its peak memory when done: VmHWM, the
  // high-water mark of this process's own memory (maxRSS would count the bench's, which a
  // child started by forking inherits).
  const peak = `(() => { try { return Number(/VmHWM:\\s*(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } })()`;
  const script = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); import(${JSON.stringify(cli)}).then((m) => m.main(${JSON.stringify(['build', folder, '--out', out, '--profile', profile])})).then((code) => { console.error('maxrss ' + ${peak}); process.exitCode = code; })`;
  const r = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr.slice(0, 2000)}`);
  const peakKiB = Number(/maxrss (\d+)/.exec(r.stderr)![1]);
  const m = /(\d+) pages, (\d+) KiB/.exec(r.stdout)!;
  return { seconds, peakMiB: peakKiB / 1024, pages: Number(m[1]), kib: Number(m[2]) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** What the shipped CLI keeps of an issue between builds (src/io/kept.ts): gone, as after a layout or program change. */
function forget(folder: string): void {
  const cache = join(dirname(dirname(folder)), '.cache');
  const name = basename(folder);
  for (const f of [join('sections', `${name}.bin`), join('paragraphs', `${name}.bin`), join('render', `${name}-screen.bin`), join('inlines', `${name}.bin`), join('loaded', `${name}.bin`), join('qr', `${name}.bin`), join('layout', 'kom.bin')]) rmSync(join(cache, f), { force: true });
}

/** A word of an article's text in the issue's file made a letter longer, or back as it was. */
function editWord(folder: string, i: number): void {
  const file = join(folder, 'issue.yaml');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('menneskehandel', text.indexOf('body:'));
  if (at < 0) throw new Error('the reference issue no longer has the word the bench edits');
  const word = /^menneskehandelx?/.exec(text.slice(at))![0];
  writeFileSync(file, text.slice(0, at) + (i % 2 === 0 ? 'menneskehandelx' : 'menneskehandel') + text.slice(at + word.length));
}

/** `before` runs before each build (not timed): forgetting what was kept, or an edit. */
function report(name: string, folder: string, n: number, before?: (i: number) => void): Run {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf');
  const all = Array.from({ length: n }, (_, i) => {
    before?.(i);
    return buildOnce(folder, out);
  });
  return summary(name, all);
}

/** The median run of these and their peak memory, printed on one line. */
function summary(name: string, all: readonly Run[]): Run {
  const r: Run = {
    seconds: median(all.map((x) => x.seconds)),
    peakMiB: Math.max(...all.map((x) => x.peakMiB)),
    pages: all[0]!.pages,
    kib: all[0]!.kib,
  };
  console.log(
    `${name.padEnd(22)} ${String(r.pages).padStart(4)} pages  median ${r.seconds.toFixed(3)} s over ${all.length} runs  ` +
      `${(r.pages / r.seconds).toFixed(1)} pages/s  peak ${r.peakMiB.toFixed(0)} MiB  ${r.kib} KiB`,
  );
  return r;
}

/** A project folder holding a copy of the reference issue under issues/<name>. */
function copyProject(name: string): { dir: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-issue-'));
  const folder = join(dir, 'issues', name);
  cpSync(reference, folder, { recursive: true });
  cpSync(join(toolRoot, 'layouts'), join(dir, 'layouts'), { recursive: true });
  cpSync(join(toolRoot, 'assets'), join(dir, 'assets'), { recursive: true });
  cpSync(join(toolRoot, 'fonts'), join(dir, 'fonts'), { recursive: true });
  return { dir, folder };
}

/** The reference issue `times` times over. */
function manifold(times: number): string {
  const { folder } = copyProject(`x${times}`);
  const issue = parse(readFileSync(join(reference, 'issue.yaml'), 'utf8'));
  // Every section's articles ten times over, ids made unique.
  const sections = issue.sections.map((s: { standing?: string; articles?: unknown[] }, j: number) => {
    if (s.standing) return s;
    const articles = [];
    for (let i = 0; i < times; i++) {
      const copy = JSON.parse(JSON.stringify(s.articles).replace(/"id":"([a-z0-9-]+)"/g, `"id":"$1-${i}"`).replace(/\(#([a-z0-9-]+)\)/g, `(#$1-${i})`));
      articles.push(...copy.map((a: { id?: string }, k: number) => ({ ...a, id: a.id ?? `x${i}-${j}-${k}` })));
    }
    return { ...s, articles };
  });
  writeFileSync(join(folder, 'issue.yaml'), stringify({ ...issue, sections }));
  return folder;
}

/**
 * The reference issue with every placeholder but the logos replaced by a JPEG the size a
 * camera or a report's cover scan gives (12 megapixels, the placeholder's proportions), as
 * an issue is when its real pictures have arrived.
 */
async function withPhotographs(): Promise<{ folder: string; dir: string; inputBytes: number; count: number }> {
  const { dir, folder } = copyProject('photos');
  const pictureDirs = [join(folder, 'pictures'), join(dir, 'assets', 'pictures')];
  let inputBytes = 0;
  let count = 0;
  const jobs: Promise<void>[] = [];
  for (const pictures of pictureDirs) {
    for (const name of readdirSync(pictures)) {
      if (!name.endsWith('.png') || name.startsWith('logo-')) continue;
      const file = join(pictures, name);
      const { width = 4, height = 3 } = await sharp(file).metadata();
      const w = Math.round(Math.sqrt((12e6 * width) / height));
      const h = Math.round((w * height) / width);
      // Smooth noise, different for every picture: compresses like a photograph, not like a flat card.
      const seed = [...name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 997, 7);
      const jpeg = sharp({ create: { width: Math.round(w / 6), height: Math.round(h / 6), channels: 3, background: { r: seed % 255, g: 120, b: 160 }, noise: { type: 'gaussian', mean: 60 + (seed % 120), sigma: 45 } } })
        .png()
        .toBuffer()
        .then((small) => sharp(small).resize(w, h, { kernel: 'cubic' }).jpeg({ quality: 90 }).toBuffer())
        .then((bytes) => {
          writeFileSync(join(dirname(file), basename(name, '.png') + '.jpg'), bytes);
          rmSync(file);
          inputBytes += bytes.length;
          count++;
        });
      jobs.push(jpeg);
    }
  }
  await Promise.all(jobs);
  for (const yaml of [join(folder, 'issue.yaml'), join(dir, 'assets', 'standing', 'tools.yaml'), join(dir, 'assets', 'standing', 'back.yaml')]) {
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/(pictures\/(?!logo-)[a-z0-9-]+)\.png/g, '$1.jpg'));
  }
  return { folder, dir, inputBytes, count };
}

/**
 * `nyhetsbrev watch` on a copy of the reference issue, as a user runs it: after the first
 * build, one word is changed and saved `n` times, and the rebuild times watch prints are
 * collected. The word is the first "menneskehandel" of the issue, in the first section's
 * title (which the cover's contents list and the section's title band show, and whose new
 * letter changes the bold font's subset and so every page's glyph numbers), or with
 * `inBody` the first in an article's text.
 */
async function watchRebuilds(n: number, inBody = false): Promise<{ first: number; rebuilds: number[] }> {
  const { dir, folder } = copyProject(inBody ? 'watch-body' : 'watch');
  const file = join(folder, 'issue.yaml');
  const original = readFileSync(file, 'utf8');
  const word = /menneskehandel/g;
  word.lastIndex = inBody ? original.indexOf('body:') : 0;
  const found = word.exec(original);
  if (!found) throw new Error('the reference issue no longer has the word the bench edits');
  const at = found.index;
  const child = spawn(process.execPath, [cli, 'watch', folder, '--out', join(dir, 'out', 'watch.pdf')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BROWSER: 'none' } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const times = () => [...out.matchAll(/(?:Built|Rebuilt) \S+: \d+ pages in (\d+) ms/g)].map((m) => Number(m[1]));
  const until = async (count: number) => {
    const end = Date.now() + 120_000;
    while (times().length < count) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`watch did not rebuild:\n${out}\n${err.slice(0, 2000)}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  };
  try {
    await until(1);
    while (!out.includes('Watching')) await new Promise((done) => setTimeout(done, 20));
    for (let i = 1; i <= n; i++) {
      // A text edit: the word a letter longer, two letters longer, then as it was.
      const edited = original.slice(0, at) + `menneskehandel${'x'.repeat(i % 3)}` + original.slice(at + 'menneskehandel'.length);
      writeFileSync(file, i % 3 === 0 ? original : edited);
      await until(i + 1);
      // Not counted: a second save of the same burst.
      await new Promise((done) => setTimeout(done, 300));
    }
  } finally {
    child.kill('SIGINT');
  }
  const [first, ...rebuilds] = times();
  return { first: first!, rebuilds };
}

interface Stages { readonly pages: number; readonly layout: number; readonly render: number; readonly total: number }

/**
 * Load, check and layout, then the structure plan and the PDF, as `nyhetsbrev build` runs
 * them: CPU seconds of this process (user and system), which other work on the machine
 * disturbs far less than the time on the clock.
 */
async function buildStages(folder: string): Promise<Stages> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const t0 = cpu();
  const { issue, theme, fonts, measurer, document } = await layoutFolder(folder);
  const t1 = cpu();
  const profile = outputProfile('screen', theme);
  const prepared = await preparePictures(document, issue.pictures, profile.pictures, { root: dirname(dirname(folder)) });
  await renderPdf(document, { fonts, pictures: prepared.pictures, shape: (t, s) => measurer.shape(t, s) }, profile);
  const t2 = cpu();
  return { pages: document.pages.length, layout: t1 - t0, render: t2 - t1, total: t2 - t0 };
}

/**
 * A project whose issue is one article of one paragraph of `chars` characters (0: one
 * sentence): the reference issue's sentences, links reduced to their words, over and over.
 */
function longParagraph(chars: number): string {
  const { folder } = copyProject(`long-${chars}`);
  rmSync(join(folder, 'pictures'), { recursive: true, force: true });
  const issue = parse(readFileSync(join(reference, 'issue.yaml'), 'utf8')) as { sections: { articles?: { body: unknown[] }[] }[] };
  const texts = issue.sections.flatMap((s) => s.articles ?? []).flatMap((a) => a.body).filter((b): b is string => typeof b === 'string');
  const sentences = texts.join(' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').split(/(?<=[.!?])\s+/).filter((t) => t.length > 20);
  const parts: string[] = [];
  let length = -1;
  for (let i = 0; length < chars; i++) {
    const sentence = sentences[i % sentences.length]!;
    parts.push(sentence);
    length += sentence.length + 1;
  }
  const body = chars === 0 ? sentences[0]! : parts.join(' ').slice(0, chars);
  writeFileSync(join(folder, 'issue.yaml'), stringify({
    number: 1, year: 2026, period: 'januar–mars 2026', date: '2026-04-01',
    sections: [{ title: 'Et langt avsnitt', articles: [{ heading: 'Menneskehandel', body: [body] }] }],
  }));
  return folder;
}

const BUDGET_KIB = 2048;

function line(name: string, r: Run): void {
  console.log(`${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(6)} s  ${String(r.kib).padStart(6)} KiB (${(r.kib / 1024).toFixed(2)} MiB)  peak ${r.peakMiB.toFixed(0)} MiB`);
}

async function watchLine(): Promise<void> {
  for (const inBody of [false, true]) {
    const w = await watchRebuilds(Number(process.env.BENCH_WATCH_RUNS ?? 9), inBody);
    console.log(
      `watch, reference issue    first build ${w.first} ms, rebuild after a text edit ${inBody ? 'in an article' : 'in a section title'}: median ${median(w.rebuilds)} ms over ${w.rebuilds.length} ` +
        `(min ${Math.min(...w.rebuilds)}, max ${Math.max(...w.rebuilds)}; aim 150 ms)`,
    );
  }
}

/**
 * What this machine charges every build before our program does anything, for reading the
 * figures below: Node's own start-up (a build cannot be quicker), and, where the environment
 * sets NODE_EXTRA_CA_CERTS, the same without it (Node reads and parses those certificates at
 * start-up, before any program runs); and the time to touch memory never touched before, per
 * 4 KiB page, which a build pays for all the memory it uses (a page fault).
 */
function machineLine(): void {
  const start = (env: NodeJS.ProcessEnv) =>
    median(Array.from({ length: runs }, () => {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0'], { env });
      return Number(process.hrtime.bigint() - t) / 1e6;
    }));
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const touch = spawnSync(process.execPath, ['-e', `const b = Buffer.alloc(64 << 20); const t = process.hrtime.bigint(); for (let i = 0; i < b.length; i += 4096) b[i] = 1; console.log(Number(process.hrtime.bigint() - t) / 1e3 / (b.length / 4096));`], { encoding: 'utf8' });
  console.log(
    `machine: Node's own start-up (node -e 0) median ${start(process.env).toFixed(0)} ms` +
      (extra ? `, ${start(without).toFixed(0)} ms without NODE_EXTRA_CA_CERTS (set here)` : '') +
      `; memory touched for the first time ${Number(touch.stdout).toFixed(1)} µs a 4 KiB page (64 MiB)`,
  );
}

console.log(`node ${process.version}, ${resolve(cli)}`);
machineLine();
// BENCH_ONLY=watch: only watch's rebuild time.
if (process.env.BENCH_ONLY === 'watch') {
  await watchLine();
  process.exit(0);
}
// Three fresh-process builds of the reference issue: with nothing kept from an earlier build
// (after a change of layout, fonts or program), after a one-word edit of an article (what a
// writer waits for), and with nothing changed since the last build.
const ref = report('reference, nothing kept', reference, runs, () => forget(reference));
const edited = copyProject('2025-4').folder;
buildOnce(edited, join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf'));
const afterEdit = report('reference, one-word edit', edited, runs, (i) => editWord(edited, i));
const unchanged = report('reference, unchanged', reference, runs);
const aim = (r: Run) => `${r.seconds <= 0.8 ? 'met' : 'NOT met'} (time), ${r.peakMiB <= 150 ? 'met' : 'NOT met'} (memory)`;
console.log(`  aim 0.8 s and 150 MiB: nothing kept ${aim(ref)}; after an edit ${aim(afterEdit)}; unchanged ${aim(unchanged)}`);
// The larger issues with nothing kept, like the first row: the cost of laying out and writing more pages.
// Each taken in turns with the reference issue (both with nothing kept), so that what a page
// costs above the reference's is the difference within a pair: the machine's speed drifts by a
// fifth from one quarter of an hour to the next, more than the figure looked for.
function inTurns(name: string, folder: string, n: number): { run: Run; perPage: number[] } {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf');
  const refOut = join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf');
  const pairs = Array.from({ length: n }, () => {
    forget(reference);
    const r = buildOnce(reference, refOut);
    forget(folder);
    return { r, big: buildOnce(folder, out) };
  });
  const run = summary(name, pairs.map((p) => p.big));
  const perPage = pairs.map((p) => (1000 * (p.big.seconds - p.r.seconds)) / (p.big.pages - p.r.pages)).sort((a, b) => a - b);
  return { run, perPage };
}
const bigFolder = manifold(10);
const big = inTurns('10× reference issue', bigFolder, Math.max(5, runs));
const hugeFolder = manifold(30);
const huge = inTurns('30× reference issue', hugeFolder, 3);
// Above the fixed cost (Node, modules, fonts, the cover): what each further page costs.
const spread = (xs: number[]) => `${median(xs).toFixed(1)} ms a page (${xs.length} pairs, ${xs[0]!.toFixed(1)} to ${xs[xs.length - 1]!.toFixed(1)})`;
console.log(`time per page: reference ${(1000 * ref.seconds / ref.pages).toFixed(1)} ms in all; above the reference issue's cost, in turns with it: 10× ${spread(big.perPage)} (aim 8: ${median(big.perPage) <= 8 ? 'met' : 'NOT met'}), 30× ${spread(huge.perPage)} (linear: about the same)`);
console.log(`10× issue: ${(big.run.pages / ref.pages).toFixed(1)}× the pages in ${(big.run.seconds / ref.seconds).toFixed(1)}× the time; 30×: ${(huge.run.pages / ref.pages).toFixed(1)}× the pages in ${(huge.run.seconds / ref.seconds).toFixed(1)}× the time (Node's start and module loading included)`);
await watchLine();

// The compound word lists (dist/words/*.bin) are read once per build that hyphenates nb or nn.
{
  const times = wordListLanguages().map((lang) => {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      readWordList(lang);
      ms.push(performance.now() - t);
    }
    return `${lang} ${median(ms).toFixed(1)} ms`;
  });
  console.log(`word lists read (median of 5): ${times.join(', ')}`);
}

console.log('\none long paragraph (CPU seconds a build, in this process after a warm-up):');
{
  const BASE = 6000;
  const sizes = [BASE, 4 * BASE, 16 * BASE];
  if (sizes[2]! > MAX_TEXT_LENGTH) throw new Error('the longest paragraph of the bench is over the limit');
  // One sentence first: what any issue costs (layout file, fonts, patterns, cover); the
  // paragraph's time is what a build takes beyond it.
  const folders = [longParagraph(0), ...sizes.map(longParagraph)];
  for (const f of folders) await buildStages(f); // modules, patterns, the JIT
  // A build of a short paragraph takes a few hundredths of a second, less than what other
  // work on the machine can add: each size is built over and over for two seconds,
  // three times in turn with the others, and the middle of the three means is taken.
  const batch = async (folder: string): Promise<Stages> => {
    const sum = { pages: 0, layout: 0, render: 0, total: 0 };
    let n = 0;
    while (n < 3 || sum.total < 2) {
      const r = await buildStages(folder);
      sum.pages = r.pages;
      sum.layout += r.layout;
      sum.render += r.render;
      sum.total += r.total;
      n++;
    }
    return { pages: sum.pages, layout: sum.layout / n, render: sum.render / n, total: sum.total / n };
  };
  const rounds: Stages[][] = folders.map(() => []);
  for (let i = 0; i < 3; i++) for (const [k, f] of folders.entries()) rounds[k]!.push(await batch(f));
  const [base, ...rest] = rounds.map((all): Stages => ({
    pages: all[0]!.pages, layout: median(all.map((x) => x.layout)), render: median(all.map((x) => x.render)), total: median(all.map((x) => x.total)),
  }));
  console.log(`  an issue of one sentence: ${base!.total.toFixed(3)} s (load and layout ${base!.layout.toFixed(3)} s, render ${base!.render.toFixed(3)} s); beyond that:`);
  console.log('  characters  pages   load and layout   render (tags, PDF)   total');
  let prev: Stages | undefined;
  for (const [i, m] of rest.entries()) {
    const r: Stages = { pages: m.pages, layout: m.layout - base!.layout, render: m.render - base!.render, total: m.total - base!.total };
    const cell = (k: 'layout' | 'render' | 'total', width: number) => `${r[k].toFixed(3)} s${prev ? ` ×${(r[k] / prev[k]).toFixed(1)}` : ''}`.padEnd(width);
    console.log(`  ${String(sizes[i]).padStart(10)}  ${String(r.pages).padStart(5)}   ${cell('layout', 18)}${cell('render', 21)}${cell('total', 0)}`);
    prev = r;
  }
  console.log('  (×: against the paragraph a quarter as long; near 4 is linear, a time in the square of the length would show 16)');
}

console.log('\nreference issue with photograph-sized pictures:');
const photos = await withPhotographs();
console.log(`  ${photos.count} JPEGs of 12 megapixels, ${(photos.inputBytes / 2 ** 20).toFixed(1)} MiB of pictures in`);
const out = join(photos.dir, 'out');
const cache = join(photos.dir, '.cache');
const cold = buildOnce(photos.folder, join(out, 'screen.pdf'));
const warm = buildOnce(photos.folder, join(out, 'screen.pdf'));
const cachedKiB = readdirSync(join(cache, 'pictures')).reduce((s, f) => s + statSync(join(cache, 'pictures', f)).size, 0) / 1024;
const printCold = buildOnce(photos.folder, join(out, 'print.pdf'), 'print');
const printWarm = buildOnce(photos.folder, join(out, 'print.pdf'), 'print');
line('  screen, pictures resampled', cold);
line('  screen, again (from the cache)', warm);
{
  // Warm photographs against the placeholders, in turn, so that other work on the machine
  // weighs on both alike.
  const placeholders = join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf');
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < Math.max(3, Math.floor(runs / 2)); i++) {
    a.push(buildOnce(photos.folder, join(out, 'screen.pdf')).seconds);
    b.push(buildOnce(reference, placeholders).seconds);
  }
  const extra = median(a) - median(b);
  console.log(`  warm build with photographs ${median(a).toFixed(2)} s against ${median(b).toFixed(2)} s with the placeholders (medians of ${a.length}, in turn): ${extra >= 0 ? '+' : ''}${extra.toFixed(2)} s (aim: at most +0.10 s)`);
}
line('  print, pictures resampled', printCold);
line('  print, again (from the cache)', printWarm);
console.log(`  picture cache: ${(cachedKiB / 1024).toFixed(1)} MiB in ${cache}`);
const within = warm.kib <= BUDGET_KIB;
console.log(`  screen file ${warm.kib} KiB: ${within ? 'within' : 'OVER'} the e-mail budget of ${BUDGET_KIB} KiB (2 MiB)`);
if (!within) process.exitCode = 1;

console.log('\nsending:');
{
  const { parseRecipients } = await import('../mail/recipients.js');
  const rows = ['e-post;navn;organisasjon;språk', ...Array.from({ length: 5000 }, (_, i) => `partner.${i}@example.no;Partner ${i};"Organisasjon ${i % 97}; avdeling ${i % 7}";${i % 10 === 0 ? 'en' : 'nb'}`)];
  const csv = Buffer.from(rows.join('\r\n') + '\r\n');
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    count = parseRecipients(csv, 'recipients.csv').recipients.length;
    times.push(performance.now() - t);
  }
  console.log(`  ${count} recipients (${(csv.length / 1024).toFixed(0)} KiB of CSV) read: first ${times[0]!.toFixed(0)} ms, then median ${median(times.slice(1)).toFixed(0)} ms`);
  const { loadMailSettings } = await import('../mail/settings.js');
  const { planMailing, toMime } = await import('../mail/compose.js');
  // A PDF of the reference issue's size: what composing costs is its base64 encoding.
  const built = { meta: { name: '2025-4', number: 4, year: 2025, period: 'oktober–desember 2025', date: '10. desember 2025' }, outline: [{ title: 'Aktuelle norske tiltak', page: 7, children: [] }], fileName: '2025-4.pdf', bytes: Buffer.alloc(ref.kib * 1024, 7) };
  const settings = loadMailSettings(join(toolRoot, 'layouts', 'mail.yaml'));
  const list = parseRecipients(csv, 'recipients.csv').recipients.slice(0, 100);
  const t = performance.now();
  const mailing = planMailing(built, list, settings);
  let bytes = 0;
  for (const m of mailing.messages) bytes += (await toMime(m, built, settings, new Date())).length;
  const ms = performance.now() - t;
  console.log(`  ${mailing.messages.length} messages with a ${ref.kib} KiB PDF composed in ${ms.toFixed(0)} ms (${(ms / mailing.messages.length).toFixed(1)} ms each, ${(bytes / mailing.messages.length / 1024).toFixed(0)} KiB each)`);
}
