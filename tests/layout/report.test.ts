// The layout report's fill figures, from placed columns.
import { describe, expect, it } from 'vitest';
import type { FlowItem } from '../../src/layout/flow.js';
import { columnFill, fillOf, type PageReport } from '../../src/layout/report.js';

const item = (kind: FlowItem['kind'], height: number): FlowItem => ({ kind, height, ops: [], article: 0, keep: 0 });

describe('the fill figures', () => {
  it('measure a column to the foot of its last line or picture, in percent of its height', () => {
    expect(columnFill([{ item: item('heading', 20), y: 0 }, { item: item('line', 10), y: 20 }, { item: item('box', 40), y: 35 }], 100)).toBe(75);
    expect(columnFill([], 100)).toBe(0);
  });

  it('find the least full page that is not a section\'s last, and add up the forts. headings', () => {
    const page = (n: number, fill: number[], sectionLast: boolean, continuations: string[] = []): PageReport => ({
      page: n, fill, sectionLast, continuations, continuationLines: continuations.length * 1.4, pictures: [],
      lines: 0, hyphenatedLines: 0, emergencyBreaks: 0, widows: 0, orphans: 0, overfullLines: 0, hyphenAtColumnEnd: 0, raggedness: 0, nonFinalLines: 0,
    });
    const fill = fillOf(5, [page(2, [95, 90], false, ['A forts.']), page(3, [40, 0], true), page(4, [99, 86], false, ['B forts.', 'C forts.']), page(5, [20], true)], 10, 12);
    expect(fill.leastFull).toEqual({ page: 4, percent: 86 });
    expect(fill.continuationHeadings).toBe(3);
    expect(fill.continuationLines).toBeCloseTo(4.2, 6);
    expect(fill).toMatchObject({ pages: 5, cost: 10, greedyCost: 12 });
  });
});
