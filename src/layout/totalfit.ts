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
// - every page (so fewer pages win when the flexible material allows), every " forts." heading,
//   every picture floated to the next column's top and the text set before it;
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
  /** A picture floated to the next column's top, and per column height of text moved before it. */
  float: 400,
  drift: 2000,
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

/** Item kinds in the model's columns of numbers (`Model.kind`); NONE: no item (a column's top, the section's end). */
const GAP = 0, LINE = 1, HEADING = 2, BOX = 3, PICTURE = 4, NONE = 5;

export interface Section {
  readonly items: readonly FlowItem[];
  readonly continuations: readonly FlowItem[];
  readonly columnHeight: number;
  readonly perPage: number;
  readonly balance: boolean;
}

/**
 * Where a column starts: an index into the items, and a picture floated to its top from the
 * column before (the text after the picture filled that column's foot instead).
 */
export interface Start {
  readonly at: number;
  readonly float?: number;
}

/** A section's pagination as data: where each column starts. */
export type Breaks = readonly Start[];

/** A column's end: the start of the next column, with the column's metrics (one object, not two). */
interface End extends Metrics {
  readonly e: number;
}

/** A column of numbers twice as long, its numbers kept (for the tables below, which grow as they fill). */
function doubled<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The ends of one start's column, in columns of numbers instead of an object each: the
 * programme lists about a column's worth of ends for every item of a section, and reuses the
 * lists from one start to the next. `float` is -1 where no picture is passed on.
 */
class EndList {
  count = 0;
  continued = false;
  e = new Int32Array(64);
  natural = new Float64Array(64);
  stretch = new Float64Array(64);
  shrink = new Float64Array(64);
  float = new Int32Array(64);
  moved = new Float64Array(64);
  /** The cost of each end's column (see `Model.columnCostOf`), filled by the programme. */
  cost = new Float64Array(64);

  push(e: number, natural: number, stretch: number, shrink: number, float: number, moved: number): void {
    if (this.count === this.e.length) this.grow();
    const k = this.count++;
    this.e[k] = e;
    this.natural[k] = natural;
    this.stretch[k] = stretch;
    this.shrink[k] = shrink;
    this.float[k] = float;
    this.moved[k] = moved;
  }

  /** The k-th end as an object. */
  end(k: number): End {
    const float = this.float[k]!;
    return float < 0
      ? { e: this.e[k]!, natural: this.natural[k]!, stretch: this.stretch[k]!, shrink: this.shrink[k]!, continued: this.continued, float: undefined, moved: undefined }
      : { e: this.e[k]!, natural: this.natural[k]!, stretch: this.stretch[k]!, shrink: this.shrink[k]!, continued: this.continued, float, moved: this.moved[k]! };
  }

  private grow(): void {
    this.e = doubled(this.e);
    this.natural = doubled(this.natural);
    this.stretch = doubled(this.stretch);
    this.shrink = doubled(this.shrink);
    this.float = doubled(this.float);
    this.moved = doubled(this.moved);
    this.cost = doubled(this.cost);
  }
}

