// The reference issue's YAML mutated at random: the tool either builds it or reports where the
// file is wrong — never an internal error, a stack trace or a hang. FUZZ_RUNS and FUZZ_SEED
// explore further than the fixed seed CI runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceProject, repo, run } from '../helpers/project.js';

const original = readFileSync(join(repo, 'issues', '2025-4', 'issue.yaml'), 'utf8');

function copyProject(): { folder: string; out: string } {
  const { root, issue } = referenceProject('fuzz-', 'f');
  return { folder: issue, out: join(root, 'out', 'f.pdf') };
}

const pieces = [':', '- ', '"', "'", '{', '}', '[', ']', '*', '&a', '#', '\t', '  ', '\n', '|', '>', '!', '%', '@', '`', '**', '](', '[x](y)', '-1', '0', '99999', 'null', '~', '\u00ad', '\uFFFD', 'side', '#nkvts', 'https://', 'mailto:'];

/** One edit of the text: lines dropped, doubled or swapped; characters inserted or removed. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('double' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...pieces) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), text: fc.constantFrom('-3', '0', '13', '1e9', '2.5', '"4"', '[]', '{}') }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, e: Edit): string {
  const lines = text.split('\n');
  const line = e.at % lines.length;
  switch (e.kind) {
    case 'drop':
      return lines.filter((_, i) => i !== line).join('\n');
    case 'double':
      return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join('\n');
    case 'swap':
      return lines.map((l, i) => (i === line ? lines[(line + 1) % lines.length]! : i === (line + 1) % lines.length ? lines[line]! : l)).join('\n');
    case 'insert': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'cut': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + e.length);
    }
    case 'number': {
      const numbers = [...text.matchAll(/: (\d+)\b/g)];
      const m = numbers[e.at % numbers.length]!;
      return text.slice(0, m.index! + 2) + e.text + text.slice(m.index! + 2 + m[1]!.length);
    }
  }
}

describe('the reference issue, mutated at random', () => {
  it('builds, or reports file:line:column; never an internal error', async () => {
    const p = copyProject();
    const file = join(p.folder, 'issue.yaml');
    const runs = Number(process.env.FUZZ_RUNS ?? 12);
    const seed = Number(process.env.FUZZ_SEED ?? 20261201);
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        writeFileSync(file, edits.reduce(apply, original));
        const r = await run(['build', p.folder, '--out', p.out]);
        expect(r.err).not.toMatch(/internal error/);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect([0, 1]).toContain(r.code);
        if (r.code === 1) expect(r.err).toMatch(/\.yaml:\d+:\d+: /);
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
  }, 600_000);
});
