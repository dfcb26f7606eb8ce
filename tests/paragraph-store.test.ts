// The shipped CLI keeps an issue's set paragraphs, compressed streams and font subsets on disk from one build
// (a fresh process) to the next: only what changed is made again, and the PDF is the one a build
// without them makes.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../src/build.js';
import { copyToolFolders, kom, oneSectionIssue, project, referenceProject, repo } from './helpers/project.js';

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
function shippedBuild(p: { root: string; issue: string }, out: string, layout = kom): { set: number; kept: number; sections: { set: number; kept: number }; pdf: Buffer } {
  const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', out, '--layout', layout, '--report'], { encoding: 'utf8', cwd: p.root });
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(readFileSync(out.replace(/\.pdf$/, '.report.json'), 'utf8')) as { paragraphs: { set: number; kept: number }; sections: { set: number; kept: number } };
  return { ...report.paragraphs, sections: report.sections, pdf: readFileSync(out) };
}

/**
 * Builds twice with the shipped CLI, then once more with the kept file `bin` cut to `cut` bytes:
 * the file is written by the first build, not again by the unchanged second, a damaged one is
 * ignored, and the PDF is the same each time. Returns the first build.
 */
function expectKeptOnce(p: { root: string; issue: string }, bin: string, cut: number, layout = kom) {
  const first = shippedBuild(p, join(p.root, 'out', 'first.pdf'), layout);
  const written = statSync(bin).mtimeMs;
  const second = shippedBuild(p, join(p.root, 'out', 'second.pdf'), layout);
  expect(second.pdf.equals(first.pdf)).toBe(true);
  expect(statSync(bin).mtimeMs).toBe(written);
  writeFileSync(bin, readFileSync(bin).subarray(0, cut));
  expect(shippedBuild(p, join(p.root, 'out', 'damaged.pdf'), layout).pdf.equals(first.pdf)).toBe(true);
  return first;
}