interface Metrics {
  /** Natural height, the continuation heading included. */
  readonly natural: number;
  readonly stretch: number;
  readonly shrink: number;
  readonly continued: boolean;
  /** A picture this column passes on to the next one's top, and the height of text set before it. */
  readonly float?: number;
  readonly moved?: number;
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
  // One model for the whole: its break levels and tails are worked out once.
  const model = new Model(section);
  const greedy = greedyColumns(section);
  const greedyCost = costIn(model, breaksOf(section, greedy));
  const optimal = section.items.length > OPTIMISE_UP_TO ? undefined : optimalIn(model);
  const cost = optimal ? costIn(model, optimal) : Infinity;
  const useOptimal = optimal !== undefined && cost <= greedyCost;
  memo?.set(key, useOptimal ? { breaks: optimal, cost, greedyCost } : { cost: greedyCost, greedyCost });
  return useOptimal ? { columns: placeIn(model, optimal), cost, greedyCost } : { columns: greedy, cost: greedyCost, greedyCost };
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
    return { at: first ? (index.get(first.item) ?? 0) : 0 };
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
  private scratch: EndList | undefined;
  /** The least height the items from i on can take (their heights, shrunk; gaps left out). */
  readonly rest: Float64Array;
  /** Whether the items from i on hold a line of text (a last page of pictures and headings has none). */
  readonly textFrom: Uint8Array;
  /**
   * The items' kinds (GAP, LINE, HEADING, BOX; PICTURE for a box with a picture), heights,
   * stretch and shrink (0 where not given) and articles, in columns of numbers: the ends of
   * every start walk them, and objects of a few shapes are slower to read there.
   */
  private readonly kind: Uint8Array;
  private readonly height: Float64Array;
  private readonly stretch: Float64Array;
  private readonly shrink: Float64Array;
  private readonly article: Int32Array;
  /** The height of each article's " forts." heading. */
  private readonly continuation: Float64Array;

  constructor(readonly section: Section) {
    this.items = section.items;
    this.H = section.columnHeight;
    this.level = breakLevels(section.items);
    this.rest = new Float64Array(this.items.length + 1);
    this.textFrom = new Uint8Array(this.items.length + 1);
    const n = this.items.length;
    this.kind = new Uint8Array(n);
    this.height = new Float64Array(n);
    this.stretch = new Float64Array(n);
    this.shrink = new Float64Array(n);
    this.article = new Int32Array(n);
    this.continuation = Float64Array.from(section.continuations, (c) => c.height);
    for (let i = 0; i < n; i++) {
      const it = this.items[i]!;
      this.kind[i] = it.kind === 'gap' ? GAP : it.kind === 'line' ? LINE : it.kind === 'heading' ? HEADING : it.picture ? PICTURE : BOX;
      this.height[i] = it.height;
      this.stretch[i] = it.stretch ?? 0;
      this.shrink[i] = it.shrink ?? 0;
      this.article[i] = it.article;
    }
    for (let i = this.items.length - 1; i >= 0; i--) {
      const it = this.items[i]!;
      this.rest[i] = this.rest[i + 1]! + (it.kind === 'gap' ? 0 : it.height - (it.shrink ?? 0));
      this.textFrom[i] = it.kind === 'line' ? 1 : this.textFrom[i + 1]!;
    }
  }

  /** The next item from i on that is not a gap (a column's start), or the items' length. */
  next(i: number): number {
    while (i < this.items.length && this.kind[i] === GAP) i++;
    return i;
  }

  /**
   * Each end e a column starting at s (under the floated picture f, if any) can have, with the
   * column's metrics, shortest first, up to the first that cannot fit even shrunk. `e` is the
   * start of the next column. Where a picture does not fit, also the ends that float it: the
   * lines after it (of its article, up to its next picture or heading) fill the column instead.
   * An array, not a generator: the programme reads the ends of a start once for each of its
   * states, and a section has about a column's worth of them for every item.
   */
  ends(s: number, f?: number): End[] {
    const list = this.endsInto(s, f, new EndList());
    return Array.from({ length: list.count }, (_, k) => list.end(k));
  }

