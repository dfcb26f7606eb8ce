// A load that takes what an earlier one read (watch): files and texts by their content. It must
// give what a fresh load gives, and never keep a mistake away from the user.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIssue, type KeptReading } from '../../src/issue/load.js';
import { InputError } from '../../src/issue/problems.js';
import { oneSectionIssue, project } from '../helpers/project.js';

const article = (text: string) => `      - heading: NKVTS
        body:
          - ${text}
          - Et avsnitt som ikke endres, med *kursiv* og [lenke](https://www.nkvts.no/).
`;

function kept(): KeptReading & { files: Map<string, unknown>; inlines: Map<string, unknown> } {
  return { files: new Map(), inlines: new Map() } as never;
}

describe('a load with what an earlier load read', () => {
  it('gives what a fresh load gives, before and after an edit, and reports a new mistake with its place', async () => {
    const p = project({ 'issues/x/issue.yaml': oneSectionIssue(article('Første tekst.')) });
    const file = join(p.issue, 'issue.yaml');
    const cache = kept();
    expect(await loadIssue(p.issue, { kept: cache })).toEqual(await loadIssue(p.issue));
    expect(cache.files.size).toBe(1);
    expect(cache.inlines.size).toBe(2);

    // The same text again: taken from the cache (its runs are the very same objects).
    const again = await loadIssue(p.issue, { kept: cache });
    const runs = (i: Awaited<ReturnType<typeof loadIssue>>, b: number) => (i.sections[0]!.articles[0]!.body[b] as { text: { runs: unknown } }).text.runs;
    expect(runs(again, 1)).toBe(cache.inlines.get('Et avsnitt som ikke endres, med *kursiv* og [lenke](https://www.nkvts.no/).'));

    // An edit on the first line of the body: the unchanged paragraph below keeps its runs, but
    // is placed where the edited file has it.
    writeFileSync(file, oneSectionIssue(article('Første tekst, nå med **fet** skrift.')));
    const edited = await loadIssue(p.issue, { kept: cache });
    expect(edited).toEqual(await loadIssue(p.issue));
    expect(runs(edited, 0)).toEqual([{ text: 'Første tekst, nå med ', style: 'regular' }, { text: 'fet', style: 'bold' }, { text: ' skrift.', style: 'regular' }]);

    // A mistake: reported as by a fresh load, and not kept.
    writeFileSync(file, oneSectionIssue(article('Se [her](htp://feil.no).')));
    const problems = async (kept?: KeptReading) => {
      try {
        await loadIssue(p.issue, kept ? { kept } : {});
      } catch (e) {
        if (e instanceof InputError) return e.problems;
        throw e;
      }
      return [];
    };
    const fresh = await problems();
    expect(fresh.length).toBeGreaterThan(0);
    expect(await problems(cache)).toEqual(fresh);
    expect(await problems(cache)).toEqual(fresh);
    expect([...cache.inlines.keys()].some((k) => k.includes('htp://'))).toBe(false);
  });
});
