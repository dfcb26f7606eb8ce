// Total-fit pagination of a section: its column breaks chosen together to minimise one cost,
// the way Knuth–Plass chooses a paragraph's line breaks (Plass; Brüggemann-Klein et al. on
// optimal page breaking). A dynamic programme over break candidates: a state is "a column
// starts at item i, as the nth column of its page"; each state tries every end its column can
// have (about a column's worth of items), so the work is the items times a column's items.
//
// What a column may use: the spaces between items stretch and shrink within the bounds the
// layout gives (`pagination:`), and pictures shrink down to `pagination.pictureScale`. What a
// solution costs (all weights below, in one place):
// - space left empty at a column's foot, squared (a column that is not its section's last);
// - stretch and shrink used, squared (a little of both is free of notice, much is not);
// - every page (so fewer pages win when the flexible material allows), every " forts." heading;
// - a rule given way to at a break: a hyphen at a column's foot, a widow or orphan, a heading
//   parted from its first lines (the same levels as the greedy paginator, dearer and dearer);
// - the section's last page: columns of unequal height (balancing), a tail of a few lines
//   split over two columns (set in one instead), a page less than a quarter full.
// The greedy paginator stays, as the fallback for a section too large to optimise and as the
// yardstick: `paginateSection` takes whichever of the two costs less, and tests show that the
// total fit never costs more.
import type { FlowItem } from './flow.js';
import { balanceLastPage, keptHeight, paginate, UnfittableError, type Column, type Placed, type Relax } from './paginate.js';

export const COST = {
  /** Weight of the empty fraction of a column's height, squared. */
  empty: 10000,
  stretch: 100,
  shrink: 300,
  page: 6000,
  continuation: 150,
  /** A break that gives way to the hyphen rule, to widows and orphans, to a heading's hold. */
  relax: [0, 2000, 5000, 100000] as readonly number[],
  /** Unequal columns on a section's last page: the difference as a fraction of the height, squared. */
  balance: 5000,
  /** A last page's two columns that together hold less than this fraction of one column (a quarter of the page). */
  splitTail: 0.5,
  splitTailCost: 20000,
  /** A last page less than this fraction full … */
  sparse: 0.25,
  /** … costs this much at worst (when all but empty), in proportion below that. */
  sparseCost: 4000,
} as const;

/** Sections with more items than this are paginated greedily (the programme's time grows with them). */
export const OPTIMISE_UP_TO = 6000;

const EPS = 1e-6;

export interface Section {
  readonly items: readonly FlowItem[];
  readonly continuations: readonly FlowItem[];
  readonly columnHeight: number;
  readonly perPage: number;
  readonly balance: boolean;
}

/** A section's pagination as data: where each column starts (an index into the items). */
export type Breaks = readonly number[];

interface Metrics {
  /** Natural height, the continuation heading included. */
  readonly natural: number;
  readonly stretch: number;
  readonly shrink: number;
  readonly continued: boolean;
}

export interface Paginated {
  readonly columns: Column[];
  /** The cost of the columns chosen, and of greedy's (Infinity: greedy broke a rule no cost allows). */
  readonly cost: number;
  readonly greedyCost: number;
}

/** Paginates a section by total fit, or greedily when that costs less or the section is too large. */
export function paginateSection(section: Section): Column[] {
  return paginateWithCost(section).columns;
}

/** What a section's pagination came to, kept by the shape of its items (see `shapeOf`). */
export interface Memo {
  readonly breaks?: Breaks;
  readonly cost: number;
  readonly greedyCost: number;
}

/**
 * `memo` keeps results across the passes that settle cross-references: a section whose items
 * have the same heights and rules as in the pass before is placed at the same breaks.
 */
export function paginateWithCost(section: Section, memo?: Map<string, Memo>): Paginated {
  for (const item of section.items) if (item.height > section.columnHeight + EPS) throw new UnfittableError(item);
  const key = memo ? shapeOf(section) : '';
  const known = memo?.get(key);
  if (known) return { columns: known.breaks ? place(section, known.breaks) : greedyColumns(section), cost: known.cost, greedyCost: known.greedyCost };
  const greedy = greedyColumns(section);
  const greedyCost = costOf(section, breaksOf(section, greedy));
  const optimal = section.items.length > OPTIMISE_UP_TO ? undefined : optimalBreaks(section);
  const cost = optimal ? costOf(section, optimal) : Infinity;
  const useOptimal = optimal !== undefined && cost <= greedyCost;
  memo?.set(key, useOptimal ? { breaks: optimal, cost, greedyCost } : { cost: greedyCost, greedyCost });
  return useOptimal ? { columns: place(section, optimal), cost, greedyCost } : { columns: greedy, cost: greedyCost, greedyCost };
}