  /** The ends of `ends`, written into `out` (emptied first). */
  endsInto(s: number, f: number | undefined, out: EndList): EndList {
    const { items, H, kind, height, stretch: stretchOf, shrink: shrinkOf } = this;
    const n = items.length;
    out.count = 0;
    const continued = f !== undefined || (s > 0 && kind[s] !== HEADING);
    out.continued = continued;
    const cont = continued ? this.continuation[this.article[s]!]! : 0;
    let natural = cont, stretch = 0, shrink = 0;
    let gapN = 0, gapS = 0, gapK = 0;
    // The kind of the item before (NONE at the column's top).
    let prev = NONE;
    if (f !== undefined) {
      natural += height[f]!;
      shrink += shrinkOf[f]!;
      prev = kind[f]!;
      if (f + 1 < n && kind[f + 1] === GAP) {
        gapN = height[f + 1]!;
        gapS = stretchOf[f + 1]!;
        gapK = shrinkOf[f + 1]!;
      }
    }
    for (let j = s; j <= n; j++) {
      const k = j < n ? kind[j]! : NONE;
      if (k === GAP) {
        // Space at a column's top or under a heading is not wanted.
        if (prev !== NONE && prev !== HEADING) {
          gapN += height[j]!;
          gapS += stretchOf[j]!;
          gapK += shrinkOf[j]!;
        }
        continue;
      }
      if (j > s) out.push(j, natural, stretch, shrink, -1, 0);
      if (j === n) return out;
      const h = height[j]!;
      const z = shrinkOf[j]!;
      const over = natural + gapN + h - (shrink + gapK + z) > H + EPS;
      if (over && f === undefined && j > s && k === PICTURE) {
        this.floats(j, natural + gapN, stretch + gapS, shrink + gapK, out);
      }
      natural += gapN + h;
      stretch += gapS;
      shrink += gapK + z;
      gapN = gapS = gapK = 0;
      prev = k;
      // (A column whose first item does not fit under its " forts." heading has no end: the
      // programme then finds no pagination, and greedy's, which leaves the heading out, is used.)
      if (natural - shrink > H + EPS) return out;
    }
    return out;
  }

  /** Ends of a column that passes the picture b on (the lines after it fill the column), added to `out`. */
  private floats(b: number, natural: number, stretch: number, shrink: number, out: EndList): void {
    const { items, H, kind, height, stretch: stretchOf, shrink: shrinkOf } = this;
    const article = this.article[b]!;
    let moved = 0;
    let k = b + 1;
    if (k < items.length && kind[k] === GAP) k++; // the space after the picture goes with it
    let gapN = 0, gapS = 0, gapK = 0;
    for (; k < items.length; k++) {
      if (kind[k] === GAP) {
        gapN += height[k]!;
        gapS += stretchOf[k]!;
        gapK += shrinkOf[k]!;
        continue;
      }
      if (kind[k] !== LINE || this.article[k] !== article) return;
      if (moved > 0) out.push(k, natural, stretch, shrink, b, moved);
      natural += (moved > 0 ? gapN : 0) + height[k]!;
      stretch += moved > 0 ? gapS : 0;
      shrink += moved > 0 ? gapK : 0;
      gapN = gapS = gapK = 0;
      moved += height[k]!;
      if (natural - shrink > H + EPS) return;
    }
  }

  /** Metrics of the column from s (under the floated picture f) to the section's end. */
  tail(s: number, f?: number): Metrics | undefined {
    const key = s * (this.items.length + 1) + (f ?? -1) + 1;
    if (this.tails.has(key)) return this.tails.get(key);
    let last: Metrics | undefined;
    const least = this.rest[s]! + (f === undefined ? 0 : this.items[f]!.height - (this.items[f]!.shrink ?? 0));
    if (least <= this.H + EPS) {
      // The ends listed into a list kept for this, the one that ends the section made an object.
      const list = this.endsInto(s, f, (this.scratch ??= new EndList()));
      let k = -1;
      for (let i = 0; i < list.count; i++) if (list.e[i] === this.items.length) k = i;
      if (k >= 0) last = list.end(k);
    }
    this.tails.set(key, last);
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
    return this.columnCostOf(m.natural, m.stretch, m.shrink, m.continued, m.float ?? -1, m.moved ?? 0, e);
  }

