// Mistakes around QR codes in an issue, its publication list and the layout: file:line:column,
// what was found and expected, exit status 1, no PDF.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, kom, project, run, validIssue } from '../helpers/project.js';
import { publications } from '../helpers/publications.js';


const withBody = (body: string) => validIssue.replace('          - Tekst med [lenke](https://www.nkvts.no/).\n', body);
const qrIssue = (qr: string) => withBody(`          - Tekst.\n          - qr: ${qr}\n`);

async function fails(files: Record<string, string>, layout = kom) {
  const p = project(files);
  const r = await run(['build', p.issue, '--out', p.out, '--layout', layout.startsWith('/') ? layout : join(p.root, layout)]);
  expect(r.code, r.err).toBe(1);
  expect(existsSync(p.out)).toBe(false);
  expect(r.err).not.toMatch(/\n\s+at /);
  return r;
}

describe('QR codes in an issue', () => {
  it('builds an issue with a code (so each failure below is caused by its one change)', async () => {
    const p = project({ 'issues/x/issue.yaml': qrIssue('veileder-nb'), 'assets/publications.yaml': publications });
    const r = await build(p);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('an unknown publication id: its place, a suggestion and the ids the list has', async () => {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('veileder'), 'assets/publications.yaml': publications });
    expect(r.err).toContain('issues/x/issue.yaml:11:17: unknown publication "veileder" (did you mean "veileder-nb"?): expected one of the ids in');
    expect(r.err).toMatch(/assets\/publications\.yaml: veileder-nb, veileder-en/);
  });

  it('an unknown id in a row of codes is found at its own place', async () => {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('[veileder-nb, brosjyre-nb]'), 'assets/publications.yaml': publications });
    expect(r.err).toMatch(/issue\.yaml:11:31: unknown publication "brosjyre-nb"/);
  });

  it('a code with no publication list in the project', async () => {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('veileder-nb') });
    expect(r.err).toMatch(/issue\.yaml:11:17: a QR code names publication "veileder-nb", but there is no publication list: expected the file .*assets\/publications\.yaml/);
  });

  it('an empty row of codes', async () => {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('[]'), 'assets/publications.yaml': publications });
    expect(r.err).toMatch(/issue\.yaml:11:17: .*expected at least one publication id/);
  });

  it('more codes side by side than the column holds', async () => {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('[veileder-nb, veileder-en, veileder-nb, veileder-en]'), 'assets/publications.yaml': publications });
    expect(r.err).toMatch(/issue\.yaml:11:17: 4 QR codes side by side need \d+ mm, the column is 84 mm wide/);
  });

  it('an address that is not https, in the publication list the issue reads', async () => {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('veileder-nb'), 'assets/publications.yaml': publications.replace('https://www.politiet.no/globalassets/guide.pdf', 'http://www.politiet.no/guide.pdf') });
    expect(r.err).toContain('assets/publications.yaml:12:10: found the text "http://www.politiet.no/guide.pdf", expected an https:// address: a QR code leads only to an encrypted address');
  });

  it('a code whose modules would be smaller than 0.4 mm at the layout\'s size', async () => {
    const layout = readFileSync(kom, 'utf8').replace('  size: 26 ', '  size: 12 ').replace(/fonts\//g, join(kom, '..', '..', 'fonts') + '/');
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('veileder-nb'), 'assets/publications.yaml': publications, 'layouts/kom.yaml': layout }, 'layouts/kom.yaml');
    expect(r.err).toMatch(/issue\.yaml:11:17: the address of "veileder-nb" needs a QR code of 33 × 33 modules: at 12\.00 mm one module would be 0\.36 mm, below the 0\.40 mm a phone reads reliably; shorten the address \(.*publications\.yaml:2\) or make qr size in kom\.yaml at least 13\.20 mm/);
  });

  it('a layout with error correction L, a quiet zone under 4 modules, or pale codes', async () => {
    const layout = readFileSync(kom, 'utf8')
      .replace('errorCorrection: M', 'errorCorrection: L')
      .replace('quietZone: 4 ', 'quietZone: 2 ');
    const r = await fails({ 'issues/x/issue.yaml': validIssue, 'layouts/kom.yaml': layout }, 'layouts/kom.yaml');
    expect(r.err).toMatch(/kom\.yaml:\d+:20: found the text "L", expected one of: "M", "Q", "H"/);
    expect(r.err).toMatch(/kom\.yaml:\d+:14: found the number 2, expected at least 4: a QR code needs a light margin of four modules/);
    const pale = readFileSync(kom, 'utf8').replace('dark: "#000000"', 'dark: "#aaaaaa"');
    const r2 = await fails({ 'issues/x/issue.yaml': validIssue, 'layouts/kom.yaml': pale }, 'layouts/kom.yaml');
    expect(r2.err).toMatch(/kom\.yaml:\d+:9: QR colours #aaaaaa on #ffffff have a contrast of 2\.\d:1: expected at least 7:1/);
  });
});

describe('the publication list', () => {
  async function listFails(list: string) {
    const r = await fails({ 'issues/x/issue.yaml': qrIssue('veileder-nb'), 'assets/publications.yaml': list });
    return r.err;
  }

  it('two publications with one id', async () => {
    const err = await listFails(publications.replace('id: veileder-en', 'id: veileder-nb'));
    expect(err).toContain('assets/publications.yaml:8:9: two publications have the id "veileder-nb" (the other at line 2): expected a unique "id:" for each');
  });

  it('a short address on another site than the code leads to', async () => {
    const err = await listFails(publications.replace('    card: veileder\n', '    shortUrl: kom.example.no/veileder\n    card: veileder\n'));
    expect(err).toContain('assets/publications.yaml:7:15: short address "kom.example.no/veileder" is on "kom.example.no" but the code leads to "politiet.no"');
  });

  it('two publications of one card in the same language', async () => {
    const err = await listFails(publications.replace('language: en', 'language: nb'));
    expect(err).toContain('assets/publications.yaml:8:9: card "veileder" has two publications in "nb" ("veileder-nb" and "veileder-en")');
  });

  it('a missing key and an unknown one, with a suggestion', async () => {
    const err = await listFails(publications.replace('    description: KOMs veileder.\n', '    descripton: KOMs veileder.\n'));
    expect(err).toContain('assets/publications.yaml:5:5: unknown key "descripton" (did you mean "description"?)');
    expect(err).toMatch(/assets\/publications\.yaml:2:5: missing "description": expected text/);
  });
});
