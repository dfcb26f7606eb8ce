// Every kind of mistake a user can make in an issue gets file:line:column, what was found and
// what was expected, a non-zero exit, and no PDF.
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, textTooLong } from '../../src/issue/load.js';
import { build, pngBytes, project, validIssue } from '../helpers/project.js';

async function fails(files: Record<string, string | Buffer>) {
  const p = project(files);
  const r = await build(p);
  expect(r.code).toBe(1);
  expect(existsSync(p.out)).toBe(false);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  return { ...r, ...p };
}

const withBody = (body: string) => validIssue.replace('          - Tekst med [lenke](https://www.nkvts.no/).\n', body);

describe('bad input', () => {
  it('builds the valid fixture (so the failures below are caused by the one change each makes)', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const r = await build(p);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(p.out)).toBe(true);
  });

  it('malformed YAML', async () => {
    const r = await fails({ 'issues/x/issue.yaml': validIssue.replace('period: januar–mars 2026', 'period: [januar') });
    expect(r.err).toMatch(/issues\/x\/issue\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('wrong type', async () => {
    const r = await fails({ 'issues/x/issue.yaml': validIssue.replace('year: 2026', 'year: tjuetjueseks') });
    expect(r.err).toContain('issue.yaml:2:7: found the text "tjuetjueseks", expected a number');
  });

  it('missing required field', async () => {
    const r = await fails({ 'issues/x/issue.yaml': validIssue.replace('period: januar–mars 2026\n', '') });
    expect(r.err).toContain('issue.yaml:1:1: missing "period": expected text');
  });

  it('unknown key, with a suggestion', async () => {
    const r = await fails({ 'issues/x/issue.yaml': validIssue.replace('- heading: NKVTS', '- heding: NKVTS') });
    expect(r.err).toContain('issue.yaml:8:9: unknown key "heding" (did you mean "heading"?)');
    expect(r.err).toContain('missing "heading"');
  });

  it('reports all problems of a file at once', async () => {
    const text = validIssue.replace('year: 2026', 'year: x').replace('- heading: NKVTS', '- heding: NKVTS').replace('number: 1', 'number: -3');
    const r = await fails({ 'issues/x/issue.yaml': text });
    expect(r.err.split('\n').filter((l) => l.includes('issue.yaml:')).length).toBeGreaterThanOrEqual(4);
    expect(r.err).toMatch(/4 problems found; no PDF was written/);
  });

  it('reports shape mistakes together with picture and link mistakes', async () => {
    const text = withBody('          - Se [her](www.nkvts.no).\n          - picture: pictures/finnes-ikke.png\n            alt: Rapport\n').replace('- heading: NKVTS', '- heding: NKVTS');
    const r = await fails({ 'issues/x/issue.yaml': text });
    expect(r.err).toContain('unknown key "heding"');
    expect(r.err).toContain('link address "www.nkvts.no" is not a complete address');
    expect(r.err).toMatch(/picture file "pictures\/finnes-ikke\.png" does not exist/);
  });

  it('missing picture file', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - picture: pictures/finnes-ikke.png\n            alt: Rapport\n') });
    expect(r.err).toMatch(/issue\.yaml:10:22: picture file "pictures\/finnes-ikke\.png" does not exist/);
  });

  it('a file that is not a picture', async () => {
    const r = await fails({
      'issues/x/issue.yaml': withBody('          - picture: pictures/rapport.png\n            alt: Rapport\n'),
      'issues/x/pictures/rapport.png': 'dette er tekst, ikke et bilde',
    });
    expect(r.err).toMatch(/issue\.yaml:10:22: picture file "issues\/x\/pictures\/rapport\.png" is not a picture: expected a PNG or JPEG file/);
  });

  it('a truncated picture', async () => {
    const png = await pngBytes(300, 200);
    const r = await fails({
      'issues/x/issue.yaml': withBody('          - picture: pictures/rapport.png\n            alt: Rapport\n'),
      'issues/x/pictures/rapport.png': png.subarray(0, Math.floor(png.length / 2)),
    });
    expect(r.err).toMatch(/issue\.yaml:10:22: picture file .*rapport\.png" (is cut short|cannot be read)/);
  });

  it('a picture path that leads outside the project', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - picture: ../../../../etc/passwd\n            alt: Passord\n') });
    expect(r.err).toMatch(/issue\.yaml:10:22: picture path "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" leads outside the project/);
  });

  it('a picture reached through a link that leads outside the project', async () => {
    const p = project({ 'issues/x/issue.yaml': withBody('          - picture: pictures/lenke.png\n            alt: Lenke\n') });
    symlinkSync('/etc/hostname', join(p.issue, 'lenke.png'));
    const { mkdirSync, renameSync } = await import('node:fs');
    mkdirSync(join(p.issue, 'pictures'));
    renameSync(join(p.issue, 'lenke.png'), join(p.issue, 'pictures', 'lenke.png'));
    const r = await build(p);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/leads outside the project through a link/);
  });

  it('an absolute picture path', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - picture: /tmp/bilde.png\n            alt: Bilde\n') });
    expect(r.err).toMatch(/picture path "\/tmp\/bilde\.png" is absolute/);
  });

  it('a link that is not http(s) or mailto', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - Se [her](javascript:alert(1)) og [der](ftp://ftp.example.no/fil).\n') });
    expect(r.err).toContain('issue.yaml:10:22: link address "javascript:alert(1)" uses "javascript:": only https://, http:// and mailto: links are allowed');
    expect(r.err).toMatch(/link address "ftp:\/\/ftp\.example\.no\/fil" uses "ftp:"/);
  });

  it('a link that is not a complete address', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - Se [her](www.nkvts.no).\n') });
    expect(r.err).toContain('link address "www.nkvts.no" is not a complete address: expected it to start with https://, http:// or mailto:');
  });

  it('a cross-reference to an article that does not exist', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - Se [side](#finnes-ikke).\n') });
    expect(r.err).toMatch(/issue\.yaml:10:23: cross-reference to "#finnes-ikke", but no article has that id/);
  });

  it('text that cannot fit anywhere', async () => {
    const heading = Array.from({ length: 300 }, () => 'veldig').join(' ');
    const r = await fails({ 'issues/x/issue.yaml': validIssue.replace('heading: NKVTS', `heading: ${heading}`) });
    expect(r.err).toMatch(/issue\.yaml:8:18: .*taller than a whole column/);
  });

  it('a character the font does not have', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody('          - Et tegn fra en annen verden \u{1F600}.\n') });
    expect(r.err).toContain('issue.yaml:10:13: the character "\u{1F600}" (U+1F600) is not in the font NotoSans');
  });

  it('a character the font does not have in a section title, a standing page\'s title or the period, all at once', async () => {
    const r = await fails({
      'issues/x/issue.yaml': `${validIssue.replace('title: Test', 'title: Aktuelt \u{1F600}').replace('period: januar–mars 2026', 'period: januar–mars 2026 \u272A')}  - standing: tools\n`,
      'assets/standing/tools.yaml': 'title: Verktøy \u2603\narticles:\n  - heading: Veileder\n    body:\n      - Tekst.\n',
    });
    expect(r.err).toContain('issue.yaml:3:9: the character "\u272A" (U+272A) is not in the font NotoSans');
    expect(r.err).toContain('issue.yaml:6:12: the character "\u{1F600}" (U+1F600) is not in the font NotoSans');
    expect(r.err).toContain('assets/standing/tools.yaml:1:8: the character "\u2603" (U+2603) is not in the font NotoSans');
  });

  // 2,400 sentences of 42 characters and the spaces between them: 103,199 characters.
  const tooLong = Array.from({ length: 2400 }, () => 'Menneskehandel er en alvorlig forbrytelse.').join(' ');

  it('a paragraph longer than the longest a paragraph may be', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody(`          - ${tooLong}\n`) });
    expect(r.err).toContain('issue.yaml:10:13: this paragraph is 103199 characters long: expected at most 100000 (split it into several paragraphs)');
    expect(r.err).toMatch(/1 problem found; no PDF was written/);
  });

  it('a list item or a caption longer than a paragraph may be', async () => {
    const r = await fails({
      'issues/x/issue.yaml': withBody(`          - list:\n              - kort\n              - ${tooLong}\n          - picture: pictures/a.png\n            alt: Bilde\n            caption: ${tooLong}\n`),
      'issues/x/pictures/a.png': await pngBytes(),
    });
    expect(r.err).toContain('issue.yaml:12:17: this list item is 103199 characters long: expected at most 100000 (split it into several items)');
    expect(r.err).toContain('issue.yaml:15:22: this caption is 103199 characters long: expected at most 100000 (shorten it)');
  });

  it('a paragraph too long reported with the mistakes in the file\'s shape', async () => {
    const r = await fails({ 'issues/x/issue.yaml': withBody(`          - ${tooLong}\n`).replace('- heading: NKVTS', '- heding: NKVTS') });
    expect(r.err).toContain('unknown key "heding"');
    expect(r.err).toContain('issue.yaml:10:13: this paragraph is 103199 characters long');
  });

  it('counts characters, not the code units of characters outside the BMP', () => {
    expect(MAX_TEXT_LENGTH).toBe(100_000);
    expect(textTooLong('a'.repeat(100_000), 'paragraph')).toBeUndefined();
    expect(textTooLong('a'.repeat(100_001), 'paragraph')).toBe('this paragraph is 100001 characters long: expected at most 100000 (split it into several paragraphs)');
    // 60,000 characters, 120,000 UTF-16 code units.
    expect(textTooLong('\u{1F600}'.repeat(60_000), 'paragraph')).toBeUndefined();
  });

  it('a missing issue folder', async () => {
    const p = project({});
    const r = await build(p);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no such issue folder/);
  });
});

describe('bad layout file', () => {
  it('names a missing font file with its place in the layout file', async () => {
    const { readFileSync } = await import('node:fs');
    const { kom } = await import('../helpers/project.js');
    const layout = readFileSync(kom, 'utf8').replace('fonts/NotoSans-Bold.ttf', 'fonts/Finnes-ikke.ttf');
    const p = project({ 'issues/x/issue.yaml': validIssue, 'layouts/kom.yaml': layout });
    const { run } = await import('../helpers/project.js');
    const r = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'kom.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/kom\.yaml:\d+:9: font file .*Finnes-ikke\.ttf does not exist/);
    expect(existsSync(p.out)).toBe(false);
  });
});
