import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowItem } from '../../src/layout/flow.js';
import { balanceLastPage, keptHeight, paginate } from '../../src/layout/paginate.js';
import { countColumns } from '../../src/layout/report.js';

const line = (article: number, keep = 0, height = 10): FlowItem => ({ kind: 'line', height, ops: [], article, keep });
const heading = (article: number, height = 20): FlowItem => ({ kind: 'heading', height, ops: [], article, keep: 2 });
const gap = (article: number, height = 5): FlowItem => ({ kind: 'gap', height, ops: [], article, keep: 0 });
const box = (article: number, height: number): FlowItem => ({ kind: 'box', height, ops: [], article, keep: 0 });
const forts = (article: number): FlowItem => ({ kind: 'heading', height: 15, ops: [], article, keep: 1 });

describe('paginate', () => {
  it('fills a column, then goes on in the next with a continuation heading', () => {
    const items = [heading(0), ...Array.from({ length: 10 }, () => line(0))];
    const cont = [forts(0)];
    const columns = paginate(items, cont, 100);
    // 20 + 8 lines of 10 = 100 in the first column; the last two lines follow "forts.".
    expect(columns.map((c) => c.length)).toEqual([9, 3]);
    expect(columns[1]![0]!.item).toBe(cont[0]);
    expect(columns[1]!.map((p) => p.y)).toEqual([0, 15, 25]);
  });

  it('moves a heading on when its first two lines do not fit under it', () => {
    const items = [...Array.from({ length: 7 }, () => line(0)), gap(1), heading(1), line(1), line(1)];
    const columns = paginate(items, [forts(0), forts(1)], 100);
    expect(columns[0]!.length).toBe(7);
    expect(columns[1]![0]!.item.kind).toBe('heading');
    expect(columns[1]![0]!.item).toBe(items[8]);
  });

  it('drops a gap at the top of a column', () => {
    const items = [...Array.from({ length: 10 }, () => line(0)), gap(1), heading(1), line(1), line(1)];
    const columns = paginate(items, [forts(0), forts(1)], 100);
    expect(columns[1]![0]!.y).toBe(0);
  });

  it('keeps an orphan first line with the next', () => {
    const items = [...Array.from({ length: 9 }, () => line(0)), gap(0), line(0, 1), line(0)];
    const columns = paginate(items, [forts(0)], 100);
    expect(columns[0]!.length).toBe(9);
    expect(columns[1]!.map((p) => p.item)).toEqual([forts(0), items[10], items[11]]);
  });

  it('never ends a column on a line that ends with a hyphen', () => {
    // Eight lines fit; the eighth ends with a hyphen, so it goes on with the ninth.
    const items = [...Array.from({ length: 7 }, () => line(0)), { ...line(0), keepSoft: 1 }, line(0), line(0), line(0)];
    const columns = paginate(items, [forts(0)], 80);
    expect(columns[0]!.length).toBe(7);
    expect(columns[1]![1]!.item).toBe(items[7]);
  });

  it('lets the rules give way in a fixed order when they cannot all hold', () => {
    // Lines that all keep the next by the hyphen rule, more than a column holds: the hyphen
    // rule gives way first, widows and orphans still hold.
    const paragraph: FlowItem[] = Array.from({ length: 12 }, (_, i) => ({ ...line(0, i === 0 || i === 10 ? 1 : 0), keepSoft: 1 }));
    expect(keptHeight(paragraph, 0, 0)).toBe(120);
    expect(keptHeight(paragraph, 0, 1)).toBe(20);
    expect(keptHeight(paragraph, 0, 3)).toBe(10);
    const columns = paginate([heading(0), ...paragraph], [forts(0)], 100);
    expect(columns.flat().filter((p) => p.item.kind === 'line').length).toBe(12);
    // A heading and its first two lines stay together even then.
    expect(keptHeight([heading(0), ...paragraph], 0, 2)).toBe(40);
  });

  it('counts what a line keeps with it only as far as a column could hold', () => {
    // A word cut over 2,000 lines: every line ends in a hyphen and keeps the next, so the rule
    // would hold the whole paragraph together, counted again from each of its lines.
    const word: FlowItem[] = Array.from({ length: 2000 }, () => ({ ...line(0), keepSoft: 1 }));
    expect(keptHeight(word, 0, 0)).toBe(20000);
    expect(keptHeight(word, 0, 0, 100)).toBe(110);
    const columns = paginate([heading(0), ...word], [forts(0)], 100);
    expect(columns.flat().map((p) => p.item).filter((i) => i.kind === 'line')).toEqual(word);
  });

  it('gives the same kept heights with a limit, up to the limit', () => {
    const item = fc.oneof(
      fc.record({ kind: fc.constant('line' as const), height: fc.constant(10), keep: fc.integer({ min: 0, max: 1 }), keepSoft: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('gap' as const), height: fc.integer({ min: 1, max: 8 }), keep: fc.constant(0) }),
      fc.record({ kind: fc.constant('box' as const), height: fc.integer({ min: 5, max: 90 }), keep: fc.constant(0) }),
      fc.record({ kind: fc.constant('heading' as const), height: fc.integer({ min: 12, max: 30 }), keep: fc.constant(2) }),
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 80 }), fc.nat(), fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const), fc.integer({ min: 0, max: 300 }), (raw, at, level, limit) => {
        const items: FlowItem[] = raw.map((r) => ({ ...r, ops: [], article: 0 }));
        const i = at % items.length;
        const whole = keptHeight(items, i, level);
        const limited = keptHeight(items, i, level, limit);
        if (whole <= limit) expect(limited).toBe(whole);
        else expect(limited).toBeGreaterThan(limit);
      }),
    );
  });

  it('balances the columns of the last page', () => {
    const items = [heading(0), ...Array.from({ length: 8 }, (_, i) => ({ ...line(0, i === 0 || i === 6 ? 1 : 0), line: { index: i, count: 8, end: 'space' as const, shortfall: 0 } }))];
    const columns = paginate(items, [forts(0)], 200);
    expect(columns.length).toBe(1);
    const balanced = balanceLastPage(items, [forts(0)], 200, 2, columns);
    expect(balanced.length).toBe(2);
    const heights = balanced.map((c) => c[c.length - 1]!.y + c[c.length - 1]!.item.height);
    expect(Math.abs(heights[0]! - heights[1]!)).toBeLessThanOrEqual(20);
    // The second column goes on under the " forts." heading, with no widow or orphan.
    expect(balanced[1]![0]!.item).toEqual(forts(0));
    expect(countColumns(balanced)).toMatchObject({ widows: 0, orphans: 0, lines: 8 });
  });

  it('refuses an item taller than a column', () => {
    expect(() => paginate([box(0, 120)], [forts(0)], 100)).toThrow(/taller than a whole column/);
  });

  it('places every item once, in order, inside the column, and never ends a column on a heading', () => {
    const item = fc.oneof(
      fc.record({ kind: fc.constant('line' as const), height: fc.constant(10), keep: fc.integer({ min: 0, max: 1 }), keepSoft: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('gap' as const), height: fc.integer({ min: 1, max: 8 }), keep: fc.constant(0) }),
      fc.record({ kind: fc.constant('box' as const), height: fc.integer({ min: 5, max: 90 }), keep: fc.constant(0) }),
      fc.record({ kind: fc.constant('heading' as const), height: fc.integer({ min: 12, max: 30 }), keep: fc.constant(2) }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 200 }), (raw) => {
        let article = 0;
        const items: FlowItem[] = raw.map((r) => {
          if (r.kind === 'heading') article++;
          return { ...r, ops: [], article };
        });
        const conts = Array.from({ length: article + 1 }, (_, a) => forts(a));
        const columns = paginate(items, conts, 100);
        const placed = columns.flat().map((p) => p.item).filter((i) => !conts.includes(i));
        expect(placed).toEqual(items.filter((i) => i.kind !== 'gap'));
        // Balancing the last page keeps every item, in order, on as many pages.
        const balanced = balanceLastPage(items, conts, 100, 2, columns);
        expect(balanced.flat().map((p) => p.item).filter((i) => !conts.includes(i))).toEqual(placed);
        expect(Math.ceil(balanced.length / 2)).toBe(Math.ceil(columns.length / 2));
        for (const c of balanced) for (const p of c) expect(p.y + p.item.height).toBeLessThanOrEqual(100 + 1e-6);
        for (const c of columns) {
          for (const p of c) expect(p.y + p.item.height).toBeLessThanOrEqual(100 + 1e-6);
          const last = c[c.length - 1];
          if (last && c !== columns[columns.length - 1]) {
            // A heading may end a column only when nothing of its article could follow it there.
            if (last.item.kind === 'heading') {
              const next = items.slice(items.indexOf(last.item) + 1).find((i) => i.kind !== 'gap');
              expect(next === undefined || next.kind === 'heading' || last.y + last.item.height + next.height > 100).toBe(true);
            }
          }
        }
      }),
    );
  });
});
