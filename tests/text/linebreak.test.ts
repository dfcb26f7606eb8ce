import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSettings, greedyBreaker, optimalBreaker, RAGGED_WEIGHT, toNodes, type BreakItem, type InnerBreak, type LineSpan } from '../../src/text/breaker.js';
import { demeritsOf, INF, isBreak, knuthPlass, type KnuthPlassParams, type Node } from '../../src/text/linebreak.js';

const params: KnuthPlassParams = {
  tolerance: Infinity, linePenalty: 10, flaggedDemerits: 10000, fitnessDemerits: 10000,
  finalHyphenDemerits: 5000, rightStretch: 20, maxFlaggedInRow: Infinity,
};

/** Words of given widths with a space of 5 between them, as nodes of a ragged paragraph. */
function paragraph(widths: readonly number[], space = 5): Node[] {
  const nodes: Node[] = [];
  widths.forEach((w, i) => {
    nodes.push({ type: 'box', width: w });
    if (i < widths.length - 1) nodes.push({ type: 'glue', width: space, stretch: 0, shrink: 0 });
  });
  nodes.push({ type: 'penalty', width: 0, penalty: -INF, flagged: false });
  return nodes;
}

/** The least demerits of any set of breaks, by trying every one: the optimum to check against. */
function bruteForce(nodes: readonly Node[], width: number, p: KnuthPlassParams): number {
  const last = nodes.length - 1;
  const breaks = nodes.map((_, i) => i).filter((i) => isBreak(nodes, i) && i < last);
  let best = Infinity;
  const walk = (chosen: number[], k: number) => {
    best = Math.min(best, demeritsOf(nodes, [...chosen, last], () => width, p));
    for (let j = k; j < breaks.length; j++) walk([...chosen, breaks[j]!], j + 1);
  };
  walk([], 0);
  return best;
}