describe('set paragraphs kept between builds', () => {
  it('are set once, kept by the next build, and set again only where the text changed, with the PDF of a build that kept none', async () => {
    const p = project({ 'issues/x/issue.yaml': issueWith('Rapporten ble lansert på et seminar i november.') });
    const first = shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    expect(first.set).toBeGreaterThan(3);
    expect(first.kept).toBe(0);
    expect(first.sections).toEqual({ set: 1, kept: 0 });
    expect(readdirSync(join(p.root, '.cache', 'paragraphs'))).toEqual(['x.bin']);
    expect(readdirSync(join(p.root, '.cache', 'sections'))).toEqual(['x.bin']);
    expect(readdirSync(join(p.root, '.cache', 'render'))).toEqual(['x-screen.bin']);
    const stamp = () => ['paragraphs/x.bin', 'sections/x.bin', 'render/x-screen.bin'].map((f) => statSync(join(p.root, '.cache', f)).mtimeMs);
    const written = stamp();

    // The section is found whole: it asks for none of its paragraphs.
    const second = shippedBuild(p, join(p.root, 'out', 'second.pdf'));
    expect(second).toMatchObject({ set: 0, sections: { set: 0, kept: 1 } });
    expect(second.pdf.equals(first.pdf)).toBe(true);
    // Nothing new to keep: the section, every stream and font subset were found, so no file is written again.
    expect(stamp()).toEqual(written);

    writeFileSync(join(p.issue, 'issue.yaml'), issueWith('Rapporten ble lansert på et godt besøkt seminar i Oslo i november.'));
    const edited = shippedBuild(p, join(p.root, 'out', 'edited.pdf'));
    expect(edited).toMatchObject({ set: 1, kept: first.set - 1, sections: { set: 1, kept: 0 } });
    // The sources keep nothing between builds: their PDF is the edited issue set from scratch.
    await buildIssue(p.issue, { out: join(p.root, 'out', 'sources.pdf'), layout: kom });
    expect(edited.pdf.equals(readFileSync(join(p.root, 'out', 'sources.pdf')))).toBe(true);
  }, 120_000);

  it('give the reference issue after an edit that moves later pages the PDF the sources make of it', async () => {
    const p = referenceProject('nyhetsbrev-kept-');
    const first = shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    expect(first.sections.kept).toBe(0);
    // A long sentence more in the convention's paragraph (the first section): its pages grow,
    // every later section starts elsewhere, and the pages cross-references show may move.
    const file = join(p.issue, 'issue.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('konvensjon mot menneskehandel');
    expect(at).toBeGreaterThan(0);
    writeFileSync(file, text.slice(0, at) + 'konvensjon mot menneskehandel, som Norge sluttet seg til i 2008 og som Europarådets ekspertgruppe GRETA følger opp i jevnlige evalueringer av hvert land, ' + text.slice(at + 'konvensjon mot menneskehandel'.length));
    const edited = shippedBuild(p, join(p.root, 'out', 'edited.pdf'));
    // Only the edited section is laid out again: the later ones are the same, a page further on.
    expect(edited.sections).toEqual({ set: 1, kept: first.sections.set - 1 });
    expect(edited.set).toBeLessThan(5);
    await buildIssue(p.issue, { out: join(p.root, 'out', 'sources.pdf'), layout: join(p.root, 'layouts', 'kom.yaml') });
    expect(edited.pdf.equals(readFileSync(join(p.root, 'out', 'sources.pdf')))).toBe(true);
  }, 180_000);

  it('are kept for a section whose lines moved in the file and whose pages moved on, its warnings naming its lines as they are now', () => {
    // The second section's word is wider than the column: its warning names the word's line.
    const issue = (extra: string) => `number: 1
year: 2026
period: januar–mars 2026
date: 2026-04-01
sections:
  - title: Først
    articles:
      - heading: NKVTS
        body:
          - Nasjonalt kunnskapssenter om vold og traumatisk stress har gitt ut en rapport.
${extra}  - title: Så
    articles:
      - heading: IMDi
        body:
          - Integrerings- og mangfoldsdirektoratet holder årskonferansen sin i Oslo.
          - Nummeret 12345678901234567890123456789012345678901234567890123456789012345678901234567890 er for langt.
`;
    const p = project({ 'issues/x/issue.yaml': issue('') });
    const build = (name: string) => {
      const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', join(p.root, 'out', name), '--layout', kom, '--report'], { encoding: 'utf8', cwd: p.root });
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(p.root, 'out', name.replace(/\.pdf$/, '.report.json')), 'utf8')) as { sections: { set: number; kept: number }; pages: number };
      return { sections: report.sections, pages: report.pages, warnings: r.stderr.split('\n').filter((l) => l.includes('wider than the column')), pdf: readFileSync(join(p.root, 'out', name)) };
    };
    const first = build('first.pdf');
    expect(first.sections).toEqual({ set: 2, kept: 0 });
    expect(first.warnings).toEqual([expect.stringContaining('issues/x/issue.yaml:16:13:')]);

    // Forty paragraphs more in the first section, on lines above the second: it takes more pages.
    const extra = Array.from({ length: 40 }, (_, i) => `          - Avsnitt ${i + 1} om arbeidet mot menneskehandel, med nok ord til å fylle en linje eller to i spalten.\n`).join('');
    writeFileSync(join(p.issue, 'issue.yaml'), issue(extra));
    const edited = build('edited.pdf');
    expect(edited.sections).toEqual({ set: 1, kept: 1 });
    expect(edited.pages).toBeGreaterThan(first.pages);
    expect(edited.warnings).toEqual([expect.stringContaining('issues/x/issue.yaml:56:13:')]);

    // The same PDF and warnings as a build that kept nothing.
    rmSync(join(p.root, '.cache'), { recursive: true, force: true });
    const fresh = build('fresh.pdf');
    expect(fresh.sections).toEqual({ set: 2, kept: 0 });
    expect(edited.warnings).toEqual(fresh.warnings);
    expect(edited.pdf.equals(fresh.pdf)).toBe(true);
  }, 120_000);

  it('are not taken from a damaged file, nor from one another layout made', () => {
    const p = project({ 'issues/x/issue.yaml': issueWith('Rapporten ble lansert på et seminar i november.') });
    const first = shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    for (const part of ['paragraphs', 'sections']) {
      const file = join(p.root, '.cache', part, 'x.bin');
      writeFileSync(file, readFileSync(file).subarray(0, 500));
    }
    const damaged = shippedBuild(p, join(p.root, 'out', 'damaged.pdf'));
    expect(damaged).toMatchObject({ set: first.set, kept: 0, sections: { set: 1, kept: 0 } });
    expect(damaged.pdf.equals(first.pdf)).toBe(true);

    // Another hyphen penalty: the same paragraphs may break elsewhere, so none is kept.
    copyToolFolders(p.root);
    const layout = join(p.root, 'layouts', 'kom.yaml');
    writeFileSync(layout, readFileSync(kom, 'utf8').replace(/hyphenPenalty: \d+/, 'hyphenPenalty: 900'));
    const other = shippedBuild(p, join(p.root, 'out', 'other.pdf'), layout);
    expect({ set: other.set, kept: other.kept }).toEqual({ set: first.set, kept: 0 });
  }, 120_000);
});