  /** `columnCost` of a column's metrics given one by one (`float` -1: none), flexed as `flexed(m, true)` does. */
  columnCostOf(natural: number, stretch: number, shrink: number, continued: boolean, float: number, moved: number, e: number): number {
    const H = this.H;
    if (natural - shrink > H + EPS) return Infinity;
    let height: number, ratio: number;
    if (natural > H + EPS) {
      height = H;
      ratio = shrink > 0 ? -(natural - H) / shrink : 0;
    } else if (stretch <= 0) {
      height = natural;
      ratio = 0;
    } else {
      ratio = Math.min(1, (H - natural) / stretch);
      height = natural + ratio * stretch;
    }
    const empty = (H - height) / H;
    return COST.empty * empty * empty + this.flexCost(ratio) + this.breakCost(e) + (continued ? COST.continuation : 0) + (float < 0 ? 0 : COST.float + (COST.drift * moved) / H);
  }

  floatCost(m: Metrics): number {
    return m.float === undefined ? 0 : COST.float + (COST.drift * (m.moved ?? 0)) / this.H;
  }

  breakCost(e: number): number {
    return e < this.items.length ? COST.relax[this.level[e]!]! : 0;
  }

  /** What a last page holding `used` points of its columns' height costs for being sparse. */
  sparseCost(used: number): number {
    const fill = used / (this.section.perPage * this.H);
    return fill < COST.sparse ? (COST.sparseCost * (COST.sparse - fill)) / COST.sparse : 0;
  }

  /** The last page: one column from s, or two split before e. */
  lastPageCost(s: number, f: number | undefined, e?: number, first?: Metrics): number {
    const { H } = this;
    const perPage = this.section.perPage;
        if (e === undefined) {
      const m = this.tail(s, f);
      if (!m || m.natural - m.shrink > H + EPS) return Infinity;
      const { height, ratio } = this.flexed(m, false);
      // One column beside an empty one is unbalanced, unless it is a tail of text too short to
      // split (two lines beside two lines); pictures are set side by side however few.
      const diff = height / H;
      const short = height < COST.splitTail * H && this.textFrom[s] === 1;
      const balance = perPage > 1 && this.section.balance && !short ? COST.balance * diff * diff : 0;
      return balance + this.flexCost(ratio) + this.sparseCost(height) + (m.continued ? COST.continuation : 0);
    }
    const second = this.tail(e, first?.float);
    if (!first || !second || second.natural - second.shrink > H + EPS || first.natural - first.shrink > H + EPS) return Infinity;
    if (!this.section.balance) return this.columnCost(first, e) + this.lastPageCost(e, first.float);
    const a = this.flexed(first, false);
    const b = this.flexed(second, false);
    const diff = (a.height - b.height) / H;
    // The right column a little shorter than the left is what balancing looks like; taller is not.
    const balance = COST.balance * diff * diff * (diff < 0 ? 4 : 1);
    const split = a.height + b.height < COST.splitTail * H && this.textFrom[s] === 1 ? COST.splitTailCost : 0;
    return balance + split + this.sparseCost(a.height + b.height) + this.flexCost(a.ratio) + this.flexCost(b.ratio) +
      this.breakCost(e) + (first.continued ? COST.continuation : 0) + (second.continued ? COST.continuation : 0) + this.floatCost(first);
  }
}

/**
 * The programme's states, in columns of numbers: a state is "a column starts at item s, as the
 * pth column of its page, under the floated picture f (-1: none)", with the least cost found to
 * reach it and the state it was reached from. A state's number is the order it was first
 * reached in; `next` links the states of one start in that order (which decides between equal
 * costs). Numbers, not an object each: a section's states are reached about a column's worth of
 * times each, and a cost kept in an object or passed to a function is a number allocated.
 */
class States {
  count = 0;
  s: Int32Array;
  p: Int32Array;
  f: Int32Array;
  cost: Float64Array;
  prev: Int32Array;
  next: Int32Array;
  /** The first and last state of each start (-1: none yet). */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** The states without a floated picture by start and column (-1: not reached), found without a search. */
  readonly plain: Int32Array;

  constructor(n: number, readonly P: number) {
    const size = (n + 1) * P + 16;
    this.s = new Int32Array(size);
    this.p = new Int32Array(size);
    this.f = new Int32Array(size);
    this.cost = new Float64Array(size);
    this.prev = new Int32Array(size);
    this.next = new Int32Array(size);
    this.first = new Int32Array(n + 1).fill(-1);
    this.last = new Int32Array(n + 1).fill(-1);
    this.plain = new Int32Array((n + 1) * P).fill(-1);
  }