/** Everything about a section's items that pagination reads: kinds, heights, keeps, flexibility, articles. */
function shapeOf(section: Section): string {
  const item = (i: FlowItem) => `${i.kind}${i.height}/${i.keep}/${i.keepSoft ?? ''}/${i.stretch ?? ''}/${i.shrink ?? ''}/${i.article}`;
  return [section.columnHeight, section.perPage, section.balance, section.continuations.map((c) => c.height).join(','), ...section.items.map(item)].join('|');
}

export function greedyColumns(section: Section): Column[] {
  const { items, continuations, columnHeight, perPage } = section;
  const columns = paginate(items, continuations, columnHeight);
  return section.balance ? balanceLastPage(items, continuations, columnHeight, perPage, columns) : columns;
}

/** The column starts of placed columns (the first item of each that is not a " forts." heading). */
export function breaksOf(section: Section, columns: readonly Column[]): Breaks {
  const index = new Map(section.items.map((it, i) => [it, i]));
  return columns.map((c) => {
    const first = c.find((p) => index.has(p.item) && !section.continuations.includes(p.item)) ?? c[0];
    return first ? (index.get(first.item) ?? 0) : 0;
  });
}

/** Where a column may end: for each item, the laxest level of the rules that a break before it needs. */
function breakLevels(items: readonly FlowItem[]): Relax[] {
  const level: Relax[] = items.map(() => 0);
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.kind === 'gap') continue;
    for (const L of [0, 1, 2] as const) {
      // The items i must share a column with at level L: up to the height keptHeight counts.
      let h = keptHeight(items, i, L);
      for (let j = i; j < items.length && h > EPS; j++) {
        h -= items[j]!.height;
        if (j > i && level[j]! < L + 1) level[j] = (L + 1) as Relax;
      }
    }
  }
  return level;
}

class Model {
  readonly items: readonly FlowItem[];
  readonly H: number;
  readonly level: Relax[];
  private readonly tails = new Map<number, Metrics | undefined>();
  /** The least height the items from i on can take (their heights, shrunk; gaps left out). */
  readonly rest: Float64Array;

