// Pagination figures of the reference issue and the test issues in tests/fixtures/:
// `npm run build` first (it compiles), then `node scripts/fill-figures.mjs`.
// Builds each with --report into a temporary folder and prints one row per issue. A split tail:
// a section's last page whose columns are both used and would together fill less than half of one (a quarter of the page).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const issues = ['issues/2025-4', ...readdirSync('tests/fixtures').map((d) => `tests/fixtures/${d}`)];
const dir = mkdtempSync(join(tmpdir(), 'fill-'));
const rows = [['issue', 'pages', 'least full', 'pages < 85 %', 'split tails', 'forts.', 'lines lost', 'cost', 'greedy cost', 'ms']];
for (const issue of issues) {
  const out = join(dir, issue.replace(/\W+/g, '-') + '.pdf');
  const t0 = Date.now();
  execFileSync('node', ['dist/cli/main.js', 'build', issue, '--out', out, '--report'], { stdio: 'pipe' });
  const ms = Date.now() - t0;
  const r = JSON.parse(readFileSync(out.replace(/\.pdf$/, '.report.json'), 'utf8'));
  const under = r.perPage.filter((p) => !p.sectionLast && Math.min(...p.fill) < 85).map((p) => p.page);
  const splitTails = r.perPage
    .filter((p) => p.sectionLast && p.fill.length > 1 && p.fill.filter((f) => f > 0).length > 1 && p.fill.reduce((s, f) => s + f, 0) < 50)
    .map((p) => p.page);
  const least = r.fill.leastFull ? `p. ${r.fill.leastFull.page} ${r.fill.leastFull.percent.toFixed(0)} %` : '–';
  rows.push([issue, r.pages, least, under.join(' ') || '–', splitTails.join(' ') || '–', r.fill.continuationHeadings, r.fill.continuationLines.toFixed(1), r.fill.cost, r.fill.greedyCost ?? '–', ms]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