describe('the checked layout file kept between builds', () => {
  const layoutBin = (root: string) => join(root, '.cache', 'layout', 'kom.bin');

  it('is kept once, read by the next build without being written again, and the PDF is the same', () => {
    const p = project({ 'issues/x/issue.yaml': issueWith('Rapporten ble lansert på et seminar i november.') });
    copyToolFolders(p.root);
    // Damaged: ignored, the file read and checked again (and kept anew), the same PDF.
    expectKeptOnce(p, layoutBin(p.root), 100, join(p.root, 'layouts', 'kom.yaml'));
    expect(statSync(layoutBin(p.root)).size).toBeGreaterThan(100);
  }, 120_000);

  it('is not taken for a layout file with other bytes, and a font gone since is said with its line', async () => {
    const p = project({ 'issues/x/issue.yaml': issueWith('Rapporten ble lansert på et seminar i november.') });
    copyToolFolders(p.root);
    const layout = join(p.root, 'layouts', 'kom.yaml');
    shippedBuild(p, join(p.root, 'out', 'first.pdf'), layout);
    const text = readFileSync(layout, 'utf8');
    const colour = /#[0-9a-fA-F]{6}/.exec(text)![0];
    writeFileSync(layout, text.replace(colour, colour === '#123456' ? '#654321' : '#123456'));
    const changed = shippedBuild(p, join(p.root, 'out', 'changed.pdf'), layout);
    await buildIssue(p.issue, { out: join(p.root, 'out', 'sources.pdf'), layout });
    expect(changed.pdf.equals(readFileSync(join(p.root, 'out', 'sources.pdf')))).toBe(true);

    // The kept entry is for these bytes, but its bold font is gone since: the build fails as
    // the sources' does, at the font's line of the layout file.
    rmSync(join(p.root, 'fonts', 'NotoSans-Bold.ttf'));
    const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', join(p.root, 'out', 'gone.pdf'), '--layout', layout], { encoding: 'utf8', cwd: p.root });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/kom\.yaml:\d+:\d+.*font file .*NotoSans-Bold\.ttf does not exist/s);
  }, 120_000);
});

describe('parsed texts kept between builds', () => {
  const inlinesBin = (root: string) => join(root, '.cache', 'inlines', 'x.bin');
  const withLanguage = (code: string) => issueWith(`Den svenske rapporten [Människohandel i Sverige]{lang=${code}} kom i november.`);

  it('are kept once, not written again by an unchanged build, a damaged file ignored, with the same PDF', () => {
    const p = project({ 'issues/x/issue.yaml': withLanguage('sv') });
    expectKeptOnce(p, inlinesBin(p.root), 200);
  }, 120_000);

  it('with the sections of the issue file as loaded: kept once, not written again by an unchanged build, a damaged file ignored, with the same PDF', () => {
    const p = project({ 'issues/x/issue.yaml': withLanguage('sv') });
    expectKeptOnce(p, join(p.root, '.cache', 'loaded', 'x.bin'), 200);
  }, 120_000);

  it('leave a new text checked: an unknown language code is refused after a build that kept the others', async () => {
    const p = project({ 'issues/x/issue.yaml': withLanguage('sv') });
    shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    writeFileSync(join(p.issue, 'issue.yaml'), withLanguage('qq'));
    const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', join(p.root, 'out', 'bad.pdf')], { encoding: 'utf8', cwd: p.root });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('"qq" is not a language code');
    // Back to a good text: built as the sources build it.
    writeFileSync(join(p.issue, 'issue.yaml'), withLanguage('en'));
    const good = shippedBuild(p, join(p.root, 'out', 'good.pdf'));
    await buildIssue(p.issue, { out: join(p.root, 'out', 'sources.pdf'), layout: kom });
    expect(good.pdf.equals(readFileSync(join(p.root, 'out', 'sources.pdf')))).toBe(true);
  }, 120_000);
  it('give a cross-reference the place it has now: a text moved down the file names its new line when its article is gone', () => {
    const issue = (above: string, target: string) => oneSectionIssue(`      - heading: NKVTS
        body:
${above}          - Se også [IMDi](#imdi) om årskonferansen.
${target}`);
    const imdi = `      - heading: IMDi
        id: imdi
        body:
          - Integrerings- og mangfoldsdirektoratet holder årskonferansen sin i Oslo.
`;
    const p = project({ 'issues/x/issue.yaml': issue('', imdi) });
    shippedBuild(p, join(p.root, 'out', 'first.pdf'));
    // Three paragraphs above the text, and its article gone: the text is the same, on line 13.
    writeFileSync(join(p.issue, 'issue.yaml'), issue('          - Ett.\n          - To.\n          - Tre.\n', ''));
    const r = spawnSync(process.execPath, [cli, 'build', p.issue, '--out', join(p.root, 'out', 'bad.pdf'), '--layout', kom], { encoding: 'utf8', cwd: p.root });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('issues/x/issue.yaml:13:28: cross-reference to "#imdi", but no article has that id');
  }, 120_000);
});

describe('QR matrices kept between builds', () => {
  const qrBin = (root: string) => join(root, '.cache', 'qr', 'x.bin');
  const withCode = (id: string) => issueWith(`Les veilederen.\n          - qr: ${id}`);

  it('are kept once, a damaged file ignored, and a new code made, each with the PDF the sources make', async () => {
    const p = project({ 'issues/x/issue.yaml': withCode('veileder-nb') });
    copyToolFolders(p.root);
    const layout = join(p.root, 'layouts', 'kom.yaml');
    expectKeptOnce(p, qrBin(p.root), 50, layout);

    writeFileSync(join(p.issue, 'issue.yaml'), withCode('[veileder-nb, brosjyre-en]'));
    const added = shippedBuild(p, join(p.root, 'out', 'added.pdf'), layout);
    await buildIssue(p.issue, { out: join(p.root, 'out', 'sources.pdf'), layout });
    expect(added.pdf.equals(readFileSync(join(p.root, 'out', 'sources.pdf')))).toBe(true);
  }, 120_000);
});
