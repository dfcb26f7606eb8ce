// Flow items → columns. A pure function: items are placed top to bottom, column after column;
// a column break inside an article repeats its heading with " forts."; keeps (heading with its
// first lines, no orphans, no widows) move items on together; gaps vanish at a column's top.

import type { FlowItem } from './flow.js';

export interface Placed {
  readonly item: FlowItem;
  readonly y: number;
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
    const need = keptHeight(items, i);
    const fits = y + need <= columnHeight + EPS;
    // Move on when the item and what it keeps do not fit; a keep that no column could meet is
    // relaxed to the item alone rather than leaving a hole.
    const keepPossible = need <= columnHeight + EPS;
    const fitsAlone = y + item.height <= columnHeight + EPS;
    if (current.length > 0 && (!fitsAlone || (!fits && keepPossible))) {
      newColumn();
      const continuation = continuations[item.article]!;
      if (item.kind !== 'heading' && continuation.height + item.height <= columnHeight + EPS) place(continuation);
    }
    place(item);
  }
  if (columns[columns.length - 1]!.length === 0) columns.pop();
  return columns;
}

/**
 * Height of an item together with the items it must share a column with. A heading keeps
 * its first lines (or the picture right under it); a line keeps the next lines of its text.
 */
export function keptHeight(items: readonly FlowItem[], i: number): number {
  const first = items[i]!;
  let height = first.height;
  let keep = first.keep;
  let lines = 0;
  for (let j = i + 1; j < items.length && keep > 0; j++) {
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
    keep = Math.max(keep - 1, next.keep);
  }
  return height;
}
