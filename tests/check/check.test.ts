import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { altRepeatsFileName } from '../../src/check/proofread.js';
import { markPlaceholder } from '../../src/issue/placeholder-mark.js';
import { build, kom, oneSectionIssue, pngBytes, project, repo, validIssue } from '../helpers/project.js';

async function check(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', ...args, '--layout', kom], { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const proofIssue = oneSectionIssue(`      - heading: NKVTS
        id: nkvts
        body:
          - "[Skriv teksten her]"
          - Les [rapporten](https://www.nkvts.no/r/) og se [side](#fafo).
          - Eller [her](https://www.nkvts.no/r/).
          - picture: pictures/rapport.png
            alt: rapport.png
          - picture: pictures/plass.png
            alt: Forsiden av rapporten
      - heading: Fafo
        id: fafo
        body:
          - Tekst om Fafo med [rapporten](https://www.nkvts.no/r/).
`);

describe('nyhetsbrev check', () => {
  it('documents every option', async () => {
    const again: string[] = [];
    const r = await main(['check', '--help'], { out: (l) => again.push(l), err: () => undefined });
    expect(r).toBe(0);
    for (const o of ['--online', '--json', '--layout', '--help', 'NYHETSBREV_LINK_TIMEOUT_MS', '.cache/links']) expect(again.join('\n')).toContain(o);
    const top: string[] = [];
    await main(['--help'], { out: (l) => top.push(l), err: () => undefined });
    expect(top.join('\n')).toContain('nyhetsbrev check <issue-folder> [--online] [--json] [--layout FILE]');
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const o of ['nyhetsbrev check <issue-folder> [--online] [--json] [--layout FILE]', '| `check` |', '`--online`', '`--json`', '`--layout FILE`', 'NYHETSBREV_LINK_TIMEOUT_MS', '.cache/links/', '.cache/xrefs/']) expect(readme).toContain(o);
  });

  it('passes a clean issue with status 0 and writes no PDF', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const r = await check([p.issue]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('nyhetsbrev: no errors, no warnings');
    expect(existsSync(join(p.root, 'out'))).toBe(false);
  });

  it('reports what build reports as errors, with status 1', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('heading: NKVTS', 'heding: NKVTS') });
    const r = await check([p.issue]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/issue\.yaml:8:\d+: error: unknown key "heding"/);
    expect(r.out).toMatch(/nyhetsbrev: \d+ errors?, 0 warnings/);
  });

  it('says the date is not filled in yet, in check and in build, as a warning: the issue still builds', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('date: 2026-04-01', 'date: ÅÅÅÅ-MM-DD') });
    const r = await check([p.issue, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.errors).toEqual([]);
    expect(json.warnings).toContainEqual({ file: expect.stringContaining('issue.yaml'), line: 4, column: 7, message: expect.stringMatching(/^the date is not filled in yet: .*write the publication date as YYYY-MM-DD/) });
    const b = await build(p);
    expect(b.code).toBe(0);
    expect(b.err).toMatch(/issue\.yaml:4:7: the date is not filled in yet: /);
    // Other date mistakes keep their messages.
    const q = project({ 'issues/x/issue.yaml': validIssue.replace('date: 2026-04-01', 'date: 2026-02-30') });
    expect((await check([q.issue])).out).toContain('which is not a day on the calendar');
  });

  it('warns about placeholders, coarse pictures, file-name alternative texts and one address with two link texts', async () => {
    const p = project({
      'issues/x/issue.yaml': proofIssue,
      'issues/x/pictures/rapport.png': await pngBytes(100, 60),
      'issues/x/pictures/plass.png': markPlaceholder(await pngBytes(3000, 2000)),
    });
    const r = await check([p.issue]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const at = (re: RegExp) => lines.find((l) => re.test(l));
    expect(at(/placeholder text/)).toMatch(/issue\.yaml:11:13: warning: placeholder text "\[Skriv teksten her\]" in a paragraph of "NKVTS"/);
    expect(at(/still a placeholder/)).toMatch(/issue\.yaml:16:22: warning: picture plass\.png is still a placeholder/);
    expect(at(/ppi/)).toMatch(/issue\.yaml:14:22: warning: picture rapport\.png has \d+ ppi at its placed size \(\d+ mm wide\): print wants at least 200/);
    expect(lines.filter((l) => /ppi/.test(l))).toHaveLength(1);
    expect(at(/alternative text/)).toMatch(/issue\.yaml:14:22: warning: alternative text "rapport\.png" only repeats the file name/);
    // Two texts for one address in one article, pointed at the second link's address; the
    // other article's "rapporten" is its own business.
    expect(at(/linked as/)).toMatch(/issue\.yaml:13:25: warning: https:\/\/www\.nkvts\.no\/r\/ is linked as "rapporten" and as "her" in "NKVTS"/);
    expect(lines.filter((l) => /linked as/.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toBe('nyhetsbrev: no errors, 5 warnings');
    const json = JSON.parse((await check([p.issue, '--json'])).out);
    expect(json.errors).toEqual([]);
    expect(json.links).toEqual([]);
    expect(json.warnings).toHaveLength(5);
    expect(json.warnings[0]).toEqual({ file: expect.stringContaining('issue.yaml'), line: 11, column: 13, message: expect.stringContaining('placeholder text') });
  });

  it('warns about a cross-reference whose page changed since the last build', async () => {
    const p = project({
      'issues/x/issue.yaml': proofIssue.replace('          - "[Skriv teksten her]"\n', ''),
      'issues/x/pictures/rapport.png': await pngBytes(100, 60),
      'issues/x/pictures/plass.png': await pngBytes(300, 200),
    });
    expect((await check([p.issue])).out).not.toContain('cross-reference');
    expect((await build(p)).code).toBe(0);
    const file = join(p.root, '.cache', 'xrefs', 'x.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.pages).toEqual({ nkvts: 2, fafo: 2 });
    expect((await check([p.issue])).out).not.toContain('cross-reference');
    // As if the last build had Fafo on another page.
    writeFileSync(file, JSON.stringify({ version: 1, pages: { nkvts: 2, fafo: 3 } }));
    const r = await check([p.issue]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/issue\.yaml:11:67: warning: cross-reference "side" to "#fafo" now shows page 2; the last build showed page 3/);
    // A damaged file is as if there had been no build.
    writeFileSync(file, '{');
    expect((await check([p.issue])).out).not.toContain('cross-reference');
  });

  it('warns about the reference issue’s placeholder pictures and coarse pictures, and finds no error', async () => {
    const lines: string[] = [];
    const r = await main(['check', 'issues/2025-4'], { out: (l) => lines.push(l), err: () => undefined });
    expect(r).toBe(0);
    expect(lines.some((l) => /issues\/2025-4\/issue\.yaml:\d+:\d+: warning: picture .* is still a placeholder/.test(l))).toBe(true);
    expect(lines.some((l) => /error:/.test(l))).toBe(false);
  });

  it('knows an alternative text that is a file name', () => {
    expect(altRepeatsFileName('logo-nkvts.png', '/x/logo-nkvts.png')).toBe(true);
    expect(altRepeatsFileName('logo nkvts', '/x/logo-nkvts.png')).toBe(true);
    expect(altRepeatsFileName('IMG_2041', '/x/a.jpg')).toBe(true);
    expect(altRepeatsFileName('bilde.jpg', '/x/a.jpg')).toBe(true);
    expect(altRepeatsFileName('NKVTS', '/x/logo-nkvts.png')).toBe(false);
    expect(altRepeatsFileName('Forsiden av rapporten', '/x/rapport.png')).toBe(false);
  });
});