  /** The state (s, p, f), or -1 when it has not been reached. */
  find(s: number, p: number, f: number): number {
    if (f < 0) return this.plain[s * this.P + p]!;
    for (let t = this.first[s]!; t >= 0; t = this.next[t]!) if (this.p[t] === p && this.f[t] === f) return t;
    return -1;
  }

  /**
   * Every end of the state `from` reached as the start of the next column, the qth of
   * its page: a state reached for the first time, or one reached more cheaply than before.
   * The programme's inner loop; the last page's ends, tried only near a section's end, are apart.
   */
  reach(ends: EndList, from: number, q: number, n: number): void {
    const c = this.cost[from]!;
    const page = q === 0 ? COST.page : 0;
    const { e: endAt, float: floats, cost: costs, count } = ends;
    for (let k = 0; k < count; k++) {
      const e = endAt[k]!;
      if (e >= n) break;
      const column = costs[k]!;
      if (!(column < Infinity && column > -Infinity)) continue; // Number.isFinite, without the call
      this.relax(e, q, floats[k]!, c + column + page, from);
    }
  }

  /**
   * `reach` for a page's two states without a floated picture at one start, the first column's
   * and the second's, over their common ends: each end's target of the first is reached before
   * the second's, in the order of the ends, as two calls of `reach` would reach them.
   */
  reachBoth(ends: EndList, a: number, b: number, n: number): void {
    const qa = (this.p[a]! + 1) % 2, qb = (this.p[b]! + 1) % 2;
    const ca = this.cost[a]!, cb = this.cost[b]!;
    const pa = qa === 0 ? COST.page : 0, pb = qb === 0 ? COST.page : 0;
    const { e: endAt, float: floats, cost: costs, count } = ends;
    for (let k = 0; k < count; k++) {
      const e = endAt[k]!;
      if (e >= n) break;
      const column = costs[k]!;
      if (!(column < Infinity && column > -Infinity)) continue; // Number.isFinite, without the call
      const float = floats[k]!;
      this.relax(e, qa, float, ca + column + pa, a);
      this.relax(e, qb, float, cb + column + pb, b);
    }
  }

  /** The state (e, q, float) reached from `from` at `total`: added, or made cheaper. */
  private relax(e: number, q: number, float: number, total: number, from: number): void {
    const known = this.find(e, q, float);
    if (known < 0) this.add(e, q, float, total, from);
    else if (total < this.cost[known]!) {
      this.cost[known] = total;
      this.prev[known] = from;
    }
  }

  /** A state reached for the first time. */
  add(s: number, p: number, f: number, cost: number, prev: number): void {
    if (this.count === this.s.length) this.grow();
    const t = this.count++;
    this.s[t] = s;
    this.p[t] = p;
    this.f[t] = f;
    this.cost[t] = cost;
    this.prev[t] = prev;
    this.next[t] = -1;
    if (this.last[s]! >= 0) this.next[this.last[s]!] = t;
    else this.first[s] = t;
    this.last[s] = t;
    if (f < 0) this.plain[s * this.P + p] = t;
  }

  private grow(): void {
    this.s = doubled(this.s);
    this.p = doubled(this.p);
    this.f = doubled(this.f);
    this.cost = doubled(this.cost);
    this.prev = doubled(this.prev);
    this.next = doubled(this.next);
  }
}

/** The cheapest pagination found so far: its cost, the state its last page starts at, and where that page's second column starts (-1: one column). */
interface Best {
  cost: number;
  state: number;
  e: number;
  float: number;
}

/**
 * The state as the start of the section's last page, in one column or two split before each of
 * its ends, where it does better than `best`. Only a page's first column, from which the rest can
 * fit on one page, can start the last page; a last page costs nothing or more, so a state that
 * costs as much as the best so far cannot do better and is not worked out.
 */
