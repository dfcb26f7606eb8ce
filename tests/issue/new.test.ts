// `nyhetsbrev new`: the next issue made from the reference issue, built as it is made.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readPdf } from '../helpers/pdf.js';
import { referenceProject, repo } from '../helpers/project.js';

/** A project holding a copy of the reference issue; commands run in it as a user runs them. */
const copyProject = (): string => referenceProject('new-').root;

async function inProject(dir: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(cwd);
  }
}

describe('nyhetsbrev new', () => {
  it('makes the next issue from the latest one: it loads, builds, has the next number and period, keeps the standing pages', async () => {
    const dir = copyProject();
    const r = await inProject(dir, ['new']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Made issues/2026-1/issue.yaml: nr. 1 – 2026, januar–mars 2026, from issues/2025-4 (nr. 4 – 2025).');
    expect(r.out).toContain('title given the new period: "KOMs hovedaktiviteter i oktober–desember" → "KOMs hovedaktiviteter i januar–mars"');
    expect(r.out).toMatch(/Next: .*nyhetsbrev build issues\/2026-1/);
    const made = parse(readFileSync(join(dir, 'issues', '2026-1', 'issue.yaml'), 'utf8'));
    const old = parse(readFileSync(join(repo, 'issues', '2025-4', 'issue.yaml'), 'utf8'));
    expect(made).toMatchObject({ number: 1, year: 2026, period: 'januar–mars 2026', date: 'ÅÅÅÅ-MM-DD' });
    // The same sections in the same order; standing pages as they were.
    expect(made.sections.map((s: { title?: string; standing?: string }) => s.standing ?? s.title)).toEqual(
      old.sections.map((s: { title?: string; standing?: string }) => s.standing ?? s.title?.replace('oktober–desember', 'januar–mars')),
    );
    expect(made.sections.filter((s: { standing?: string }) => s.standing)).toEqual(old.sections.filter((s: { standing?: string }) => s.standing));
    // Every article: its heading, one placeholder paragraph; no picture of the old folder.
    const articles = made.sections.flatMap((s: { articles?: unknown[]; standing?: string }) => (s.standing ? [] : s.articles));
    expect(articles.length).toBe(old.sections.flatMap((s: { articles?: unknown[]; standing?: string }) => (s.standing ? [] : s.articles)).length);
    for (const a of articles) expect(a.body).toEqual(['[Skriv teksten her]']);
    const text = readFileSync(join(dir, 'issues', '2026-1', 'issue.yaml'), 'utf8');
    expect(text).not.toMatch(/(src|picture): pictures\//);
    // Logos from the project's shared assets are kept, pointing at the same file.
    expect(text).toContain('src: ../../assets/pictures/logo-kom.png');
    expect(existsSync(join(dir, 'issues', '2026-1', 'pictures'))).toBe(false);
    // It builds at once, and says the date is still to fill in.
    const b = await inProject(dir, ['build', 'issues/2026-1']);
    expect(b.code, b.err).toBe(0);
    expect(b.err).toMatch(/issues\/2026-1\/issue\.yaml:\d+:7: the date is not filled in yet/);
    const pdf = await readPdf(readFileSync(join(dir, 'out', '2026-1.pdf')));
    expect(pdf.pages[0]!.text).toContain('Nr. 1 – 2026');
    expect(pdf.pages[0]!.text).toContain('januar–mars 2026');
    expect(pdf.pages[0]!.text).toContain('(dato ikke fylt inn)');
    expect(pdf.pages.map((p) => p.text).join(' ')).toContain('KOMs hovedaktiviteter i januar–mars');
    // A second run refuses: the latest issue is not finished.
    const again = await inProject(dir, ['new']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('issues/2026-1: the latest issue is not finished yet (its date is ÅÅÅÅ-MM-DD)');
    // And an existing folder is never written over.
    const over = await inProject(dir, ['new', 'issues/2026-1', '--from', 'issues/2025-4']);
    expect(over.code).toBe(1);
    expect(over.err).toContain('issues/2026-1: exists already: nyhetsbrev new never writes over an issue');
    expect(parse(readFileSync(join(dir, 'issues', '2026-1', 'issue.yaml'), 'utf8')).date).toBe('ÅÅÅÅ-MM-DD');
  });

  it('counts on by quarter: nr. 1 after nr. 4 of the year before, nr. 2 after nr. 1', async () => {
    const dir = copyProject();
    const file = join(dir, 'issues', '2026-1', 'issue.yaml');
    expect((await inProject(dir, ['new'])).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('date: ÅÅÅÅ-MM-DD', 'date: 2026-04-02'));
    const r = await inProject(dir, ['new']);
    expect(r.code, r.err).toBe(0);
    const made = parse(readFileSync(join(dir, 'issues', '2026-2', 'issue.yaml'), 'utf8'));
    expect(made).toMatchObject({ number: 2, year: 2026, period: 'april–juni 2026' });
    expect(made.sections.map((s: { title?: string }) => s.title)).toContain('KOMs hovedaktiviteter i april–juni');
    // Into a folder of one's choosing, from an issue of one's choosing.
    const chosen = await inProject(dir, ['new', 'issues/utkast', '--from', 'issues/2025-4']);
    expect(chosen.code, chosen.err).toBe(0);
    expect(parse(readFileSync(join(dir, 'issues', 'utkast', 'issue.yaml'), 'utf8'))).toMatchObject({ number: 1, year: 2026 });
  });

  it('says what is wrong when there is nothing to start from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'new-empty-'));
    for (const d of ['layouts', 'assets']) cpSync(join(repo, d), join(dir, d), { recursive: true });
    const r = await inProject(dir, ['new']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('issues: no issue to start from: expected a folder like issues/2025-4 holding issue.yaml, or give one with --from FOLDER');
    const from = await inProject(dir, ['new', '--from', 'issues/finnes-ikke']);
    expect(from.code).toBe(1);
    expect(from.err).toContain('issues/finnes-ikke: no issue.yaml here');
  });
});