  constructor(readonly section: Section) {
    this.items = section.items;
    this.H = section.columnHeight;
    this.level = breakLevels(section.items);
    this.rest = new Float64Array(this.items.length + 1);
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i]!;
      this.rest[i] = this.rest[i + 1]! + (it.kind === 'gap' ? 0 : it.height - (it.shrink ?? 0));
    }
  }

  /** The next item from i on that is not a gap (a column's start), or the items' length. */
  next(i: number): number {
    while (i < this.items.length && this.items[i]!.kind === 'gap') i++;
    return i;
  }

  /**
   * Each end e a column starting at s can have, with the column's metrics, shortest first,
   * up to the first that cannot fit even shrunk. `e` is the start of the next column.
   */
  *ends(s: number): Generator<[number, Metrics]> {
    const { items, H } = this;
    const first = items[s]!;
    const continued = s > 0 && first.kind !== 'heading';
    const cont = continued ? this.section.continuations[first.article]!.height : 0;
    let natural = cont, stretch = 0, shrink = 0;
    let gapN = 0, gapS = 0, gapK = 0;
    let prev: FlowItem | undefined;
    for (let j = s; j <= items.length; j++) {
      const it = items[j];
      if (it?.kind === 'gap') {
        // Space at a column's top or under a heading is not wanted.
        if (prev && prev.kind !== 'heading') {
          gapN += it.height;
          gapS += it.stretch ?? 0;
          gapK += it.shrink ?? 0;
        }
        continue;
      }
      if (j > s) yield [j, { natural, stretch, shrink, continued }];
      if (!it) return;
      natural += gapN + it.height;
      stretch += gapS;
      shrink += gapK + (it.shrink ?? 0);
      gapN = gapS = gapK = 0;
      prev = it;
      // (A column whose first item does not fit under its " forts." heading has no end: the
      // programme then finds no pagination, and greedy's, which leaves the heading out, is used.)
      if (natural - shrink > H + EPS) return;
    }
  }

  /** Metrics of the column from s to the section's end. */
  tail(s: number): Metrics | undefined {
    if (this.tails.has(s)) return this.tails.get(s);
    let last: Metrics | undefined;
    if (this.rest[s]! <= this.H + EPS) for (const [e, m] of this.ends(s)) if (e === this.items.length) last = m;
    this.tails.set(s, last);
    return last;
  }

  /** Height of a column once flexed: shrunk to fit if it must, else natural (or stretched, if `fill`). */
  flexed(m: Metrics, fill: boolean): { height: number; ratio: number } {
    const { H } = this;
    if (m.natural > H + EPS) return { height: H, ratio: m.shrink > 0 ? -(m.natural - H) / m.shrink : 0 };
    if (!fill || m.stretch <= 0) return { height: m.natural, ratio: 0 };
    const ratio = Math.min(1, (H - m.natural) / m.stretch);
    return { height: m.natural + ratio * m.stretch, ratio };
  }

  flexCost(ratio: number): number {
    return ratio < 0 ? COST.shrink * ratio * ratio : COST.stretch * ratio * ratio;
  }

  /** A column that is not on its section's last page, ending before item e. */
  columnCost(m: Metrics, e: number): number {
    if (m.natural - m.shrink > this.H + EPS) return Infinity;
    const { height, ratio } = this.flexed(m, true);
    const empty = (this.H - height) / this.H;
    return COST.empty * empty * empty + this.flexCost(ratio) + this.breakCost(e) + (m.continued ? COST.continuation : 0);
  }

  breakCost(e: number): number {
    return e < this.items.length ? COST.relax[this.level[e]!]! : 0;
  }

  /** The last page: one column from s, or two split before e. */
  lastPageCost(s: number, e?: number, first?: Metrics): number {
    const { H } = this;
    const perPage = this.section.perPage;
    const sparse = (used: number) => {
      const fill = used / (perPage * H);
      return fill < COST.sparse ? (COST.sparseCost * (COST.sparse - fill)) / COST.sparse : 0;
    };
    if (e === undefined) {
      const m = this.tail(s);
      if (!m || m.natural - m.shrink > H + EPS) return Infinity;
      const { height, ratio } = this.flexed(m, false);
      // One column beside an empty one is unbalanced, unless it is a tail too short to split.
      const diff = height / H;
      const balance = perPage > 1 && this.section.balance && height >= COST.splitTail * H ? COST.balance * diff * diff : 0;
      return balance + this.flexCost(ratio) + sparse(height) + (m.continued ? COST.continuation : 0);
    }
    const second = this.tail(e);
    if (!first || !second || second.natural - second.shrink > H + EPS || first.natural - first.shrink > H + EPS) return Infinity;
    if (!this.section.balance) return this.columnCost(first, e) + this.lastPageCost(e);
    const a = this.flexed(first, false);
    const b = this.flexed(second, false);
    const diff = (a.height - b.height) / H;
    // The right column a little shorter than the left is what balancing looks like; taller is not.
    const balance = COST.balance * diff * diff * (diff < 0 ? 4 : 1);
    const split = a.height + b.height < COST.splitTail * H ? COST.splitTailCost : 0;
    return balance + split + sparse(a.height + b.height) + this.flexCost(a.ratio) + this.flexCost(b.ratio) +
      this.breakCost(e) + (first.continued ? COST.continuation : 0) + (second.continued ? COST.continuation : 0);
  }
}

/** The cheapest breaks, or undefined when no pagination fits (greedy then decides what gives way). */
export function optimalBreaks(section: Section): Breaks | undefined {
  const model = new Model(section);
  const n = section.items.length;
  const P = section.perPage;
  if (n === 0) return [];
  // cost[p][i]: the least cost of the items before i, with a column starting at i as column p of its page.
  const cost = Array.from({ length: P }, () => new Float64Array(n).fill(Infinity));
  const back = Array.from({ length: P }, () => new Int32Array(n).fill(-1));
  const start = model.next(0);
  cost[0]![start] = COST.page;
  let best = Infinity;
  let bestEnd: { s: number; e?: number } | undefined;
  for (let s = start; s < n; s = model.next(s + 1)) {
    let any = false;
    for (let p = 0; p < P; p++) any ||= Number.isFinite(cost[p]![s]!);
    if (!any) continue;
    const c0 = cost[0]![s]!;
    // Only a start from which the rest can fit on one page can start the last page.
    const last = Number.isFinite(c0) && model.rest[s]! <= P * section.columnHeight + EPS;
    if (last) {
      const one = c0 + model.lastPageCost(s);
      if (one < best) [best, bestEnd] = [one, { s }];
    }
    for (const [e, m] of model.ends(s)) {
      if (e >= n) break;
      if (last && P > 1) {
        const two = c0 + model.lastPageCost(s, e, m);
        if (two < best) [best, bestEnd] = [two, { s, e }];
      }
      const column = model.columnCost(m, e);
      if (!Number.isFinite(column)) continue;
      for (let p = 0; p < P; p++) {
        const c = cost[p]![s]!;
        if (!Number.isFinite(c)) continue;
        const q = (p + 1) % P;
        const next = c + column + (q === 0 ? COST.page : 0);
        if (next < cost[q]![e]!) {
          cost[q]![e] = next;
          back[q]![e] = s;
        }
      }
    }
  }
  if (!bestEnd) return undefined;
  const starts: number[] = bestEnd.e === undefined ? [bestEnd.s] : [bestEnd.s, bestEnd.e];
  let s = bestEnd.s;
  let p = 0;
  while (s !== start) {
    const prev = back[p]![s]!;
    p = (p - 1 + P) % P;
    starts.unshift(prev);
    s = prev;
  }
  return starts;
}

