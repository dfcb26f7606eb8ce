// The same inputs give the same bytes: builds twice, from a cold and a warm picture cache, and
// the shipped CLI (the esbuild bundle in dist/bin/) as the sources run by the tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIssue, freshCaches } from '../../src/build.js';
import type { ProfileName } from '../../src/render/profile.js';
import { repo } from '../helpers/project.js';

async function twice(profile: ProfileName): Promise<[Buffer, Buffer]> {
  const dir = mkdtempSync(join(tmpdir(), `nyhetsbrev-repro-${profile}-`));
  const cacheDir = join(dir, 'cache');
  const issue = join(repo, 'issues', '2025-4');
  await buildIssue(issue, { out: join(dir, 'a.pdf'), profile, cacheDir });
  await buildIssue(issue, { out: join(dir, 'b.pdf'), profile, cacheDir });
  return [readFileSync(join(dir, 'a.pdf')), readFileSync(join(dir, 'b.pdf'))];
}

async function fileId(bytes: Buffer): Promise<string> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
  return doc.getTrailer().get('ID').get(0).toString();
}

describe('reproducible builds', () => {
  it('give byte-identical PDFs for the same issue, in both profiles, and a file ID per content', async () => {
    const [a, b] = await twice('screen');
    expect(a.equals(b)).toBe(true);
    const [c, d] = await twice('print');
    expect(c.equals(d)).toBe(true);
    expect(await fileId(a)).not.toBe(await fileId(c));
    // Dates come from the issue, never from the clock.
    const mupdf = await import('mupdf');
    const info = mupdf.Document.openDocument(a, 'application/pdf').asPDF()!.getTrailer().get('Info');
    expect(info.get('CreationDate').asString()).toBe('D:20260109120000Z');
    expect(info.get('ModDate').asString()).toBe('D:20260109120000Z');
  }, 60_000);

  it('give the same bytes from warm caches (as watch rebuilds) as from fresh ones (as build does)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-repro-warm-'));
    const issue = join(repo, 'issues', '2025-4');
    const cacheDir = join(dir, 'cache');
    await buildIssue(issue, { out: join(dir, 'cold.pdf'), cacheDir });
    const caches = freshCaches();
    await buildIssue(issue, { out: join(dir, 'warm1.pdf'), cacheDir }, caches);
    await buildIssue(issue, { out: join(dir, 'warm2.pdf'), cacheDir }, caches);
    const cold = readFileSync(join(dir, 'cold.pdf'));
    expect(readFileSync(join(dir, 'warm1.pdf')).equals(cold)).toBe(true);
    expect(readFileSync(join(dir, 'warm2.pdf')).equals(cold)).toBe(true);
    expect(caches.pictures.size).toBeGreaterThan(0);
    expect(caches.parsedPictures.size).toBeGreaterThan(0);
  }, 120_000);

  it('come out of the shipped CLI (dist/bin/nyhetsbrev.js) with the same bytes as from the sources, in both profiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nyhetsbrev-repro-bundle-'));
    const issue = join(repo, 'issues', '2025-4');
    for (const profile of ['screen', 'print'] as const) {
      const shipped = join(dir, `shipped-${profile}.pdf`);
      const r = spawnSync(process.execPath, [join(repo, 'dist', 'bin', 'nyhetsbrev.js'), 'build', issue, '--out', shipped, '--profile', profile], { encoding: 'utf8', cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/23 pages/);
      await buildIssue(issue, { out: join(dir, `sources-${profile}.pdf`), profile });
      expect(readFileSync(shipped).equals(readFileSync(join(dir, `sources-${profile}.pdf`)))).toBe(true);
    }
  }, 180_000);
});
