// The test issues in tests/fixtures/ (odd pictures, long headings, short sections, tails of
// 1–8 lines, five languages) and the reference issue: built for real, they meet the
// pagination targets.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutReport } from '../../src/layout/report.js';
import { readPdf } from '../helpers/pdf.js';
import { kom, repo, run } from '../helpers/project.js';

const fixtures = [...readdirSync(join(repo, 'tests', 'fixtures')).map((d) => join('tests', 'fixtures', d)), join('issues', '2025-4')];

describe.each(fixtures)('the issue %s', (folder) => {
  const name = folder.replace(/\W+/g, '-');
  it('builds, every heading in the PDF, every page but a section\'s last at least 85 % full in each column, no tail split', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fixture-')), `${name}.pdf`);
    const r = await run(['build', join(repo, folder), '--out', out, '--layout', kom, '--report']);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out.replace(/\.pdf$/, '.report.json'), 'utf8')) as LayoutReport;
    for (const p of report.perPage) {
      if (!p.sectionLast) for (const f of p.fill) expect(f, `page ${p.page}`).toBeGreaterThanOrEqual(85);
      else if (p.fill.filter((f) => f > 0).length > 1) expect(p.fill.reduce((s, f) => s + f, 0) / p.fill.length, `page ${p.page}`).toBeGreaterThanOrEqual(25);
      for (const c of p.continuations) expect(c).toMatch(/^\S.* forts\.$/);
    }
    expect(report.fill.leastFull === undefined || report.fill.leastFull.percent >= 85).toBe(true);
    const pdf = await readPdf(readFileSync(out));
    const text = pdf.pages.map((p) => p.text).join(' ').replace(/\s+/g, ' ');
    // (The reference issue's words are checked one by one in tests/e2e.)
    if (!folder.startsWith('tests')) return;
    const yaml = readFileSync(join(repo, folder, 'issue.yaml'), 'utf8');
    for (const [, heading] of yaml.matchAll(/- heading: "(.*)"/g)) {
      for (const word of heading!.split(' ')) expect(text).toContain(word);
    }
  });
});
