import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build, kom, project, run, validIssue } from './helpers/project.js';

describe('command line', () => {
  it('documents every command and option', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['build', 'schema', 'placeholders', 'send']) expect(help.out).toContain(c);
    const send = await run(['send', '--help']);
    expect(send.code).toBe(0);
    for (const o of ['--recipients', '--live', '--yes', '--test', '--limit', '--rate', '--resend-unknown', '--skip-unknown', '--layout', 'NYHETSBREV_SMTP_URL', 'NYHETSBREV_SMTP_PASSWORD', 'NYHETSBREV_OAUTH_TOKEN_URL']) expect(send.out).toContain(o);
    const b = await run(['build', '--help']);
    expect(b.code).toBe(0);
    for (const o of ['--out', '--layout', '--report', '--help']) expect(b.out).toContain(o);
    for (const o of ['--out', '--layout', '--profile', '--help']) expect(b.out).toContain(o);
    expect(help.out).toContain('watch');
    const w = await run(['watch', '--help']);
    expect(w.code).toBe(0);
    for (const o of ['--profile', '--out', '--layout', '--open', '--port', '--help', 'BROWSER', 'Ctrl-C']) expect(w.out).toContain(o);
  });

  it('refuses unknown commands and options with status 2', async () => {
    expect((await run(['bygg'])).code).toBe(2);
    const r = await run(['build', 'issues/2025-4', '--fast']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown option '--fast'/);
    const profile = await run(['build', 'issues/2025-4', '--profile', 'paper']);
    expect(profile.code).toBe(2);
    expect(profile.err).toContain('unknown profile "paper": expected "screen" or "print"');
    const both = await run(['send', 'issues/2025-4', '--resend-unknown', '--skip-unknown']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--resend-unknown and --skip-unknown do not go together');
    expect((await run(['watch'])).code).toBe(2);
    const port = await run(['watch', 'issues/2025-4', '--port', 'x']);
    expect(port.code).toBe(2);
    expect(port.err).toContain('--port "x": expected a port number from 0 to 65535');
    const gone = await run(['watch', 'issues/finnes-ikke']);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('issues/finnes-ikke: no such issue folder');
    const rate = await run(['send', 'issues/2025-4', '--rate', 'fort']);
    expect(rate.code).toBe(2);
    expect(rate.err).toContain('--rate "fort": expected a whole number from 1 to 600');
  });

  it('builds, and says where it wrote the PDF, its pages and the time taken', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue });
    const r = await build(p);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Wrote .*x\.pdf: 2 pages, \d+ KiB, in \d+\.\d\d s$/);
    expect(readFileSync(p.out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints the layout report with --report and writes it as JSON beside the PDF', async () => {
    const long = 'Koordineringsenheten mot menneskehandel deltok på et tverrsektorielt arbeidsmøte om arbeidslivskriminalitet. '.repeat(6);
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('Tekst med', `${long}Tekst med`) });
    const r = await run(['build', p.issue, '--out', p.out, '--layout', kom, '--report']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/page +lines +hyphenated +seam +inside +poor +in a row +emergency +widows +orphans +overfull +raggedness \(pt²\) +median shortfall/);
    expect(r.out).toMatch(/^ +all +\d+/m);
    const file = p.out.replace(/\.pdf$/, '.report.json');
    expect(r.out).toContain('x.report.json');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.pages).toBe(2);
    expect(report.total.lines).toBeGreaterThan(10);
    expect(report.total.hyphenatedLines).toBeGreaterThan(0);
    expect(report.perPage[0]).toMatchObject({ page: 2, widows: 0, orphans: 0, overfullLines: 0 });
    // Hyphenation points used, by kind, and every hyphenated word, where it broke.
    const t = report.total;
    expect(t.seamBreaks + t.insideBreaks + t.poorBreaks).toBeGreaterThan(0);
    expect(t.seamBreaks + t.insideBreaks + t.poorBreaks).toBeLessThanOrEqual(t.hyphenatedLines);
    expect(t.medianShortfall).toBeGreaterThan(0);
    const words: string[] = report.perPage.flatMap((pg: { hyphenated: string[] }) => pg.hyphenated);
    expect(words.length).toBe(t.hyphenatedLines);
    for (const w of words) expect(long + 'Tekst med lenke.').toContain(w.replace('-|', '').replace('|', ''));
    // Without --report nothing is written beside the PDF.
    const q = project({ 'issues/x/issue.yaml': validIssue });
    await build(q);
    expect(existsSync(q.out.replace(/\.pdf$/, '.report.json'))).toBe(false);
  });

  it('warns, naming the article, when a word is wider than the column', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('Tekst med', `Tekst ${'x'.repeat(90)} med`) });
    const r = await build(p);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*issue\.yaml:\d+:\d+: a word in "NKVTS" is wider than the column and was broken with a hyphen/);
  });

  it('prints text marked `…` as written, and keeps it on one line', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('Tekst med', 'Saken `LB-2024-45307` og `Oslo tingrett` med') });
    expect((await build(p)).code).toBe(0);
    const { readPdf } = await import('./helpers/pdf.js');
    const pdf = await readPdf(readFileSync(p.out));
    expect(pdf.pages[1]!.text).toContain('Saken LB-2024-45307 og Oslo tingrett med');
  });

  it('prints template syntax in an article as text, never evaluating it', async () => {
    const p = project({ 'issues/x/issue.yaml': validIssue.replace('Tekst med', 'Mal {{period}} og {{#each x}}y{{/each}} med') });
    const r = await build(p);
    expect(r.code).toBe(0);
    const { readPdf } = await import('./helpers/pdf.js');
    const pdf = await readPdf(readFileSync(p.out));
    expect(pdf.pages[1]!.text).toContain('Mal {{period}} og {{#each x}}y{{/each}} med');
  });

  it('writes placeholders for missing pictures and leaves existing files alone', async () => {
    const p = project({
      'issues/x/issue.yaml': validIssue.replace('          - Tekst', '          - picture: pictures/ny-rapport.png\n            alt: Ny rapport\n          - Tekst'),
    });
    const r = await run(['placeholders', p.issue]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 placeholder picture made');
    expect(existsSync(`${p.issue}/pictures/ny-rapport.png`)).toBe(true);
    expect((await run(['placeholders', p.issue])).out).toContain('0 placeholder pictures made');
    expect((await build(p)).code).toBe(0);
  });
});
