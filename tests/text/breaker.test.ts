import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedyBreaker, optimalBreaker } from '../../src/text/breaker.js';
import { makeHyphenator } from '../../src/text/hyphenate.js';
import { setText, type SetLine } from '../../src/text/set.js';
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
    // The hyphen drawn at the line's end is the soft hyphen (U+00AD).
    expect(r.lines.map((l) => l.fragments[0]!.text)).toEqual(['abcd\u00ad', 'efgh\u00ad', 'ijkl']);
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
        const joined = a.lines.map((l) => l.fragments.map((f) => f.text).join('').replace(l.end === 'emergency' ? /\u00ad$/ : /$^/, '')).join('').replace(/ /g, '');
        expect(joined).toBe(text.replace(/ /g, ''));
      }),
    );
  });
});

const nb = makeHyphenator(['nb']);
const hyphenate = (word: string, soft?: readonly number[]) => nb(word, 'nb', soft);
/** The lines as text, the soft hyphen drawn at a line's end shown as "-". */
const texts = (r: { lines: readonly SetLine[] }) => r.lines.map((l) => l.fragments.map((f) => f.text).join('').replace(/\u00ad$/, '-'));
/** The text as written, from the lines: a hyphen drawn at a line's end taken away. */
const rejoin = (lines: readonly SetLine[]) =>
  lines.map((l) => {
    const t = l.fragments.map((f) => f.text).join('');
    return l.end === 'hyphen' || l.end === 'emergency' ? t.slice(0, -1) : t;
  });

const SEED =
  'Strategien skal gjennomføres i samarbeid mellom Justis- og beredskapsdepartementet, Arbeids- og ' +
  'inkluderingsdepartementet, Barne- og familiedepartementet, Helse- og omsorgsdepartementet og ' +
  'Utenriksdepartementet, der Justis- og beredskapsdepartementet koordinerer arbeidet.';

