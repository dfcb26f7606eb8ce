// Justified setting: letter spacing as a last resort, margin protrusion of line-final marks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSettings, LETTER_SPACING_WEIGHT, optimalBreaker, toNodes } from '../../src/text/breaker.js';
import { makeHyphenator } from '../../src/text/hyphenate.js';
import { setText, type SetLine, type SetOptions } from '../../src/text/set.js';
import { fakeMeasurer } from '../helpers/fake.js';

// Fake font: every character is half the size wide (5 pt at 10 pt), the space too.
const m = fakeMeasurer();
const run = (text: string) => [{ text, style: 'regular' as const }];
const nb = makeHyphenator(['nb']);
const hyphenate = (word: string, soft?: readonly number[]) => nb(word, 'nb', soft);
const SIZE = 10;
const LETTERS = { shrink: 0.01, stretch: 0.02 };
const justified: SetOptions = { hyphenate, justify: true, letterSpacing: LETTERS, protrusion: 0.5, maxProtrusion: 9 };

/** The text as written, from the lines: a hyphen drawn at a line's end taken away. */
const rejoin = (lines: readonly SetLine[]) =>
  lines
    .map((l) => {
      const t = l.fragments.map((f) => f.text).join('');
      return l.end === 'hyphen' || l.end === 'emergency' ? t.slice(0, -1) : t;
    })
    .join('');

const word = fc.constantFrom(
  'menneskehandel', 'arbeidslivskriminalitet,', 'tverrsektorielt', 'og', 'i', 'Utenriksdepartementet.', 'a-krim', '18', 'tiltak', 'side', '–',
  'koordinerer', 'samarbeid:', 'KOM', 'Justis-', 'ungdomskriminalitet',
);