describe('knuthPlass', () => {
  it('finds the break set of least total demerits (checked by trying every one)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 5, max: 60 }), { minLength: 1, maxLength: 11 }), fc.integer({ min: 60, max: 160 }), (widths, width) => {
        const nodes = paragraph(widths);
        const r = knuthPlass(nodes, () => width, params);
        expect(r).toBeDefined();
        const best = bruteForce(nodes, width, params);
        expect(Math.abs(r!.demerits - best)).toBeLessThanOrEqual(1e-9 * Math.max(1, best));
        expect(demeritsOf(nodes, r!.breaks, () => width, params)).toBeCloseTo(r!.demerits, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('finds the optimum with hyphenation points, flagged demerits and fitness classes too', () => {
    const word = fc.record({ width: fc.integer({ min: 6, max: 60 }), cut: fc.option(fc.integer({ min: 3, max: 50 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.integer({ min: 60, max: 140 }), fc.boolean(), (words, width, justify) => {
        const nodes: Node[] = [];
        words.forEach((w, i) => {
          if (w.cut !== undefined && w.cut < w.width) {
            nodes.push({ type: 'box', width: w.cut }, { type: 'penalty', width: 4, penalty: 50, flagged: true }, { type: 'box', width: w.width - w.cut });
          } else nodes.push({ type: 'box', width: w.width });
          if (i < words.length - 1) nodes.push({ type: 'glue', width: 6, stretch: justify ? 3 : 0, shrink: justify ? 2 : 0 });
        });
        nodes.push({ type: 'penalty', width: 0, penalty: -INF, flagged: false });
        const p = { ...params, rightStretch: justify ? 0 : 20 };
        const r = knuthPlass(nodes, () => width, p);
        const best = bruteForce(nodes, width, p);
        if (best === Infinity) expect(r).toBeUndefined();
        else expect(Math.abs(r!.demerits - best)).toBeLessThanOrEqual(1e-9 * Math.max(1, best));
      }),
      { numRuns: 200 },
    );
  });

  it('prefers two fair lines to a full one and a hole ("aaa bb cc ddddd" in 6 letters)', () => {
    // Letters 10 wide, spaces 10: first fit sets "aaa bb" | "cc" | "ddddd".
    const nodes = paragraph([30, 20, 20, 50], 10);
    const r = knuthPlass(nodes, () => 60, params)!;
    // Breaks after "aaa" (node 1) and after "cc" (node 5): "aaa" | "bb cc" | "ddddd".
    expect(r.breaks).toEqual([1, 5, 7]);
    expect(r.demerits).toBeLessThan(demeritsOf(nodes, [3, 5, 7], () => 60, params));
  });

  it('returns nothing when no set of breaks keeps to the tolerance', () => {
    const nodes = paragraph([80, 10, 80]);
    expect(knuthPlass(nodes, () => 100, { ...params, tolerance: 1 })).toBeUndefined();
  });

  it('never lets more than the allowed number of lines in a row end flagged', () => {
    const nodes: Node[] = [];
    for (let i = 0; i < 12; i++) {
      nodes.push({ type: 'box', width: 30 }, { type: 'penalty', width: 3, penalty: 0, flagged: true }, { type: 'box', width: 30 });
      nodes.push({ type: 'glue', width: 5, stretch: 0, shrink: 0 });
    }
    nodes.pop();
    nodes.push({ type: 'penalty', width: 0, penalty: -INF, flagged: false });
    const r = knuthPlass(nodes, () => 70, { ...params, tolerance: 10000, maxFlaggedInRow: 2 })!;
    let run = 0;
    for (const b of r.breaks) {
      const n = nodes[b]!;
      run = n.type === 'penalty' && n.flagged ? run + 1 : 0;
      expect(run).toBeLessThanOrEqual(2);
    }
  });
});

// Items as the breaker sees them: words with widths, spaces, and places they may break inside.
const innerBreaks = (width: number) =>
  fc.array(fc.record({ at: fc.integer({ min: 1, max: Math.max(1, width - 1) }), kind: fc.constantFrom('hyphen' as const, 'explicit' as const) }), { maxLength: 3 }).map((bs) =>
    [...new Map(bs.filter((b) => b.at < width).map((b) => [b.at, b])).values()]
      .sort((a, b) => a.at - b.at)
      .map((b): InnerBreak => ({ at: b.at, pre: b.kind === 'hyphen' ? 3 : 0, post: 0, kind: b.kind })),
  );
const item: fc.Arbitrary<BreakItem> = fc.integer({ min: 2, max: 70 }).chain((width) =>
  fc.record({ width: fc.constant(width), space: fc.constant(5), tie: fc.boolean().map((t) => t && width < 20), breaks: innerBreaks(width) }),
);

/** Width of each line of a set of spans, as the breaker's items give it. */
function lineWidths(items: readonly BreakItem[], spans: readonly LineSpan[]): number[] {
  return spans.map((s) => {
    let w = 0;
    const first = s.from === undefined ? s.start : s.start + 1;
    if (s.from !== undefined) {
      const it = items[s.start]!;
      const b = it.breaks![s.from]!;
      const end = s.to !== undefined && s.end === s.start ? it.breaks![s.to]!.at + it.breaks![s.to]!.pre : it.width;
      w += end - b.at + b.post;
    }
    for (let i = first; i < s.end; i++) w += items[i]!.width + (i < s.end - 1 || (s.to !== undefined && !(s.from !== undefined && s.end === s.start)) ? items[i]!.space : 0);
    if (s.to !== undefined && !(s.from !== undefined && s.end === s.start)) {
      const b = items[s.end]!.breaks![s.to]!;
      w += b.at + b.pre;
    }
    return w;
  });
}

describe('ragged setting weighed by the squared shortfall', () => {
  it('finds the breaks with the least sum of squared shortfalls (the last line free), as a search of every set of breaks does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 5, max: 60 }), { minLength: 2, maxLength: 11 }), fc.integer({ min: 60, max: 120 }), (widths, L) => {
        const nodes: Node[] = [];
        widths.forEach((w, i) => {
          nodes.push({ type: 'box', width: w });
          nodes.push(i < widths.length - 1 ? { type: 'glue', width: 5, stretch: 0, shrink: 0 } : { type: 'penalty', width: 0, penalty: -INF, flagged: false });
        });
        const p: KnuthPlassParams = {
          tolerance: Infinity, linePenalty: 0, flaggedDemerits: 0, fitnessDemerits: 0, finalHyphenDemerits: 0,
          rightStretch: 17, maxFlaggedInRow: Infinity, shortfallWeight: 1,
        };
        const squares = (ends: readonly number[]) => {
          let sum = 0;
          let start = 0;
          for (const [k, end] of ends.entries()) {
            const width = widths.slice(start, end + 1).reduce((a, w) => a + w, 0) + 5 * (end - start);
            if (width > L) return Infinity;
            if (k < ends.length - 1) sum += (L - width) ** 2;
            start = end + 1;
          }
          return sum;
        };
        // Every set of breaks: a line may end after any word.
        let best = Infinity;
        for (let mask = 0; mask < 1 << (widths.length - 1); mask++) {
          const ends = [...widths.keys()].filter((i) => i === widths.length - 1 || (mask & (1 << i)) !== 0);
          best = Math.min(best, squares(ends));
        }
        const r = knuthPlass(nodes, () => L, p);
        if (best === Infinity) return;
        expect(r).toBeDefined();
        const ends = r!.breaks.map((b) => (b - 1) / 2);
        expect(squares(ends)).toBeCloseTo(best, 6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the optimal breaker', () => {
  it('never makes a line wider than the column, covers every item once in order, is deterministic, and is never worse than first fit', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), fc.integer({ min: 70, max: 300 }), fc.boolean(), (items, width, justify) => {
        const breaker = optimalBreaker();
        const spans = breaker(items, () => width, { justify });
        expect(breaker(items, () => width, { justify })).toEqual(spans);
        // In order, each item once: every line starts where the one before ended.
        let at = { item: 0, brk: undefined as number | undefined };
        for (const s of spans) {
          expect(s.start).toBe(at.item);
          expect(s.from).toBe(at.brk);
          at = s.to === undefined ? { item: s.end, brk: undefined } : { item: s.end, brk: s.to };
        }
        expect(at).toEqual({ item: items.length, brk: undefined });
        const widths = lineWidths(items, spans);
        if (!justify) for (const w of widths) expect(w).toBeLessThanOrEqual(width + 1e-6);
        // Demerits of both results, weighed alike.
        const built = toNodes(items, defaultSettings, justify);
        const weigh = (ss: readonly LineSpan[]) => {
          const index = ss.map((s) => (s.to === undefined ? built.after[s.end - 1] : built.inner[s.end]![s.to]));
          // A line break where words are tied (first fit's way out of a tie too wide) is no break.
          if (index.some((i) => i === undefined)) return Infinity;
          return demeritsOf(built.nodes, index as number[], () => width, {
            tolerance: Infinity, linePenalty: 10, flaggedDemerits: 10000, fitnessDemerits: 10000, finalHyphenDemerits: 5000,
            rightStretch: justify ? 0 : defaultSettings.raggedStretch, maxFlaggedInRow: Infinity, shortfallWeight: RAGGED_WEIGHT,
          });
        };
        const greedy = weigh(greedyBreaker(items, () => width));
        expect(weigh(spans)).toBeLessThanOrEqual(greedy + 1e-9 * Math.max(1, greedy));
      }),
      { numRuns: 300 },
    );
  });
});

// First fit as it was before it looked at the breaks of one line only: every break of the item
// searched again for each cut (time in the square of a long word's length).
const oldGreedy: typeof greedyBreaker = (items, lineWidth) => {
  const lines: LineSpan[] = [];
  let start = 0;
  let from: number | undefined;
  let width = 0;
  const newLine = (end: number, to?: number) => {
    lines.push({ start, end, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    start = end;
    from = to;
    width = 0;
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const L = lineWidth(lines.length) + 1e-6;
    const b0 = i === start && from !== undefined ? item.breaks![from]! : undefined;
    const lead = b0 ? b0.at - b0.post : 0;
    const before = i === start ? 0 : width + items[i - 1]!.space;
    if (before + item.width - lead <= L) {
      width = before + item.width - lead;
      continue;
    }
    let k = i;
    while (k > start && items[k - 1]!.tie) k--;
    if (k > start) {
      newLine(k);
      i = k - 1;
      continue;
    }
    const cut = (item.breaks ?? [])
      .map((b, n) => ({ b, n }))
      .filter(({ b, n }) => b.kind === 'emergency' && (b0 === undefined || n > from!) && before + b.at - lead + b.pre <= L)
      .pop();
    if (cut) {
      newLine(i, cut.n);
      i--;
    } else if (i > start) {
      newLine(i);
      i--;
    } else width = before + item.width - lead;
  }
  if (start < items.length || from !== undefined) newLine(items.length);
  return lines;
};

/** A word of `width` with breaks left to right, emergency ones among them (as set.ts makes for a word too wide). */
const wideItem: fc.Arbitrary<BreakItem> = fc.integer({ min: 2, max: 400 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    space: fc.constant(5),
    tie: fc.boolean().map((t) => t && width < 20),
    breaks: fc.array(fc.record({ at: fc.integer({ min: 1, max: Math.max(1, width - 1) }), pre: fc.constantFrom(0, 3, 4), post: fc.constantFrom(0, -1, 1), kind: fc.constantFrom('hyphen' as const, 'explicit' as const, 'emergency' as const) }), { maxLength: 60 })
      .map((bs) => [...new Map(bs.filter((b) => b.at < width).map((b) => [b.at, b])).values()].sort((a, b) => a.at - b.at) as InnerBreak[]),
  }),
);

describe('first fit', () => {
  it('cuts words too wide for a line where it did before looking at one line of breaks only', () => {
    fc.assert(
      fc.property(fc.array(wideItem, { minLength: 1, maxLength: 30 }), fc.integer({ min: 20, max: 150 }), (items, width) => {
        expect(greedyBreaker(items, () => width)).toEqual(oldGreedy(items, () => width));
      }),
      { numRuns: 500 },
    );
  });

  it('cuts a word of 8,000 letters as before', () => {
    const breaks: InnerBreak[] = Array.from({ length: 7999 }, (_, i) => ({ at: 5 * (i + 1), pre: 3, post: 0, kind: i % 9 === 4 ? 'hyphen' : 'emergency' }));
    const items: BreakItem[] = [{ width: 40, space: 5 }, { width: 40000, space: 5, breaks }, { width: 30, space: 0 }];
    const spans = greedyBreaker(items, (i) => (i === 0 ? 120 : 200));
    expect(spans.length).toBeGreaterThan(200);
    expect(spans).toEqual(oldGreedy(items, (i) => (i === 0 ? 120 : 200)));
  });
});
