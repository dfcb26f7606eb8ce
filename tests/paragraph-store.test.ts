// The shipped CLI keeps an issue's set paragraphs, compressed streams and font subsets on disk from one build
// (a fresh process) to the next: only what changed is made again, and the PDF is the one a build
// without them makes.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../src/build.js';
import { kom, oneSectionIssue, project, repo } from './helpers/project.js';

const cli = join(repo, 'dist', 'bin', 'nyhetsbrev.js');

function issueWith(second: string): string {
  return oneSectionIssue(`      - heading: NKVTS
        body:
          - Nasjonalt kunnskapssenter om vold og traumatisk stress har gitt ut en rapport om menneskehandel og arbeidslivskriminalitet i Norge.
          - ${second}
      - heading: IMDi
        body:
          - Integrerings- og mangfoldsdirektoratet holder årskonferansen sin i Oslo.
`);
}

/** Builds with the shipped CLI; what the report says of the paragraphs, and the PDF. */
function shippedBuild(p: { root: string; issue: string }, out: string): { set: number; kept: number; pdf: Buffer } {
  const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', out, '--layout', kom, '--report'], { encoding: 'utf8', cwd: p.root });
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(readFileSync(out.replace(/\.pdf$/, '.report.json'), 'utf8')) as { paragraphs: { set: number; kept: number } };
  return { ...report.paragraphs, pdf: readFileSync(out) };
}

describe('set paragraphs kept between builds', () => {
  it('are set once, kept by the next build, and set again only where the text changed, with the PDF of a build that kept none', async () => {
    const p = project({ 'issues/x/issue.yaml': issueWith('Rapporten ble lansert på et seminar i november.') });
    const first = shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    expect(first.set).toBeGreaterThan(3);
    expect(first.kept).toBe(0);
    expect(readdirSync(join(p.root, '.cache', 'paragraphs'))).toEqual(['x.bin']);
    expect(readdirSync(join(p.root, '.cache', 'render'))).toEqual(['x-screen.bin']);
    const stamp = () => ['paragraphs/x.bin', 'render/x-screen.bin'].map((f) => statSync(join(p.root, '.cache', f)).mtimeMs);
    const written = stamp();

    const second = shippedBuild(p, join(p.root, 'out', 'second.pdf'));
    expect(second).toMatchObject({ set: 0, kept: first.set });
    expect(second.pdf.equals(first.pdf)).toBe(true);
    // Nothing new to keep: every paragraph, stream and font subset was found, so neither file is written again.
    expect(stamp()).toEqual(written);

    writeFileSync(join(p.issue, 'issue.yaml'), issueWith('Rapporten ble lansert på et godt besøkt seminar i Oslo i november.'));
    const edited = shippedBuild(p, join(p.root, 'out', 'edited.pdf'));
    expect(edited).toMatchObject({ set: 1, kept: first.set - 1 });
    // The sources keep nothing between builds: their PDF is the edited issue set from scratch.
    await buildIssue(p.issue, { out: join(p.root, 'out', 'sources.pdf'), layout: kom });
    expect(edited.pdf.equals(readFileSync(join(p.root, 'out', 'sources.pdf')))).toBe(true);
  }, 120_000);

  it('are not taken from a damaged file, nor from one another layout made', () => {
    const p = project({ 'issues/x/issue.yaml': issueWith('Rapporten ble lansert på et seminar i november.') });
    const first = shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    const file = join(p.root, '.cache', 'paragraphs', 'x.bin');

    writeFileSync(file, readFileSync(file).subarray(0, 500));
    const damaged = shippedBuild(p, join(p.root, 'out', 'damaged.pdf'));
    expect(damaged).toMatchObject({ set: first.set, kept: 0 });
    expect(damaged.pdf.equals(first.pdf)).toBe(true);

    // Another hyphen penalty: the same paragraphs may break elsewhere, so none is kept.
    for (const part of ['layouts', 'assets', 'fonts']) cpSync(join(repo, part), join(p.root, part), { recursive: true });
    const other = join(p.root, 'layouts', 'kom.yaml');
    writeFileSync(other, readFileSync(kom, 'utf8').replace(/hyphenPenalty: \d+/, 'hyphenPenalty: 900'));
    const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', join(p.root, 'out', 'other.pdf'), '--layout', other, '--report'], { encoding: 'utf8', cwd: p.root });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(p.root, 'out', 'other.report.json'), 'utf8')) as { paragraphs: { set: number; kept: number } };
    expect(report.paragraphs).toEqual({ set: first.set, kept: 0 });
  }, 120_000);
});
