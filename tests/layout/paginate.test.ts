import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowItem } from '../../src/layout/flow.js';
import { paginate } from '../../src/layout/paginate.js';

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

  it('refuses an item taller than a column', () => {
    expect(() => paginate([box(0, 120)], [forts(0)], 100)).toThrow(/taller than a whole column/);
  });

  it('places every item once, in order, inside the column, and never ends a column on a heading', () => {
    const item = fc.oneof(
      fc.record({ kind: fc.constant('line' as const), height: fc.constant(10), keep: fc.integer({ min: 0, max: 1 }) }),
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
