// Flow items → columns. A pure function: items are placed top to bottom, column after column;
// a column break inside an article repeats its heading with " forts."; keeps (heading with its
// first lines, no orphans, no widows, no hyphen at a column's foot) move items on together;
// gaps vanish at a column's top.
//
// When the keeps cannot all hold (what they hold together is taller than a column), they give
// way in a fixed order, never dropping text: first the hyphen rule, then widows and orphans,
// then the heading's hold on its first lines.

import type { FlowItem } from './flow.js';

export interface Placed {
  readonly item: FlowItem;
  readonly y: number;
  /** A picture set smaller than its natural size: placed height ÷ natural height. */
  readonly scale?: number;
  /** A picture moved on to this column's top from the column before (by so many columns). */
  readonly floated?: number;
}

export type Column = readonly Placed[];

export class UnfittableError extends Error {
  constructor(readonly item: FlowItem) {
    super('an item is taller than a whole column');
  }
}

export function paginate(items: readonly FlowItem[], continuations: readonly FlowItem[], columnHeight: number): Column[] {
  const columns: Placed[][] = [[]];
  let y = 0;
  let current = columns[0]!;
  const EPS = 1e-6;

  const newColumn = () => {
    current = [];
    columns.push(current);
    y = 0;
  };
  const place = (item: FlowItem) => {
    current.push({ item, y });
    y += item.height;
  };

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'gap') {
      const prev = current[current.length - 1];
      // Space at a column's top or under a heading is not wanted.
      if (prev && prev.item.kind !== 'heading') y += item.height;
      continue;
    }
    if (item.height > columnHeight + EPS) throw new UnfittableError(item);
    // The strictest set of rules that some column could meet.
    let need = item.height;
    for (const level of RELAX) {
      const h = keptHeight(items, i, level, columnHeight + EPS);
      if (h <= columnHeight + EPS) {
        need = h;
        break;
      }
    }
    if (current.length > 0 && y + need > columnHeight + EPS) {
      newColumn();
      const continuation = continuations[item.article]!;
      if (item.kind !== 'heading' && continuation.height + item.height <= columnHeight + EPS) place(continuation);
    }
    place(item);
  }
  if (columns[columns.length - 1]!.length === 0) columns.pop();
  return columns;
}

/** How strict keeps are: all rules, without the hyphen rule, headings only, none. */
export type Relax = 0 | 1 | 2 | 3;
const RELAX: readonly Relax[] = [0, 1, 2, 3];

function keepOf(item: FlowItem, level: Relax): number {
  if (level >= 3) return 0;
  if (level >= 2) return item.kind === 'heading' ? item.keep : 0;
  return level === 0 ? Math.max(item.keep, item.keepSoft ?? 0) : item.keep;
}

/**
 * Height of an item together with the items it must share a column with. A heading keeps
 * its first lines (or the picture right under it); a line keeps the next lines of its text.
 * Counting stops once the height is above `limit` (the answer is then some height above it):
 * lines that keep each other on and on (a long word cut over many lines, each ending in a
 * hyphen) would otherwise be counted again from every line, in time the square of their number.
 */
export function keptHeight(items: readonly FlowItem[], i: number, level: Relax = 0, limit = Infinity): number {
  const first = items[i]!;
  let height = first.height;
  let keep = keepOf(first, level);
  let lines = 0;
  for (let j = i + 1; j < items.length && keep > 0 && height <= limit; j++) {
    const next = items[j]!;
    if (next.kind === 'gap') {
      height += next.height;
      continue;
    }
    if (next.kind === 'heading') break;
    if (next.kind === 'box') {
      if (first.kind === 'heading' && lines === 0) height += next.height;
      break;
    }
    lines++;
    height += next.height;
    keep = Math.max(keep - 1, keepOf(next, level));
  }
  return height;
}

/**
 * Balances the columns of the last page: the items that paginate put on it are laid out again
 * in the lowest columns that still hold them in `perPage` columns, so that the columns end at
 * about the same height. `columns` is paginate's result for the same items.
 */
export function balanceLastPage(
  items: readonly FlowItem[], continuations: readonly FlowItem[], columnHeight: number, perPage: number, columns: Column[],
): Column[] {
  if (perPage < 2 || columns.length === 0) return columns;
  const firstOfPage = Math.floor((columns.length - 1) / perPage) * perPage;
  const page = columns.slice(firstOfPage);
  const placed = page.flat();
  const firstPlaced = placed.find((p) => !continuations.includes(p.item));
  if (!firstPlaced) return columns;
  const from = items.indexOf(firstPlaced.item);
  if (from < 0) return columns;
  const head = placed[0]!.item !== firstPlaced.item ? [placed[0]!.item] : [];
  const rest = [...head, ...items.slice(from)];
  const used = (c: Column) => (c.length === 0 ? 0 : c[c.length - 1]!.y + c[c.length - 1]!.item.height);
  // Nothing to balance when the last column is (nearly) as full as the first.
  if (page.length === perPage && used(page[0]!) - used(page[page.length - 1]!) < 1) return columns;
  const total = rest.reduce((s, it) => s + it.height, 0);
  const attempt = (h: number): Column[] | undefined => {
    let again: Column[];
    try {
      again = paginate(rest, continuations, h);
    } catch {
      return undefined;
    }
    // Every column after the first must open with a heading (the article's or its " forts.").
    const opened = again.slice(1).every((c) => c[0]?.item.kind === 'heading');
    return again.length <= perPage && opened ? again : undefined;
  };
  // The lowest height that holds the page, found by halving to within a point. (Keeps can make
  // this not quite the lowest, when a lower height would work only by moving lines on
  // differently; the columns still end within a line or two of each other.)
  let lo = Math.max(total / perPage, ...rest.map((it) => it.height));
  let hi = columnHeight;
  let best = attempt(hi);
  if (!best) return columns;
  while (hi - lo > 1) {
    const mid = (lo + hi) / 2;
    const again = attempt(mid);
    if (again) {
      hi = mid;
      best = again;
    } else lo = mid;
  }
  return [...columns.slice(0, firstOfPage), ...best];
}
