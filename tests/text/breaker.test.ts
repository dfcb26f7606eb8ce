import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedyBreaker } from '../../src/text/breaker.js';
import { setText } from '../../src/text/set.js';
import { fakeMeasurer } from '../helpers/fake.js';

const m = fakeMeasurer();
const run = (text: string) => [{ text, style: 'regular' as const }];

describe('setText with the greedy breaker', () => {
  it('fills each line with as many words as fit', () => {
    // size 10: each character 5 pt; width 50 pt holds 10 characters.
    const { lines } = setText(run('aaa bbb ccc dddd e'), 10, () => 50, m, greedyBreaker);
    expect(lines.map((l) => l.fragments.map((f) => f.text).join(''))).toEqual(['aaa bbb', 'ccc dddd e']);
    expect(lines[1]!.width).toBe(50);
  });

  it('places fragments at the widths of what comes before them', () => {
    const { lines } = setText(
      [
        { text: 'se ', style: 'regular' },
        { text: 'her', style: 'regular', link: { kind: 'url', url: 'https://a.no/' } },
        { text: '.', style: 'regular' },
      ],
      10,
      () => 100,
      m,
      greedyBreaker,
    );
    const f = lines[0]!.fragments;
    expect(f.map((x) => [x.text, x.x, x.width])).toEqual([
      ['se ', 0, 15],
      ['her', 15, 15],
      ['.', 30, 5],
    ]);
  });

  it('cuts a word wider than the line with a visible hyphen and counts the emergency breaks', () => {
    const r = setText(run('abcdefghijkl'), 10, () => 25, m, greedyBreaker);
    expect(r.emergencyBreaks).toBe(2);
    expect(r.lines.map((l) => l.fragments[0]!.text)).toEqual(['abcd-', 'efgh-', 'ijkl']);
    for (const l of r.lines) expect(l.width).toBeLessThanOrEqual(25);
  });

  it('never makes a line wider than the column, keeps every character in order, and is deterministic', () => {
    const word = fc.stringMatching(/^[a-zæøå]{1,14}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), fc.integer({ min: 30, max: 200 }), (words, width) => {
        const text = words.join(' ');
        const a = setText(run(text), 10, () => width, m, greedyBreaker);
        const b = setText(run(text), 10, () => width, m, greedyBreaker);
        expect(a).toEqual(b);
        for (const l of a.lines) expect(l.width).toBeLessThanOrEqual(width + 1e-9);
        const joined = a.lines.map((l) => l.fragments.map((f) => f.text).join('').replace(l.end === 'emergency' ? /-$/ : /$^/, '')).join('').replace(/ /g, '');
        expect(joined).toBe(text.replace(/ /g, ''));
      }),
    );
  });
});
