// The shipped CLI's bundle (scripts/bundle.mjs) leaves out what a build does not use, and its
// launcher runs it from V8's code cache, or without it when the cache is refused.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LARGE_ISSUE_ARTICLES } from '../src/io/heap.js';
import { oneSectionIssue, repo } from './helpers/project.js';

const bin = join(repo, 'dist', 'bin');
const chunks = () => readdirSync(bin).filter((f) => /\.c?js$/.test(f)).map((f) => readFileSync(join(bin, f), 'utf8'));

/** What the launcher in `folder` says of its code cache when a fresh process imports it. */
function cacheState(folder: string): string {
  const launcher = join(folder, 'nyhetsbrev.js');
  const r = spawnSync(process.execPath, ['--input-type=module', '--eval', `import(${JSON.stringify(launcher)}).then((m) => console.log(m.codeCache))`], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('the bundle', () => {
  it('carries no brotli decoder (fontkit loads it for a WOFF2 font only), and the stand-in finds the real one', () => {
    const all = chunks();
    expect(all.some((c) => c.includes('lazyBrotliDecompress'))).toBe(true);
    expect(all.some((c) => c.includes('node_modules/brotli/'))).toBe(false);
    // What the stand-in does on first use, from where the bundle lies.
    const decompress = createRequire(createRequire(join(bin, 'nyhetsbrev.js')).resolve('fontkit'))('brotli/decompress.js') as (b: Buffer, n: number) => Uint8Array;
    const text = 'Nyhetsbrev fra KOM';
    expect(Buffer.from(decompress(brotliCompressSync(Buffer.from(text)), text.length)).toString()).toBe(text);
  });

  it('carries of qrcode only its symbol maker, not the PNG renderer and pngjs', () => {
    const all = chunks();
    expect(all.some((c) => c.includes('node_modules/qrcode/lib/core/qrcode.js'))).toBe(true);
    expect(all.some((c) => c.includes('node_modules/pngjs/') || c.includes('node_modules/qrcode/lib/renderer/'))).toBe(false);
  });
});

describe('the launcher', () => {
  const cacheOf = (folder: string) => readdirSync(folder).find((f) => f.endsWith('.cache'));

  it('finds the code cache the bundle made, named by the program it belongs to', () => {
    const cache = cacheOf(bin);
    const program = readdirSync(bin).find((f) => f.endsWith('.cjs'));
    expect(cache).toBeDefined();
    expect(cache!.replace(/\.cache$/, '')).toBe(program!.replace(/\.cjs$/, ''));
    expect(cacheState(bin)).toBe('accepted');
  });

  it('builds the same PDF with a damaged cache, and writes a good one in its place', () => {
    // A copy of dist/bin beside it, so that the program finds the tool's folders as the real one does.
    const copy = join(repo, 'dist', `bin-test-${process.pid}`);
    const out = mkdtempSync(join(tmpdir(), 'nyhetsbrev-launcher-'));
    try {
      cpSync(bin, copy, { recursive: true });
      const cache = join(copy, cacheOf(copy)!);
      writeFileSync(cache, Buffer.alloc(statSync(cache).size, 7));
      expect(cacheState(copy)).toBe('rejected');
      // A command other than build leaves the damaged cache for a build to replace.
      const help = spawnSync(process.execPath, [join(copy, 'nyhetsbrev.js'), '--help'], { encoding: 'utf8' });
      expect(help.status).toBe(0);
      expect(cacheState(copy)).toBe('rejected');
      const issue = join(repo, 'tests', 'fixtures', 'languages');
      const damaged = spawnSync(process.execPath, [join(copy, 'nyhetsbrev.js'), 'build', issue, '--out', join(out, 'a.pdf')], { encoding: 'utf8' });
      expect(damaged.stderr).not.toMatch(/error/i);
      expect(damaged.status).toBe(0);
      const shipped = spawnSync(process.execPath, [join(bin, 'nyhetsbrev.js'), 'build', issue, '--out', join(out, 'b.pdf')], { encoding: 'utf8' });
      expect(shipped.status).toBe(0);
      expect(readFileSync(join(out, 'a.pdf')).equals(readFileSync(join(out, 'b.pdf')))).toBe(true);
      expect(cacheState(copy)).toBe('accepted');
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('writes a cache the next process accepts after a build of a large issue, which lets V8 grow its young generation', () => {
    // V8 keeps a code cache only for the flags it was made with; past LARGE_ISSUE_ARTICLES a
    // build changes one (src/io/heap.ts).
    const copy = join(repo, 'dist', `bin-large-${process.pid}`);
    const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-large-'));
    try {
      cpSync(bin, copy, { recursive: true });
      rmSync(join(copy, cacheOf(copy)!));
      const articles = Array.from({ length: LARGE_ISSUE_ARTICLES + 1 }, (_, i) => `      - heading: Melding ${i + 1}\n        body:\n          - Kort tekst.\n`);
      mkdirSync(join(dir, 'issues', 'stor'), { recursive: true });
      writeFileSync(join(dir, 'issues', 'stor', 'issue.yaml'), oneSectionIssue(articles.join('')));
      const r = spawnSync(process.execPath, [join(copy, 'nyhetsbrev.js'), 'build', join(dir, 'issues', 'stor'), '--out', join(dir, 'stor.pdf')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(cacheOf(copy)).toBeDefined();
      expect(cacheState(copy)).toBe('accepted');
    } finally {
      rmSync(copy, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