/** The cost of any breaks, by the same model the programme minimises. */
export function costOf(section: Section, breaks: Breaks): number {
  const model = new Model(section);
  const P = section.perPage;
  const n = section.items.length;
  if (breaks.length === 0) return n === 0 ? 0 : Infinity;
  const lastPage = Math.floor((breaks.length - 1) / P) * P;
  let total = 0;
  const metricsOf = (s: number, e: number) => {
    for (const [end, m] of model.ends(s)) if (end === e) return m;
    return undefined;
  };
  for (let k = 0; k < lastPage; k++) {
    const m = metricsOf(breaks[k]!, breaks[k + 1]!);
    if (!m) return Infinity;
    total += model.columnCost(m, breaks[k + 1]!);
  }
  total += (lastPage / P + 1) * COST.page;
  const onLast = breaks.slice(lastPage);
  if (onLast.length === 1) return total + model.lastPageCost(onLast[0]!);
  if (onLast.length > 2) return Infinity;
  const first = metricsOf(onLast[0]!, onLast[1]!);
  return total + model.lastPageCost(onLast[0]!, onLast[1]!, first);
}

/** Lays the items out at the breaks: each column's spaces and pictures flexed as its cost assumed. */
export function place(section: Section, breaks: Breaks): Column[] {
  const model = new Model(section);
  const { items, continuations, perPage } = section;
  const lastPage = Math.floor((breaks.length - 1) / perPage) * perPage;
  return breaks.map((s, k) => {
    const e = breaks[k + 1] ?? items.length;
    let m: Metrics | undefined;
    for (const [end, mm] of model.ends(s)) if (end === e) m = mm;
    const { ratio } = m ? model.flexed(m, k < lastPage) : { ratio: 0 };
    const column: Placed[] = [];
    let y = 0;
    const first = items[s]!;
    if (m?.continued) {
      const cont = continuations[first.article]!;
      column.push({ item: cont, y });
      y += cont.height;
    }
    let prev: FlowItem | undefined;
    for (let j = s; j < e; j++) {
      const it = items[j]!;
      const flex = ratio < 0 ? ratio * (it.shrink ?? 0) : ratio * (it.stretch ?? 0);
      if (it.kind === 'gap') {
        if (prev && prev.kind !== 'heading' && next(items, j, e)) y += it.height + flex;
        continue;
      }
      if (it.kind === 'box' && flex < -EPS && it.picture) {
        const scaled = scaleBox(it, it.picture.imageHeight + flex);
        column.push({ item: scaled.item, y, scale: scaled.scale });
        y += scaled.item.height;
      } else {
        column.push({ item: it, y });
        y += it.height;
      }
      prev = it;
    }
    return column;
  });
}

/** Whether a non-gap item follows j before e (a gap at a column's foot takes no room). */
function next(items: readonly FlowItem[], j: number, e: number): boolean {
  for (let k = j + 1; k < e; k++) if (items[k]!.kind !== 'gap') return true;
  return false;
}

/** A picture set at a smaller height, centred where it stood, its caption moved up under it. */
export function scaleBox(item: FlowItem, imageHeight: number): { item: FlowItem; scale: number } {
  const natural = item.picture!.imageHeight;
  const f = imageHeight / natural;
  const d = natural - imageHeight;
  const ops = item.ops.map((op) => {
    if ((op.kind === 'image' || op.kind === 'link') && op.y === 0 && Math.abs(op.height - natural) < EPS) {
      const width = op.width * f;
      return { ...op, x: op.x + (op.width - width) / 2, width, height: imageHeight };
    }
    return 'y' in op ? { ...op, y: op.y - d } : op;
  });
  const { shrink: _s, ...rest } = item;
  return { item: { ...rest, height: item.height - d, ops, picture: { ...item.picture!, imageHeight } }, scale: f };
}
