// scripts/rag-figures.mjs (issue 14's measurement: body paragraphs set alone in one column) on
// a tiny issue. It runs the compiled modules in dist/, as `npm test` builds them first (for a
// focused run: `npx tsc -p tsconfig.json` before vitest).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutFolder } from '../../src/build.js';
import { kom, oneSectionIssue, project, repo } from '../helpers/project.js';

const long =
  'Koordineringsenheten for ofre for menneskehandel arbeider for at ofre for menneskehandel skal ' +
  'få bistand og beskyttelse, og samarbeider med politiet, Utlendingsdirektoratet, ' +
  'barnevernstjenesten og frivillige organisasjoner i hele landet om identifisering av ofre, ' +
  'oppfølging av straffesaker og kompetanseheving blant ansatte i offentlige etater.';
const short = 'Kort avsnitt.';

function figures(folder: string, ...args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, [join(repo, 'scripts', 'rag-figures.mjs'), folder, '--layout', kom, ...args], { encoding: 'utf8' });
  const figure = (label: string) => {
    const m = new RegExp(`^${label}: ([\\d.]+)`, 'm').exec(out);
    expect(m, `${label} in:\n${out}`).not.toBeNull();
    return Number(m![1]);
  };
  return {
    paragraphs: figure('paragraphs'), lines: figure('lines'), nonFinal: figure('non-final lines'),
    raggedness: figure('raggedness \\(pt²\\)'), median: figure('median shortfall \\(pt\\)'), hyphenated: figure('hyphenated lines'),
    oneLine: Number(/\((\d+) of one line\)/.exec(out)![1]), listItems: Number(/left out: (\d+) list items/.exec(out)![1]),
  };
}

describe('scripts/rag-figures.mjs', () => {
  it('counts the body paragraphs set alone, as the layout report counts the same lines in the layout’s own column', async () => {
    const p = project({
      'issues/x/issue.yaml': oneSectionIssue(`      - heading: Første
        body:
          - ${long}
          - ${short}
      - heading: Andre
        body:
          - ${long} ${long}
`),
    });
    const f = figures(p.issue);
    expect(f.paragraphs).toBe(3);
    expect(f.oneLine).toBe(1);
    expect(f.lines).toBeGreaterThanOrEqual(f.paragraphs + 4);
    expect(f.nonFinal).toBe(f.lines - f.paragraphs);
    expect(f.raggedness).toBeGreaterThan(0);
    expect(f.median).toBeGreaterThanOrEqual(0);
    // 83.5 mm is the layout's column: with no list, logo or standing page, the layout sets the
    // same paragraphs to the same lines, so its report gives the same figures.
    const { document } = await layoutFolder(p.issue, kom);
    const total = document.report!.total;
    expect(f.lines).toBe(total.lines);
    expect(f.nonFinal).toBe(total.nonFinalLines);
    expect(f.hyphenated).toBe(total.hyphenatedLines);
    expect(f.raggedness).toBeCloseTo(total.raggedness, 1);
    expect(f.median).toBeCloseTo(total.medianShortfall, 1);
    // A narrower column takes more lines; the short paragraph stays one line.
    const narrow = figures(p.issue, '--width', '50');
    expect(narrow.lines).toBeGreaterThan(f.lines);
    expect(narrow.oneLine).toBe(1);
  });

  it('leaves list items out and says how many', () => {
    const p = project({
      'issues/x/issue.yaml': oneSectionIssue(`      - heading: Liste
        body:
          - ${short}
          - list:
              - ${long}
              - Et punkt til.
`),
    });
    const f = figures(p.issue);
    expect(f.paragraphs).toBe(1);
    expect(f.lines).toBe(1);
    expect(f.listItems).toBe(2);
  });
});