function lastPage(model: Model, states: States, state: number, s: number, ends: EndList, best: Best): void {
  const { section } = model;
  const P = section.perPage;
  const c = states.cost[state]!;
  if (states.p[state] !== 0 || model.rest[s]! > P * section.columnHeight + EPS || !(c < best.cost)) return;
  const f = states.f[state]! < 0 ? undefined : states.f[state]!;
  const one = c + model.lastPageCost(s, f);
  if (one < best.cost) {
    best.cost = one;
    best.state = state;
    best.e = -1;
  }
  if (P === 1) return;
  const n = section.items.length;
  for (let k = 0; k < ends.count && c < best.cost; k++) {
    const e = ends.e[k]!;
    if (e >= n) break;
    const two = c + model.lastPageCost(s, f, e, ends.end(k));
    if (two < best.cost) {
      best.cost = two;
      best.state = state;
      best.e = e;
      best.float = ends.float[k]!;
    }
  }
}

/** The cheapest breaks, or undefined when no pagination fits (greedy then decides what gives way). */
export function optimalBreaks(section: Section): Breaks | undefined {
  return optimalIn(new Model(section));
}

function optimalIn(model: Model): Breaks | undefined {
  const { section } = model;
  const n = section.items.length;
  const P = section.perPage;
  if (n === 0) return [];
  const states = new States(n, P);
  const start = model.next(0);
  states.add(start, 0, -1, COST.page, -1);
  const best: Best = { cost: Infinity, state: -1, e: -1, float: -1 };
  // A start's ends and their columns' costs, by the floated picture: the same for each column
  // of a page the start may be. The lists are used again for the next start.
  const columnsOf = new Map<number, EndList>();
  const spare: EndList[] = [];
  for (let s = start; s < n; s = model.next(s + 1)) {
    if (states.first[s]! < 0) continue;
    for (const list of columnsOf.values()) spare.push(list);
    columnsOf.clear();
    for (let state = states.first[s]!; state >= 0; state = states.next[state]!) {
      const f = states.f[state]!;
      let ends = columnsOf.get(f);
      if (!ends) {
        ends = model.endsInto(s, f < 0 ? undefined : f, spare.pop() ?? new EndList());
        const { e: at, natural, stretch, shrink, continued, float, moved, cost } = ends;
        for (let k = 0; k < ends.count; k++) {
          const e = at[k]!;
          cost[k] = e >= n ? Infinity : model.columnCostOf(natural[k]!, stretch[k]!, shrink[k]!, continued, float[k]!, moved[k]!, e);
        }
        columnsOf.set(f, ends);
      }
      // A page's other column without a floated picture, when it is the next state of this
      // start: both are taken on together, over the same ends. (Between states of different
      // columns of a page, the order of the work does not matter: they reach states of
      // different columns, and only a page's first column can start the last page.)
      const next = P === 2 && f < 0 ? states.next[state]! : -1;
      const pair = next >= 0 && states.f[next]! < 0 ? next : -1;
      lastPage(model, states, state, s, ends, best);
      if (pair < 0) {
        states.reach(ends, state, (states.p[state]! + 1) % P, n);
        continue;
      }
      lastPage(model, states, pair, s, ends, best);
      states.reachBoth(ends, state, pair, n);
      state = pair;
    }
  }
  const { state: bestState, e: bestE, float: bestFloat } = best;
  if (bestState < 0) return undefined;
  const starts: Start[] = [];
  for (let st = bestState; st >= 0; st = states.prev[st]!) starts.push({ at: states.s[st]!, ...(states.f[st]! < 0 ? {} : { float: states.f[st]! }) });
  starts.reverse();
  if (bestE >= 0) starts.push({ at: bestE, ...(bestFloat < 0 ? {} : { float: bestFloat }) });
  return starts;
}

/** The cost of any breaks, by the same model the programme minimises. */
export function costOf(section: Section, breaks: Breaks): number {
  return costIn(new Model(section), breaks);
}