describe('setText with the Knuth–Plass breaker', () => {
  const optimal = optimalBreaker();

  it('sets a paragraph of the seed in its known optimal lines, far more even than first fit', () => {
    // Fake font at 10 pt: 5 pt a letter; 200 pt holds 40 letters.
    const r = setText(run(SEED), 10, () => 200, m, optimal, { hyphenate });
    expect(texts(r)).toEqual([
      'Strategien skal gjennomføres i samarbeid',
      'mellom Justis- og beredskapsdepartemen-',
      'tet, Arbeids- og inkluderingsdeparte-',
      'mentet, Barne- og familiedepartementet,',
      'Helse- og omsorgsdepartementet og Uten-',
      'riksdepartementet, der Justis- og bered-',
      'skapsdepartementet koordinerer arbeidet.',
    ]);
    expect(optimal.last.pass).toBe('hyphen');
    const greedy = setText(run(SEED), 10, () => 200, m, greedyBreaker);
    const ragged = (lines: readonly SetLine[]) => lines.slice(0, -1).reduce((s, l) => s + (l.available - l.width) ** 2, 0) / (lines.length - 1);
    expect(ragged(r.lines)).toBeLessThan(ragged(greedy.lines) / 5);
  });

  it('never makes a line wider than the column, keeps every character in order, and is deterministic', () => {
    const word = fc.oneof(
      fc.stringMatching(/^[a-zæøå]{1,14}$/),
      fc.constantFrom('menneskehandel', 'arbeidslivskriminalitet,', 'tverrsektorielt', 'Utenriks-departementet', 'a-krim', '18', 'tiltak', 'side', '–', 'LB-2024-45307', 'https://www.nkvts.no/rapport/'),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 50 }), fc.integer({ min: 30, max: 260 }), fc.boolean(), (words, width, justify) => {
        const text = words.join(' ');
        const a = setText(run(text), 10, () => width, m, optimal, { hyphenate, justify });
        const b = setText(run(text), 10, () => width, m, optimal, { hyphenate, justify });
        expect(a).toEqual(b);
        for (const l of a.lines) expect(l.width).toBeLessThanOrEqual(width + 1e-9);
        expect(rejoin(a.lines).join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        // At most two lines in a row end at a hyphenation point.
        let inRow = 0;
        for (const l of a.lines) {
          inRow = l.end === 'hyphen' || l.end === 'explicit' ? inRow + 1 : 0;
          expect(inRow).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never splits an address at a hyphenation point', () => {
    const url = 'https://www.regjeringen.no/no/aktuelt/ny-strategi-mot-menneskehandel/id3103572/';
    for (let width = url.length * 5; width < url.length * 5 + 200; width += 7) {
      const r = setText(run(`Se nyhetssak ${url} om strategien mot menneskehandel.`), 10, () => width, m, optimal, { hyphenate });
      expect(texts(r).some((t) => t.includes(url)), `width ${width}`).toBe(true);
      expect(r.emergencyBreaks).toBe(0);
    }
  });

  it('keeps a number with its unit and "side" with its number', () => {
    for (let width = 60; width < 260; width += 5) {
      const r = setText(run('Fem departementer står bak 18 tiltak, se side 14 og 12. november.'), 10, () => width, m, optimal, { hyphenate });
      // No line ends between the number and its word (the word itself may be hyphenated).
      const lines = texts(r);
      for (const t of lines) expect(t, `width ${width}: ${lines.join(' / ')}`).not.toMatch(/(?:^|\s)(?:18|side|12\.)$/);
    }
  });

  it('breaks a word with a hyphen only at it, drawing no second hyphen', () => {
    const r = setText(run('Arbeidet skjer i Utenriks-departementet'), 10, () => 130, m, optimal, { hyphenate });
    expect(texts(r)).toEqual(['Arbeidet skjer i Utenriks-', 'departementet']);
    expect(r.lines[0]!.end).toBe('explicit');
  });

  it('never splits text the issue marks as whole (`…`), neither by hyphen nor at its spaces', () => {
    const runs = [
      { text: 'Tiltak mot ', style: 'regular' as const },
      { text: 'menneskehandel i Norge', style: 'regular' as const, whole: true as const },
      { text: ' og menneskehandel', style: 'regular' as const },
    ];
    const r = setText(runs, 10, () => 120, m, optimal, { hyphenate });
    expect(texts(r).some((t) => t.includes('menneskehandel i Norge'))).toBe(true);
    // The same words unmarked are hyphenated in that column.
    const plain = texts(setText(run('Tiltak mot menneskehandel i Norge og menneskehandel'), 10, () => 120, m, optimal, { hyphenate }));
    expect(plain.some((t) => t.includes('menneskehandel i Norge'))).toBe(false);
  });

  it('honours soft hyphens and does not draw them', () => {
    const r = setText(run('Tiltak mot menne\u00adskehandel'), 10, () => 90, m, optimal, { hyphenate });
    expect(texts(r)).toEqual(['Tiltak mot menne-', 'skehandel']);
  });

  it('breaks a word wider than the column with a visible hyphen, as a last resort', () => {
    const long = 'x'.repeat(60);
    const r = setText(run(`Et ord ${long} her`), 10, () => 100, m, optimal, { hyphenate });
    expect(r.emergencyBreaks).toBeGreaterThan(0);
    for (const l of r.lines) expect(l.width).toBeLessThanOrEqual(100);
    expect(rejoin(r.lines).join('').replace(/ /g, '')).toBe(`Etord${long}her`);
  });

  it('justifies every line but the last to the column width', () => {
    const r = setText(run(SEED), 10, () => 200, m, optimal, { hyphenate, justify: true });
    r.lines.slice(0, -1).forEach((l) => expect(l.width).toBeCloseTo(200, 6));
    expect(r.lines[r.lines.length - 1]!.width).toBeLessThanOrEqual(200);
  });
});

describe('a long word of many styles', () => {
  // 4,200 letters without a space, the style changing every three letters (1,400 pieces): set
  // as the same word in one style, since the fake font's letters are as wide in every style.
  const letters = 'menneskehandel'.repeat(300);
  const styles = ['regular', 'bold', 'italic', 'boldItalic'] as const;
  const pieces = Array.from({ length: letters.length / 3 }, (_, i) => ({ text: letters.slice(3 * i, 3 * i + 3), style: styles[i % 4]! }));
  const styleAt = (i: number) => styles[Math.floor(i / 3) % 4]!;

  for (const [name, breaker, options] of [
    ['first fit', greedyBreaker, {}],
    ['Knuth–Plass', optimalBreaker(), {}],
    ['Knuth–Plass, hyphenated', optimalBreaker(), { hyphenate }],
  ] as const) {
    it(`breaks as the word in one style, each letter in its own style (${name})`, () => {
      const many = setText(pieces, 10, () => 200, m, breaker, options);
      const one = setText(run(letters), 10, () => 200, m, breaker, options);
      expect(many.lines.length).toBeGreaterThan(100);
      expect(texts(many)).toEqual(texts(one));
      expect(many.lines.map((l) => [l.width, l.end])).toEqual(one.lines.map((l) => [l.width, l.end]));
      expect(many.emergencyBreaks).toBe(one.emergencyBreaks);
      let at = 0;
      for (const line of many.lines) {
        for (const f of line.fragments) {
          const own = f.text.replace(/\u00ad$/, '');
          for (let k = 0; k < own.length; k++) expect(f.style).toBe(styleAt(at + k));
          at += own.length;
        }
      }
      expect(at).toBe(letters.length);
    });
  }
});