describe('justified setting with letter spacing and protrusion', () => {
  const optimal = optimalBreaker();

  it('keeps letter spacing within its bounds, words whole and apart, and every line flush', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 60 }), fc.integer({ min: 120, max: 300 }), (words, width) => {
        const text = words.join(' ');
        const r = setText(run(text), SIZE, () => width, m, optimal, justified);
        expect(rejoin(r.lines).replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        r.lines.forEach((l, i) => {
          const cs = l.letterSpacing ?? 0;
          expect(cs).toBeGreaterThanOrEqual(-LETTERS.shrink * SIZE - 1e-9);
          expect(cs).toBeLessThanOrEqual(LETTERS.stretch * SIZE + 1e-9);
          for (const f of l.fragments) expect(f.letterSpacing ?? 0).toBe(cs);
          // Letter spacing is the last resort: only where the spaces are at their stretch (½ a space) or shrink (⅓).
          if (cs > 0 && l.fragments.length > 1) expect(l.spacing!).toBeGreaterThanOrEqual(1.5 - 1e-9);
          if (cs < 0 && l.fragments.length > 1) expect(l.spacing!).toBeLessThanOrEqual(2 / 3 + 1e-9);
          // No fragment reaches into the next.
          for (let k = 1; k < l.fragments.length; k++) {
            const a = l.fragments[k - 1]!;
            expect(a.x + a.width).toBeLessThanOrEqual(l.fragments[k]!.x + 1e-9);
          }
          const p = l.protrusion ?? 0;
          expect(p).toBeLessThanOrEqual(9);
          expect(l.width).toBeLessThanOrEqual(width + p + 1e-9);
          // Lines with spaces end flush with the margin (or the protruding mark's share beyond it).
          if (i < r.lines.length - 1 && l.fragments.length > 1) expect(l.width).toBeCloseTo(width + p, 6);
        });
        expect(r.lines.at(-1)!.protrusion).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('a fragment is as wide as its letters with the spacing between them', () => {
    const text = 'Strategien skal gjennomføres i samarbeid mellom departementene og direktoratene';
    const spaced = Array.from({ length: 40 }, (_, k) => setText(run(text), SIZE, () => 120 + 4 * k, m, optimal, justified).lines)
      .flat()
      .filter((l) => l.letterSpacing !== undefined);
    expect(spaced.length).toBeGreaterThan(0);
    for (const l of spaced) {
      for (const f of l.fragments) {
        const letters = [...f.text].length;
        expect(f.width).toBeCloseTo(letters * 5 + (letters - 1) * l.letterSpacing!, 9);
      }
    }
  });

  it('sets fewer lines with spaces over twice their width than spaces alone', () => {
    const text =
      'Strategien skal gjennomføres i samarbeid mellom Justis- og beredskapsdepartementet, Arbeids- og ' +
      'inkluderingsdepartementet, Barne- og familiedepartementet, Helse- og omsorgsdepartementet og ' +
      'Utenriksdepartementet, der Justis- og beredskapsdepartementet koordinerer arbeidet.';
    const loose = (o: SetOptions) => {
      let n = 0;
      for (let width = 150; width <= 260; width += 5) {
        n += setText(run(text), SIZE, () => width, m, optimal, o).lines.filter((l) => l.end !== 'last' && (l.spacing ?? 1) > 2).length;
      }
      return n;
    };
    const without = loose({ hyphenate, justify: true });
    const withLetters = loose({ hyphenate, justify: true, letterSpacing: LETTERS });
    expect(without).toBeGreaterThan(0);
    expect(withLetters).toBeLessThan(without);
  });

  it('sets a line-final hyphen and full stop half their width into the margin, never beyond the bound', () => {
    for (const [text, mark] of [
      ['menneskehandel menneskehandel menneskehandel menneskehandel', '\u00ad'],
      ['Arbeidet går videre. Strategien skal gjennomføres i samarbeid.', '.'],
    ] as const) {
      for (let width = 80; width < 200; width += 3) {
        const r = setText(run(text), SIZE, () => width, m, optimal, justified);
        const capped = setText(run(text), SIZE, () => width, m, optimal, { ...justified, maxProtrusion: 1 });
        r.lines.forEach((l, i) => {
          const last = l.fragments.at(-1)!.text.at(-1);
          if (i < r.lines.length - 1 && last === mark) {
            expect(l.protrusion, `${width}: ${l.fragments.map((f) => f.text).join(' ')}`).toBeCloseTo(2.5, 9);
          } else if (last !== '.' && last !== ',' && last !== '\u00ad' && last !== '-') expect(l.protrusion).toBeUndefined();
        });
        for (const l of capped.lines) expect(l.protrusion ?? 0).toBeLessThanOrEqual(1);
      }
    }
  });

  it('the breaker weighs letter spacing at its share, and a line ending in a protruding mark as that much narrower', () => {
    const items = [
      { width: 30, space: 5, protrude: 2.5, letterStretch: 4, letterShrink: 2 },
      { width: 20, space: 5, breaks: [{ at: 10, pre: 5, post: 0, kind: 'hyphen' as const }], hyphenProtrude: 2.5 },
      { width: 10, space: 0 },
    ];
    const just = toNodes(items, defaultSettings, true).nodes as unknown as { type: string; width: number; stretch: number; shrink: number }[];
    const ragged = toNodes(items, defaultSettings, false).nodes as unknown as { type: string; width: number; stretch: number; shrink: number }[];
    expect(just.map((n) => [n.type, n.width])).toEqual([['box', 30], ['penalty', -2.5], ['glue', 5], ['box', 10], ['penalty', 2.5], ['box', 10], ['glue', 5], ['box', 10], ['penalty', 0]]);
    expect([just[0]!.stretch, just[0]!.shrink]).toEqual([4 * LETTER_SPACING_WEIGHT, 2 * LETTER_SPACING_WEIGHT]);
    expect(ragged.map((n) => [n.type, n.width])).toEqual([['box', 30], ['glue', 5], ['box', 10], ['penalty', 5], ['box', 10], ['glue', 5], ['box', 10], ['penalty', 0]]);
    expect([ragged[0]!.stretch, ragged[0]!.shrink]).toEqual([0, 0]);
  });

  it('leaves ragged setting as it was: letter spacing and protrusion are for justified text only', () => {
    const text = 'Strategien skal gjennomføres i samarbeid mellom Justis- og beredskapsdepartementet og Utenriksdepartementet.';
    for (let width = 100; width < 260; width += 7) {
      const plain = setText(run(text), SIZE, () => width, m, optimal, { hyphenate });
      const asked = setText(run(text), SIZE, () => width, m, optimal, { hyphenate, letterSpacing: LETTERS, protrusion: 0.5, maxProtrusion: 9 });
      expect(asked).toEqual(plain);
      for (const l of asked.lines) expect(l.letterSpacing ?? l.protrusion ?? l.spacing).toBeUndefined();
    }
  });
});
