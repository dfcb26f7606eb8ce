// Mistakes that once ended in an internal error, a hang, a silent wrong result or a file left
// behind. Each: a message with its place, exit 1, no stack trace, no PDF, the old PDF intact.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, kom, project, repo, run, validIssue } from '../helpers/project.js';

type Files = Record<string, string | Buffer>;

/** Builds once to have an old PDF, then with the mistake; checks everything a failure must do. */
async function fails(files: Files, args: string[] = []) {
  const good = project({ 'issues/x/issue.yaml': validIssue });
  const p = project(files);
  const first = await build({ issue: good.issue, out: p.out });
  expect(first.code).toBe(0);
  const before = readFileSync(p.out);
  const r = await run(['build', p.issue, '--out', p.out, '--layout', kom, ...args]);
  expect(r.code).toBe(1);
  expect(r.err).not.toMatch(/internal error/);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(Buffer.compare(readFileSync(p.out), before)).toBe(0);
  expect(readdirSync(join(p.out, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return { ...r, ...p };
}

const issueWith = (change: (t: string) => string): Files => ({ 'issues/x/issue.yaml': change(validIssue) });
const withBody = (body: string) => issueWith((t) => t.replace('          - Tekst med [lenke](https://www.nkvts.no/).\n', body));

/** A PNG whose header claims a size; its body is a token, but it ends as a PNG must. */
function pngClaiming(width: number, height: number): Buffer {
  const b = Buffer.alloc(33 + 12);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8; // bit depth
  b[25] = 2; // RGB
  b.write('IEND', 33 + 4, 'latin1');
  return b;
}

/** A JPEG whose frame header (SOF0) claims a size. */
function jpegClaiming(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

/** The KOM layout with its fonts named by absolute path, for a project folder that has none. */
const withRepoFonts = () => readFileSync(kom, 'utf8').replace(/: fonts\//g, `: ${join(repo, 'fonts')}/`);

const picture = (file: string) => withBody(`          - picture: ${file}\n            alt: Rapport\n`);

describe('no internal error for a user mistake', () => {
  it('a date that is not on the calendar', async () => {
    for (const [date, col] of [['2025-13-45', 7], ['2026-02-30', 7], ['2026-00-10', 7]] as const) {
      const r = await fails(issueWith((t) => t.replace('date: 2026-04-01', `date: ${date}`)));
      expect(r.err).toContain(`issue.yaml:4:${col}: found "${date}", which is not a day on the calendar: expected a real date written YYYY-MM-DD`);
    }
    // 29 February of a leap year is a day.
    const p = project(issueWith((t) => t.replace('date: 2026-04-01', 'date: 2028-02-29')));
    expect((await build(p)).code).toBe(0);
  });

  it('a picture larger than the limit, from what its header claims, named with what to do', async () => {
    const big = await fails({ ...picture('pictures/stor.png'), 'issues/x/pictures/stor.png': pngClaiming(30000, 30000) });
    expect(big.err).toMatch(/issue\.yaml:10:22: picture file "issues\/x\/pictures\/stor\.png" is 30000 × 30000 pixels \(900 megapixels\): expected at most 60 megapixels — save a smaller copy/);
    const jpeg = await fails({ ...picture('pictures/stor.jpg'), 'issues/x/pictures/stor.jpg': jpegClaiming(20000, 16000) });
    expect(jpeg.err).toMatch(/picture file "issues\/x\/pictures\/stor\.jpg" is 20000 × 16000 pixels \(320 megapixels\)/);
  });

  it('a damaged picture of a kind that is converted, without the picture library\'s own words', async () => {
    const sharp = (await import('sharp')).default;
    const webp = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#336699' }, noise: undefined }).webp({ quality: 90 }).toBuffer();
    const r = await fails({ ...picture('pictures/skadet.webp'), 'issues/x/pictures/skadet.webp': webp.subarray(0, Math.floor(webp.length / 2)) });
    expect(r.err).toMatch(/issue\.yaml:10:22: picture file "issues\/x\/pictures\/skadet\.webp" cannot be read as a picture \((it is cut short|it is damaged, or of a kind that cannot be read)\): expected a PNG or JPEG file — save or export it again/);
    expect(r.err).not.toMatch(/vips|VipsJpeg|webp:|Input buffer/i);
  });

  it('a YAML alias bomb', async () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [*${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}, *${'abcdefghij'[i - 1]}]`);
    const r = await fails({ 'issues/x/issue.yaml': `${lines.join('\n')}\n${validIssue}` });
    // Anchors in an issue are refused as text YAML would drop, before any alias is expanded.
    expect(r.err).toMatch(/issue\.yaml:\d+:\d+: YAML syntax: a value starting with "&[a-i]" is read as a YAML anchor/);
    // The same in a standing page or the layout: every YAML file is read the same way.
    const layout = readFileSync(kom, 'utf8');
    const p = project({ 'issues/x/issue.yaml': validIssue, 'layouts/bomb.yaml': `${lines.join('\n')}\n${layout}` });
    const lr = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'bomb.yaml')]);
    expect(lr.code).toBe(1);
    expect(lr.err).toMatch(/bomb\.yaml:\d+:\d+: YAML syntax: .*anchor/);
  });

  it('a layout font that is not a font', async () => {
    for (const [name, bytes, says] of [['logo.png', pngClaiming(10, 10), 'some other kind of file'], ['tom.ttf', Buffer.alloc(0), 'an empty file'], ['web.woff2', Buffer.from('wOF2xxxxxxxxxxxx'), 'a web font \\(WOFF\\)']] as const) {
      const layout = withRepoFonts().replace(/regular: \/.*NotoSans-Regular\.ttf/, `regular: fonts/${name}`);
      const p = project({ 'issues/x/issue.yaml': validIssue, 'layouts/kom.yaml': layout, [`fonts/${name}`]: bytes });
      const r = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'kom.yaml')]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`fonts/${name.replace('.', '\\.')}: ${says}, not a font: expected a TrueType \\(\\.ttf\\) or OpenType \\(\\.otf\\) font file`));
      expect(r.err).not.toMatch(/internal error|\n\s+at /);
      expect(existsSync(p.out)).toBe(false);
    }
    const damaged = Buffer.concat([Buffer.from([0, 1, 0, 0]), Buffer.alloc(200, 7)]);
    const p = project({ 'issues/x/issue.yaml': validIssue, 'layouts/kom.yaml': withRepoFonts().replace(/regular: \/.*NotoSans-Regular\.ttf/, 'regular: fonts/skadet.ttf'), 'fonts/skadet.ttf': damaged });
    const r = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'kom.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/fonts\/skadet\.ttf: cannot be read as a font \(.*\): expected an undamaged TrueType/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });

  it('a layout template with a syntax error or a name it does not have, at its key', async () => {
    const layout = readFileSync(kom, 'utf8');
    const broken = layout.replace('issueLine: "Nr. {{number}} – {{year}}"', 'issueLine: "Nr. {{number – {{year}}"').replace('continuation: "{{heading}} forts."', 'continuation: "{{overskrift}} forts."');
    const p = project({ 'issues/x/issue.yaml': validIssue, 'layouts/feil.yaml': broken });
    const r = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'feil.yaml')]);
    expect(r.code).toBe(1);
    const line = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(r.err).toMatch(new RegExp(`feil\\.yaml:${line('issueLine:')}:\\d+: the template cannot be read near "Nr\\. \\{\\{number – \\{\\{year\\}\\}": a "\\{\\{" is not closed by "\\}\\}"`));
    expect(r.err).toMatch(new RegExp(`feil\\.yaml:${line('continuation:')}:\\d+: the template uses "\\{\\{overskrift\\}\\}", which it does not have: expected \\{\\{heading\\}\\}`));
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('--out that cannot be written', () => {
  it('through a file, at a folder, through a dangling link, under /proc: a message each, at once, nothing left', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue, 'fil.txt': 'tekst' });
    mkdirSync(join(p.root, 'mappe'));
    symlinkSync(join(p.root, 'finnes-ikke'), join(p.root, 'lenke'));
    symlinkSync(join(p.root, 'fil.txt'), join(p.root, 'peker.pdf'));
    const cases: [string, RegExp][] = [
      [join(p.root, 'fil.txt', 'x.pdf'), /fil\.txt is a file, not a folder/],
      [join(p.root, 'mappe'), /mappe is a folder: expected the name of a file to write/],
      [join(p.root, 'lenke', 'x.pdf'), /lenke is a link to something that does not exist/],
      ['/proc/nyhetsbrev-test/x.pdf', /the folder \/proc\/nyhetsbrev-test cannot be made here/],
      ['/proc/self/x.pdf', /\/proc\/self\/x\.pdf cannot be written/],
      // Renaming over it would replace the link (or a device) itself.
      [join(p.root, 'peker.pdf'), /peker\.pdf is a link, and is not replaced/],
    ];
    for (const [out, message] of cases) {
      const started = Date.now();
      const r = await run(['build', p.issue, '--out', out, '--layout', kom]);
      expect(Date.now() - started).toBeLessThan(30_000); // a hang guard, not a speed test
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/cannot write the output there: .*expected a file name in a folder you can write to/);
      expect(r.err).not.toMatch(/internal error|\n\s+at /);
    }
    expect(readdirSync(join(p.root, 'mappe'))).toEqual([]);
    expect(readFileSync(join(p.root, 'fil.txt'), 'utf8')).toBe('tekst');
    expect(existsSync('/proc/nyhetsbrev-test')).toBe(false);
  });
});

describe('no silent success', () => {
  it('a link whose address has a space, or that is not closed', async () => {
    const space = await fails(withBody('          - Les rapporten [her](http://exa mple.no/).\n'));
    expect(space.err).toMatch(/issue\.yaml:10:27: link address "http:\/\/exa mple\.no\/" contains a space: expected an address without spaces \(write a space as %20\) \(in "\[her\]\(http:\/\/exa mple\.no\/\)", which would be printed as it stands instead of as a link "her"\)/);
    const open = await fails(withBody('          - Les rapporten [her](https://www.nkvts.no/ og mer.\n'));
    expect(open.err).toMatch(/issue\.yaml:10:\d+: a link is not closed: expected \[words\]\(https:\/\/address\) with a "\)" after the address/);
  });

  it('a file that is not UTF-8, and a replacement character typed into the text', async () => {
    const latin1 = Buffer.from(validIssue.replace('Tekst med', 'Tiltaket gjennomføres med'), 'latin1');
    const r = await fails({ 'issues/x/issue.yaml': latin1 });
    expect(r.err).toMatch(/issue\.yaml:10:30: the file is not saved as UTF-8: the byte here is not a letter in UTF-8 \(saved as Windows-1252 or Latin-1, it would be "ø"\): expected UTF-8/);
    const fffd = await fails(issueWith((t) => t.replace('Tekst med', 'Tiltaket gjennomf\uFFFDres med')));
    expect(fffd.err).toMatch(/issue\.yaml:10:30: a replacement character "\uFFFD" stands here: a letter was lost/);
    // A standing page or the layout that is not UTF-8 is reported the same way.
    const layout = Buffer.from(readFileSync(kom, 'utf8').replace('name: KOM A4 portrett', 'name: KOM A4 stående (ø)'), 'latin1');
    const p = project({ 'issues/x/issue.yaml': validIssue, 'layouts/latin1.yaml': layout });
    const lr = await run(['build', p.issue, '--out', p.out, '--layout', join(p.root, 'layouts', 'latin1.yaml')]);
    expect(lr.code).toBe(1);
    expect(lr.err).toMatch(/latin1\.yaml:\d+:\d+: the file is not saved as UTF-8/);
  });
});

describe('nothing left behind', () => {
  it('removes the temporary files of a build that was killed, once their process is gone', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    // A process id that was in use and is now free.
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    const out = join(p.root, 'out');
    const cache = join(p.root, '.cache', 'pictures');
    mkdirSync(out, { recursive: true });
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(out, `.x.pdf.${dead}.tmp`), 'halv PDF');
    writeFileSync(join(cache, `abc123.png.${dead}.tmp`), 'halvt bilde');
    // One of a live process (this test's parent) is left alone: that build is still running.
    writeFileSync(join(out, `.x.pdf.${process.ppid}.tmp`), 'pågår');
    const r = await build(p);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([`.x.pdf.${process.ppid}.tmp`, 'x.pdf']);
    expect(readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
