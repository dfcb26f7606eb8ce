// npm run bench: build timings. Builds the reference issue several times (each in a fresh
// process, as a user runs it) and a synthetic issue ten times its size, and prints figures.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { toolRoot } from '../build.js';

const cli = join(toolRoot, 'dist', 'cli', 'main.js');
const reference = join(toolRoot, 'issues', '2025-4');
const runs = Number(process.env.BENCH_RUNS ?? 7);

interface Run { readonly seconds: number; readonly peakMiB: number; readonly pages: number; readonly kib: number }

function buildOnce(folder: string, out: string): Run {
  const started = process.hrtime.bigint();
  // The CLI's main in a fresh process, which reports its peak memory when done.
  const script = `import(${JSON.stringify(cli)}).then((m) => m.main(${JSON.stringify(['build', folder, '--out', out])})).then((code) => { console.error('maxrss ' + process.resourceUsage().maxRSS); process.exitCode = code; })`;
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

function report(name: string, folder: string, n: number): Run {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf');
  const all = Array.from({ length: n }, () => buildOnce(folder, out));
  const r: Run = {
    seconds: median(all.map((x) => x.seconds)),
    peakMiB: Math.max(...all.map((x) => x.peakMiB)),
    pages: all[0]!.pages,
    kib: all[0]!.kib,
  };
  console.log(
    `${name.padEnd(22)} ${String(r.pages).padStart(4)} pages  median ${r.seconds.toFixed(3)} s over ${n} runs  ` +
      `${(r.pages / r.seconds).toFixed(1)} pages/s  peak ${r.peakMiB.toFixed(0)} MiB  ${r.kib} KiB`,
  );
  return r;
}

/** The reference issue ten times over. */
function tenfold(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-issue-'));
  const folder = join(dir, 'issues', 'x10');
  cpSync(reference, folder, { recursive: true });
  cpSync(join(toolRoot, 'layouts'), join(dir, 'layouts'), { recursive: true });
  cpSync(join(toolRoot, 'assets'), join(dir, 'assets'), { recursive: true });
  cpSync(join(toolRoot, 'fonts'), join(dir, 'fonts'), { recursive: true });
  const issue = parse(readFileSync(join(reference, 'issue.yaml'), 'utf8'));
  // Every section's articles ten times over, ids made unique.
  const sections = issue.sections.map((s: { standing?: string; articles?: unknown[] }, j: number) => {
    if (s.standing) return s;
    const articles = [];
    for (let i = 0; i < 10; i++) {
      const copy = JSON.parse(JSON.stringify(s.articles).replace(/"id":"([a-z0-9-]+)"/g, `"id":"$1-${i}"`).replace(/\(#([a-z0-9-]+)\)/g, `(#$1-${i})`));
      articles.push(...copy.map((a: { id?: string }, k: number) => ({ ...a, id: a.id ?? `x${i}-${j}-${k}` })));
    }
    return { ...s, articles };
  });
  writeFileSync(join(folder, 'issue.yaml'), stringify({ ...issue, sections }));
  return folder;
}

console.log(`node ${process.version}, ${resolve(cli)}`);
const ref = report('reference issue', reference, runs);
const big = report('10× reference issue', tenfold(), Math.max(3, Math.floor(runs / 2)));
console.log(`time per page: reference ${(1000 * ref.seconds / ref.pages).toFixed(1)} ms, 10× ${(1000 * big.seconds / big.pages).toFixed(1)} ms`);
