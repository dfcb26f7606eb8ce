// The same inputs give the same bytes: builds twice, from a cold and a warm picture cache, and
// the shipped CLI (the esbuild bundle in dist/bin/) as the sources run by the tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildIssue, freshCaches } from '../../src/build.js';
import type { ProfileName } from '../../src/render/profile.js';
import { referenceProject, repo } from '../helpers/project.js';

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
      expect(r.stdout).toMatch(/^Wrote shipped-\w+\.pdf: \d+ pages/m);
      await buildIssue(issue, { out: join(dir, `sources-${profile}.pdf`), profile });
      expect(readFileSync(shipped).equals(readFileSync(join(dir, `sources-${profile}.pdf`)))).toBe(true);
    }
  }, 180_000);

  it('give the same bytes with palette PNG logos that have transparency (soft masks numbered in drawing order)', async () => {
    const { root: dir, issue } = referenceProject('nyhetsbrev-repro-logos-');
    const logos = readdirSync(join(issue, 'pictures')).filter((n) => n.startsWith('logo-'));
    expect(logos.length).toBeGreaterThan(3);
    for (const [i, name] of logos.entries()) {
      // The first drawn the slowest to decode; a see-through ground and a half-transparent mark.
      const [w, h] = i === 0 ? [1600, 700] : [480, 200];
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect x="${8 * i}" y="8" width="${w / 2}" height="${h / 2}" fill="#2${i}3366"/><circle cx="${w / 2}" cy="${h / 2}" r="${h / 3}" fill="#cc3300" fill-opacity="0.5"/></svg>`;
      const png = await sharp(Buffer.from(svg)).png({ palette: true, colours: 16 }).toBuffer();
      expect(png.includes(Buffer.from('tRNS'))).toBe(true);
      writeFileSync(join(issue, 'pictures', name), png);
    }
    const builds: Buffer[] = [];
    for (const name of ['a', 'b']) {
      await buildIssue(issue, { out: join(dir, `${name}.pdf`), cacheDir: false });
      builds.push(readFileSync(join(dir, `${name}.pdf`)));
    }
    expect(builds[0]!.toString('latin1')).toMatch(/\/SMask \d+ 0 R/);
    expect(builds[0]!.equals(builds[1]!)).toBe(true);
  }, 120_000);

  it('give after a text edit from warm caches (set paragraphs, compressed streams) the bytes a fresh build gives', async () => {
    const { root: dir, issue } = referenceProject('nyhetsbrev-repro-edit-');
    const file = join(issue, 'issue.yaml');
    const original = readFileSync(file, 'utf8');
    const caches = freshCaches();
    await buildIssue(issue, { out: join(dir, 'first.pdf') }, caches);
    expect(caches.deflated.size).toBeGreaterThan(20);
    // A longer word in a paragraph: its lines change, and the pages after it may.
    const at = original.indexOf('menneskehandel');
    expect(at).toBeGreaterThan(0);
    writeFileSync(file, original.slice(0, at) + 'menneskehandelsbekjempelsesarbeid' + original.slice(at + 'menneskehandel'.length));
    await buildIssue(issue, { out: join(dir, 'warm.pdf') }, caches);
    await buildIssue(issue, { out: join(dir, 'fresh.pdf') });
    const warm = readFileSync(join(dir, 'warm.pdf'));
    expect(warm.equals(readFileSync(join(dir, 'first.pdf')))).toBe(false);
    expect(warm.equals(readFileSync(join(dir, 'fresh.pdf')))).toBe(true);
  }, 120_000);
  it('give after an edit of the layout file, from warm caches (as watch rebuilds), the bytes a fresh build gives', async () => {
    const { root: dir, issue } = referenceProject('nyhetsbrev-repro-layout-');
    const layout = join(dir, 'layouts', 'kom.yaml');
    const original = readFileSync(layout, 'utf8');
    const caches = freshCaches();
    await buildIssue(issue, { out: join(dir, 'first.pdf') }, caches);
    // Larger headings and body text: every heading and paragraph is set again, none taken as
    // it was set or flowed for the layout before.
    for (const [from, to] of [['heading: { size: 13,', 'heading: { size: 14,'], ['body: { size: 11,', 'body: { size: 10.5,']] as const) {
      expect(original).toContain(from);
      writeFileSync(layout, readFileSync(layout, 'utf8').replace(from, to));
      await buildIssue(issue, { out: join(dir, 'warm.pdf') }, caches);
      await buildIssue(issue, { out: join(dir, 'fresh.pdf') });
      const warm = readFileSync(join(dir, 'warm.pdf'));
      expect(warm.equals(readFileSync(join(dir, 'first.pdf'))), from).toBe(false);
      expect(warm.equals(readFileSync(join(dir, 'fresh.pdf'))), from).toBe(true);
    }
  }, 120_000);

  it('give after edits in one section, from kept sections, the bytes a fresh build of the edited issue gives', async () => {
    const { root: dir, issue } = referenceProject('nyhetsbrev-repro-sections-');
    const file = join(issue, 'issue.yaml');
    const original = readFileSync(file, 'utf8');
    const caches = freshCaches();
    const first = await buildIssue(issue, { out: join(dir, 'first.pdf') }, caches);
    expect(caches.sections.size).toBe(first.issue.sections.length);
    // The sections with cross-references were laid out twice; the first pass is kept without
    // the pages' contents, which it never draws (the edits below then build from it).
    const firstPass = [...caches.sections.used().values()].flat().filter((v) => v.firstPass);
    expect(firstPass.length).toBeGreaterThan(0);
    for (const v of firstPass) {
      expect(v.asked.length).toBeGreaterThan(0);
      expect(v.laid.pages.every((p) => p.ops.length === 0)).toBe(true);
    }
    const replace = (text: string, from: string, to: string) => {
      const at = text.indexOf(from);
      expect(at).toBeGreaterThan(0);
      return text.slice(0, at) + to + text.slice(at + from.length);
    };
    const edits = [
      // One word in the last section's body (its lines change, and with them its pages): the sections before it are kept as they were.
      replace(original, 'er gratis.', 'er helt gratis.'),
      // A paragraph more in the first section: every later page number moves, and with them the
      // cross-references' numbers and the sections' first pages.
      replace(original, '          - >-\n            Se strategien her:', '          - >-\n            ' + 'Et nytt avsnitt med nok ord til å fylle en god del av en spalte. '.repeat(40) + '\n          - >-\n            Se strategien her:'),
      // The same in a later section, before the article an earlier section refers to (se side
      // …): that earlier section is the same, but its cross-reference's page number is not.
      replace(original, '            se [her](https://icat.un.org/', '            ' + 'Et nytt avsnitt med nok ord til å fylle en god del av en spalte. '.repeat(100) + '\n            se [her](https://icat.un.org/'),
      original,
    ];
    for (const [k, text] of edits.entries()) {
      writeFileSync(file, text);
      const built = await buildIssue(issue, { out: join(dir, `warm${k}.pdf`) }, caches);
      expect(built.pages, `edit ${k}`).toBe(first.pages + [0, 1, 2, 0][k]!);
      await buildIssue(issue, { out: join(dir, `fresh${k}.pdf`) });
      const warm = readFileSync(join(dir, `warm${k}.pdf`));
      expect(warm.equals(readFileSync(join(dir, `fresh${k}.pdf`))), `edit ${k}`).toBe(true);
      expect(warm.equals(readFileSync(join(dir, 'first.pdf'))), `edit ${k}`).toBe(k === 3);
    }
  }, 240_000);
});
