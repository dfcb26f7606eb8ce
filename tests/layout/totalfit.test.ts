// Total-fit pagination: the properties it must keep on any section, and what it does better
// than greedy on the cases the greedy paginator gets wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowItem } from '../../src/layout/flow.js';
import type { Column } from '../../src/layout/paginate.js';
import { breaksOf, COST, costOf, greedyColumns, optimalBreaks, paginateSection, place, type Section } from '../../src/layout/totalfit.js';

const EPS = 1e-6;
const line = (article: number, keep = 0): FlowItem => ({ kind: 'line', height: 10, ops: [], article, keep });
const heading = (article: number, height = 20): FlowItem => ({ kind: 'heading', height, ops: [], article, keep: 2 });
const gap = (article: number, height = 4, stretch = 1, shrink = 2): FlowItem => ({ kind: 'gap', height, ops: [], article, keep: 0, stretch, shrink });
const picture = (article: number, height: number): FlowItem => ({
  kind: 'box', height, article, keep: 0, shrink: height * 0.2, picture: { alt: `p${article}`, imageHeight: height },
  ops: [{ kind: 'image', x: 0, y: 0, width: 50, height, picture: '/p.png', alt: 'p', role: { kind: 'figure', block: 'b', alt: 'p' } }],
});
const forts = (article: number): FlowItem => ({ kind: 'heading', height: 15, ops: [], article, keep: 1 });

/** A paragraph of n lines with the keeps flow.ts gives (no orphan, no widow). */
const paragraph = (article: number, n: number) => Array.from({ length: n }, (_, i) => line(article, n >= 2 && (i === 0 || i === n - 2) ? 1 : 0));

function sectionOf(items: FlowItem[], columnHeight: number, perPage: number): Section {
  const articles = Math.max(0, ...items.map((i) => i.article)) + 1;
  return { items, continuations: Array.from({ length: articles }, (_, a) => forts(a)), columnHeight, perPage, balance: true };
}

/** Every placed item of the section's own, in order (continuations left out). */
const placed = (s: Section, columns: readonly Column[]) => columns.flat().map((p) => p.item).filter((it) => !s.continuations.includes(it));
const natural = (s: Section, it: FlowItem) => s.items.find((x) => x === it || (x.picture && it.picture && x.picture.alt === it.picture.alt && x.article === it.article)) ;

const arbitrarySection = fc
  .record({
    articles: fc.array(
      fc.array(fc.oneof(fc.integer({ min: 1, max: 9 }).map((n) => ({ lines: n })), fc.integer({ min: 20, max: 90 }).map((h) => ({ picture: h }))), { minLength: 1, maxLength: 6 }),
      { minLength: 1, maxLength: 6 },
    ),
    columnHeight: fc.integer({ min: 120, max: 300 }),
    perPage: fc.constantFrom(1, 2),
  })
  .map(({ articles, columnHeight, perPage }) => {
    const items: FlowItem[] = [];
    articles.forEach((blocks, a) => {
      if (a > 0) items.push(gap(a, 8, 3, 3));
      items.push(heading(a));
      blocks.forEach((b, k) => {
        if (k > 0) items.push(gap(a));
        if ('lines' in b) items.push(...paragraph(a, b.lines));
        else items.push(picture(a, b.picture));
      });
    });
    return sectionOf(items, columnHeight, perPage);
  });