function costIn(model: Model, breaks: Breaks): number {
  const { section } = model;
  const P = section.perPage;
  const n = section.items.length;
  if (breaks.length === 0) return n === 0 ? 0 : Infinity;
  const lastPage = Math.floor((breaks.length - 1) / P) * P;
  let total = 0;
  for (let k = 0; k < lastPage; k++) {
    const m = metricsOf(model, breaks[k]!, breaks[k + 1]!);
    if (!m) return Infinity;
    total += model.columnCost(m, breaks[k + 1]!.at);
  }
  total += (lastPage / P + 1) * COST.page;
  const onLast = breaks.slice(lastPage);
  if (onLast.length === 1) return total + model.lastPageCost(onLast[0]!.at, onLast[0]!.float);
  if (onLast.length > 2) return Infinity;
  const first = metricsOf(model, onLast[0]!, onLast[1]!);
  return total + model.lastPageCost(onLast[0]!.at, onLast[0]!.float, onLast[1]!.at, first);
}

/** The metrics of the column from `from` to `to`, if it is one the model allows. */
function metricsOf(model: Model, from: Start, to: Start | undefined): Metrics | undefined {
  if (!to) return model.tail(from.at, from.float);
  for (const end of model.ends(from.at, from.float)) if (end.e === to.at && end.float === to.float) return end;
  return undefined;
}

/** Lays the items out at the breaks: each column's spaces and pictures flexed as its cost assumed. */
export function place(section: Section, breaks: Breaks): Column[] {
  return placeIn(new Model(section), breaks);
}

function placeIn(model: Model, breaks: Breaks): Column[] {
  const { section } = model;
  const { items, continuations, perPage } = section;
  const lastPage = Math.floor((breaks.length - 1) / perPage) * perPage;
  return breaks.map((start, k) => {
    const s = start.at;
    const to = breaks[k + 1];
    const e = to?.at ?? items.length;
    const m = metricsOf(model, start, to);
    const { ratio } = m ? model.flexed(m, k < lastPage) : { ratio: 0 };
    const column: Placed[] = [];
    let y = 0;
    const flexOf = (it: FlowItem) => (ratio < 0 ? ratio * (it.shrink ?? 0) : ratio * (it.stretch ?? 0));
    const put = (it: FlowItem, floated: boolean) => {
      const flex = flexOf(it);
      if (it.kind === 'box' && flex < -EPS && it.picture) {
        const scaled = scaleBox(it, it.picture.imageHeight + flex);
        column.push({ item: scaled.item, y, scale: scaled.scale, ...(floated ? { floated: 1 } : {}) });
        y += scaled.item.height;
      } else {
        column.push({ item: it, y, ...(floated ? { floated: 1 } : {}) });
        y += it.height;
      }
    };
    if (m?.continued) {
      const cont = continuations[items[s]!.article]!;
      column.push({ item: cont, y });
      y += cont.height;
    }
    let prev: FlowItem | undefined;
    if (start.float !== undefined) {
      const box = items[start.float]!;
      put(box, true);
      prev = box;
      const after = items[start.float + 1];
      if (after?.kind === 'gap') y += after.height + flexOf(after);
    }
    // The picture passed on to the next column, and the space after it, are left out here.
    const skip = to?.float;
    for (let j = s; j < e; j++) {
      const it = items[j]!;
      if (j === skip || (skip !== undefined && j === skip + 1 && it.kind === 'gap')) continue;
      if (it.kind === 'gap') {
        if (prev && prev.kind !== 'heading' && next(items, j, e, skip)) y += it.height + flexOf(it);
        continue;
      }
      put(it, false);
      prev = it;
    }
    return column;
  });
}

/** Whether a non-gap item follows j before e (a gap at a column's foot takes no room). */
function next(items: readonly FlowItem[], j: number, e: number, skip?: number): boolean {
  for (let k = j + 1; k < e; k++) if (items[k]!.kind !== 'gap' && k !== skip) return true;
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