describe('total-fit pagination, on any section', () => {
  it('ends, loses no item, keeps their order, and keeps every item inside its column', () => {
    fc.assert(
      fc.property(arbitrarySection, (s) => {
        const columns = paginateSection(s);
        const own = placed(s, columns);
        const expected = s.items.filter((it) => it.kind !== 'gap');
        expect(own.length).toBe(expected.length);
        // Text in its order exactly; a picture may float past some of its article's lines, but
        // the pictures keep their order.
        const text = (xs: readonly FlowItem[]) => xs.filter((it) => it.kind !== 'box');
        expect(text(own)).toEqual(text(expected));
        const pictures = (xs: readonly FlowItem[]) => xs.filter((it) => it.kind === 'box').map((it) => `${it.article}/${it.picture?.imageHeight}`);
        expect(own.filter((it) => it.kind === 'box').map((it) => it.article)).toEqual(expected.filter((it) => it.kind === 'box').map((it) => it.article));
        expect(pictures(own).length).toBe(pictures(expected).length);
        for (const c of columns) for (const p of c) expect(p.y + p.item.height).toBeLessThanOrEqual(s.columnHeight + EPS);
      }),
      { numRuns: 300 },
    );
  });

  it('never costs more than greedy pagination, by the cost it minimises', () => {
    fc.assert(
      fc.property(arbitrarySection, (s) => {
        const optimal = optimalBreaks(s);
        const greedy = costOf(s, breaksOf(s, greedyColumns(s)));
        if (optimal) expect(costOf(s, optimal)).toBeLessThanOrEqual(greedy + EPS);
        else expect(Number.isFinite(greedy)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a picture in its article, and a " forts." heading only at the top of a column its article goes on in', () => {
    fc.assert(
      fc.property(arbitrarySection, (s) => {
        const columns = paginateSection(s);
        let article = 0;
        columns.forEach((c, k) => {
          c.forEach((p, i) => {
            expect(p.item.article).toBeGreaterThanOrEqual(article);
            article = p.item.article;
            if (s.continuations.includes(p.item)) {
              expect(i).toBe(0);
              // The article was already under way in the column before.
              const before = columns[k - 1]!;
              expect(before[before.length - 1]!.item.article).toBe(p.item.article);
              expect(c[1]?.item.article).toBe(p.item.article);
            }
          });
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('total-fit pagination, where greedy goes wrong', () => {
  it('pulls a tail back by shrinking the spaces, where greedy starts a page for three lines', () => {
    // One-line paragraphs under a heading, spaces of 4 that may shrink by 2: a column of 300
    // holds 20 of them at their natural spacing and 23 shrunk; 43 fit on one page only shrunk.
    const items = [heading(0), ...Array.from({ length: 43 }, (_, i) => [...(i > 0 ? [gap(0)] : []), line(0)]).flat()];
    const s = sectionOf(items, 300, 2);
    const greedy = greedyColumns(s);
    expect(Math.ceil(greedy.length / 2)).toBe(2);
    const breaks = optimalBreaks(s)!;
    expect(breaks.map((b) => b.at).length).toBe(2);
    const columns = paginateSection(s);
    expect(placed(s, columns).length).toBe(44);
    for (const c of columns) for (const p of c) expect(p.y + p.item.height).toBeLessThanOrEqual(300 + EPS);
    expect(costOf(s, breaks)).toBeLessThan(costOf(s, breaksOf(s, greedy)));
  });

  it('never splits a tail of a few lines over two columns: it fills the last page to a quarter, or sets it in one column', () => {
    // Two full columns of one long paragraph, and four lines more.
    const t = sectionOf([heading(0), ...paragraph(0, 60)], 300, 2);
    const foot = (c: Column) => Math.max(...c.map((p) => p.y + p.item.height));
    const columns = paginateSection(t);
    expect(placed(t, columns).length).toBe(61);
    const lastPage = columns.slice(Math.floor((columns.length - 1) / 2) * 2);
    const area = lastPage.reduce((sum, c) => sum + foot(c), 0) / (2 * 300);
    expect(lastPage.length === 1 || area >= 0.25).toBe(true);
    // Every other page at least 85 % full in each column.
    for (const c of columns.slice(0, columns.length - lastPage.length)) expect(foot(c) / 300).toBeGreaterThanOrEqual(0.85);
    // The greedy balancer splits the four lines 2 + 2 under a " forts." heading each.
    const greedy = greedyColumns(t);
    expect(greedy.length).toBe(4);
    expect(placed(t, greedy.slice(2)).length).toBe(4);
    expect(costOf(t, breaksOf(t, greedy))).toBeGreaterThanOrEqual(COST.splitTailCost);
  });

  it('sets a last page of pictures only side by side, however little they fill', () => {
    // Two full columns of text, then two pictures alone on the last page: together less than
    // half a column, which for lines of text would stay in one column (the test above).
    const t = sectionOf([heading(0), ...paragraph(0, 56), gap(0), picture(0, 90), gap(0), picture(0, 40)], 300, 2);
    const columns = paginateSection(t);
    expect(placed(t, columns).length).toBe(59);
    expect(columns.length).toBe(4);
    // One picture a column on the last page, not both in one beside an empty one.
    expect(columns.slice(2).map((c) => c.filter((p) => p.item.picture).length)).toEqual([1, 1]);
    expect(columns.slice(2).flat().some((p) => p.item.kind === 'line')).toBe(false);
  });

  it('floats a picture that does not fit to the next column\'s top, the text after it filling the gap', () => {
    // 20 + 120 of text, then a picture of 100 that does not fit (even at 80 %) in a column of
    // 200, then 200 of text: greedy leaves 60 empty; the float fills the column.
    const items = [heading(0), ...paragraph(0, 12), gap(0, 4, 0, 0), picture(0, 100), gap(0, 4, 0, 0), ...paragraph(0, 20)];
    const s = sectionOf(items, 200, 2);
    const columns = paginateSection(s);
    const foot = (c: Column) => Math.max(...c.map((p) => p.y + p.item.height));
    expect(columns[0]!.some((p) => p.item.kind === 'box')).toBe(false);
    expect(foot(columns[0]!)).toBeGreaterThan(0.9 * 200);
    // The next column: the article's " forts.", the picture, then the rest of the text.
    expect(columns[1]![0]!.item).toBe(s.continuations[0]);
    expect(columns[1]![1]!.item.kind).toBe('box');
    expect(columns[1]![1]!.floated).toBe(1);
    expect(placed(s, columns).length).toBe(items.filter((i) => i.kind !== 'gap').length);
    const greedy = greedyColumns(s);
    expect(foot(greedy[0]!)).toBeLessThan(0.75 * 200);
  });

  it('scales a picture down, within its bounds, to keep it in the column the text mentions it in', () => {
    // 20 + 40 + 4 + picture 40: 104 in a column of 100; the picture may shrink by 8.
    const withPicture = [heading(0), ...paragraph(0, 4), gap(0, 4, 0, 0), picture(0, 40), gap(0, 4, 0, 0), ...paragraph(0, 12)];
    const t = sectionOf(withPicture, 100, 2);
    const columns = paginateSection(t);
    const box = columns[0]!.find((p) => p.item.kind === 'box');
    expect(box).toBeDefined();
    expect(box!.scale).toBeGreaterThanOrEqual(0.8 - EPS);
    expect(box!.scale).toBeLessThan(1);
    expect(box!.y + box!.item.height).toBeLessThanOrEqual(100 + EPS);
    expect(natural(t, box!.item)).toBeDefined();
  });
});
