// The Knuth–Plass total-fit line breaking algorithm (Knuth & Plass, "Breaking paragraphs into
// lines", 1981; TeX §813–890) over boxes, glue and penalties. It chooses the breaks of a whole
// paragraph at once, minimising the sum of the lines' demerits.
//
// Beyond the paper: ragged-right setting is TeX's \rightskip (a stretch added to every line),
// weighed by its squared shortfall when asked (`shortfallWeight`);
// a penalty may carry `post`, width that starts the next line when it breaks there (the part of
// a discretionary after the break); at most `maxFlaggedInRow` lines in a row may end flagged.

/** A penalty of INF or more forbids a break; one of -INF or less forces it (TeX's 10000). */
export const INF = 10000;

export type Node =
  /** A box may stretch and shrink too: letter spacing in justified text (0 when not given). */
  | { readonly type: 'box'; readonly width: number; readonly stretch?: number; readonly shrink?: number }
  | { readonly type: 'glue'; readonly width: number; readonly stretch: number; readonly shrink: number }
  | {
      readonly type: 'penalty';
      readonly width: number;
      readonly penalty: number;
      readonly flagged: boolean;
      /** Width added to the start of the next line when the line breaks here. */
      readonly post?: number;
      /** The pass from which the break is offered (see `KnuthPlassParams.level`); 0 if not given. */
      readonly level?: number;
    };

export interface KnuthPlassParams {
  /** Largest badness a line may have (TeX's \tolerance); Infinity admits any line that is not overfull. */
  readonly tolerance: number;
  /** TeX's \linepenalty: added to each line's badness, so fewer lines are preferred. */
  readonly linePenalty: number;
  /** TeX's \doublehyphendemerits: two flagged (hyphenated) lines in a row. */
  readonly flaggedDemerits: number;
  /** TeX's \adjdemerits: adjacent lines of fitness classes more than one apart. */
  readonly fitnessDemerits: number;
  /** TeX's \finalhyphendemerits: the second-last line ends flagged. */
  readonly finalHyphenDemerits: number;
  /** Stretch of every line's right margin (TeX's \rightskip): 0 for justified text. */
  readonly rightStretch: number;
  /** Most lines in a row that may end flagged. */
  readonly maxFlaggedInRow: number;
  /** Penalties of a higher `level` are not breaks in this run (TeX's passes: hyphenate only when needed). */
  readonly level?: number;
  /**
   * Ragged setting only (`rightStretch` > 0): a line's demerits are linePenalty² plus this times
   * (100 r)², r being its shortfall ÷ `rightStretch` — the squared shortfall, which is what the
   * rag's roughness measures — instead of TeX's (linePenalty + 100 r³)², which grows with the
   * sixth power of the shortfall and so evens out the worst lines rather than all of them.
   * Badness (100 r³) still decides the tolerance and the fitness classes. Not given: TeX's.
   */
  readonly shortfallWeight?: number;
}

/** Badness stands in for "infinitely bad" (a line with no stretch that is short) with this. */
const WORST = 1e7;

interface Active {
  readonly position: number;
  /** Lines before this break. */
  readonly line: number;
  readonly fitness: number;
  /** Lines in a row ending flagged, up to and including the one ending here. */
  readonly run: number;
  readonly width: number;
  readonly stretch: number;
  readonly shrink: number;
  readonly demerits: number;
  readonly previous: Active | undefined;
}

export interface KnuthPlassResult {
  /** Node indices of the breaks, in order; the last is the paragraph's end. */
  readonly breaks: readonly number[];
  readonly demerits: number;
}

/** A break may be taken at a penalty below INF (of the run's level), or at glue right after a box. */
export function isBreak(nodes: readonly Node[], i: number, level = Infinity): boolean {
  const n = nodes[i]!;
  if (n.type === 'penalty') return n.penalty < INF && (n.level ?? 0) <= level;
  return n.type === 'glue' && i > 0 && nodes[i - 1]!.type === 'box';
}

/**
 * The optimal breaks of a paragraph whose last node is a forced break, or undefined when no
 * set of breaks keeps every line within the tolerance. `lineWidth(i)` is the width of line i;
 * it must be the same for all lines from `lineWidth.constantFrom` (default 32) on.
 */
export function knuthPlass(nodes: readonly Node[], lineWidth: (line: number) => number, p: KnuthPlassParams): KnuthPlassResult | undefined {
  const constantFrom = firstConstantLine(lineWidth);
  const level = p.level ?? Infinity;
  const widths = Array.from({ length: constantFrom + 1 }, (_, i) => lineWidth(i));
  // Only whether a run of flagged lines goes on matters beyond the limit: clamp the state.
  const runs = Number.isFinite(p.maxFlaggedInRow) ? p.maxFlaggedInRow + 1 : 2;
  const slots = (constantFrom + 1) * 4 * runs;
  // The best way found to each (line, fitness class, run) at the current break, kept in arrays.
  const bestDemerits = new Float64Array(slots).fill(Infinity);
  const bestFrom: (Active | undefined)[] = new Array(slots).fill(undefined);
  const bestFitness = new Int32Array(slots);
  const bestRun = new Int32Array(slots);
  const { tolerance, maxFlaggedInRow, rightStretch, linePenalty, flaggedDemerits, finalHyphenDemerits, fitnessDemerits } = p;
  const weight = rightStretch > 0 ? p.shortfallWeight : undefined;
  let sumW = 0;
  let sumY = 0;
  let sumZ = 0;
  let active: Active[] = [{ position: -1, line: 0, fitness: 1, run: 0, width: 0, stretch: 0, shrink: 0, demerits: 0, previous: undefined }];
  const last = nodes.length - 1;

  for (let b = 0; b < nodes.length; b++) {
    const node = nodes[b]!;
    if (node.type === 'box') {
      sumW += node.width;
      if (node.stretch) sumY += node.stretch;
      if (node.shrink) sumZ += node.shrink;
      continue;
    }
    if (isBreak(nodes, b, level)) {
      const isPenalty = node.type === 'penalty';
      const forced = isPenalty && node.penalty <= -INF;
      const flagged = isPenalty && node.flagged;
      const penaltyWidth = isPenalty ? node.width : 0;
      const final = b === last;
      let found = 0;
      let kept = 0;
      for (let i = 0; i < active.length; i++) {
        const a = active[i]!;
        const L = widths[a.line < constantFrom ? a.line : constantFrom]!;
        const width = sumW - a.width + penaltyWidth;
        let r: number;
        if (width < L) {
          const stretch = sumY - a.stretch + rightStretch;
          r = final ? 0 : stretch > 0 ? (L - width) / stretch : Infinity;
        } else if (width > L) {
          const shrink = sumZ - a.shrink;
          r = shrink > 0 ? (L - width) / shrink : -Infinity;
        } else r = 0;
        // A line overfull without the break's own width (a hyphen) only gets wider: the break
        // it would start from is dead. (The hyphen alone does not kill it: the space after the
        // word may still fit where the hyphen does not.)
        const dead = forced || width - penaltyWidth - L > sumZ - a.shrink + 1e-9;
        if (!dead) active[kept++] = a;
        if (r < -1) continue;
        const ar = r < 0 ? -r : r;
        const badness = r === 0 ? 0 : Math.min(100 * ar * ar * ar, WORST);
        if (badness > tolerance) continue;
        let run = flagged ? a.run + 1 : 0;
        if (run > maxFlaggedInRow) continue;
        if (run >= runs) run = runs - 1;
        // (linePenalty + badness)² ± penalty², or in ragged setting linePenalty² + weight·(100 r)² ± penalty² (see lineDemerits)
        const lb = linePenalty + badness;
        let d = weight === undefined ? lb * lb : linePenalty * linePenalty + weight * 1e4 * r * r;
        if (isPenalty) {
          const pen = node.penalty;
          if (pen >= 0) d += pen * pen;
          else if (pen > -INF) d -= pen * pen;
        }
        const fitness = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
        if (flagged && a.run > 0) d += flaggedDemerits;
        if (final && a.run > 0) d += finalHyphenDemerits;
        if (fitness - a.fitness > 1 || a.fitness - fitness > 1) d += fitnessDemerits;
        d += a.demerits;
        const line = a.line + 1 < constantFrom ? a.line + 1 : constantFrom;
        const key = (line * 4 + fitness) * runs + run;
        if (d < bestDemerits[key]!) {
          if (bestFrom[key] === undefined) found++;
          bestDemerits[key] = d;
          bestFrom[key] = a;
          bestFitness[key] = fitness;
          bestRun[key] = run;
        }
      }
      active.length = kept;
      if (found > 0) {
        // Totals after the break: glue and penalties that follow vanish at the start of a line.
        let w = sumW;
        let y = sumY;
        let z = sumZ;
        if (node.type === 'glue') {
          w += node.width;
          y += node.stretch;
          z += node.shrink;
        }
        for (let j = b + 1; j < nodes.length; j++) {
          const n = nodes[j]!;
          if (n.type === 'box' || (n.type === 'penalty' && n.penalty <= -INF)) break;
          if (n.type === 'glue') {
            w += n.width;
            y += n.stretch;
            z += n.shrink;
          }
        }
        const post = isPenalty ? node.post ?? 0 : 0;
        // The candidates of one line's slots, in order (deterministic), each kept unless another
        // for the same line is at least as good whatever follows: no longer run of flagged
        // lines, and fewer demerits by more than a change of fitness class could cost.
        const perLine = 4 * runs;
        for (let first = 0; first < slots; first += perLine) {
          for (let c = first; c < first + perLine; c++) {
            if (bestFrom[c] === undefined) continue;
            let dominated = false;
            for (let o = first; o < first + perLine && !dominated; o++) {
              if (o === c || bestFrom[o] === undefined || bestRun[o]! > bestRun[c]!) continue;
              dominated = bestDemerits[o]! + (bestFitness[o] === bestFitness[c] ? 0 : fitnessDemerits) < bestDemerits[c]!;
            }
            if (dominated) continue;
            const from = bestFrom[c]!;
            active.push({
              position: b, line: from.line + 1, fitness: bestFitness[c]!, run: bestRun[c]!,
              width: w - post, stretch: y, shrink: z, demerits: bestDemerits[c]!, previous: from,
            });
          }
        }
        for (let c = 0; c < slots; c++) {
          if (bestFrom[c] === undefined) continue;
          bestDemerits[c] = Infinity;
          bestFrom[c] = undefined;
        }
      }
      if (active.length === 0) return undefined;
    }
    if (node.type === 'glue') {
      sumW += node.width;
      sumY += node.stretch;
      sumZ += node.shrink;
    }
  }
  let bestEnd: Active | undefined;
  for (const a of active) if (a.position === last && (!bestEnd || a.demerits < bestEnd.demerits)) bestEnd = a;
  if (!bestEnd) return undefined;
  const breaks: number[] = [];
  for (let a: Active | undefined = bestEnd; a && a.position >= 0; a = a.previous) breaks.push(a.position);
  return { breaks: breaks.reverse(), demerits: bestEnd.demerits };
}


/** A line's demerits before those between lines (see `KnuthPlassParams.shortfallWeight`). */
export function lineBase(r: number, badness: number, p: KnuthPlassParams): number {
  return p.rightStretch > 0 && p.shortfallWeight !== undefined ? p.linePenalty ** 2 + p.shortfallWeight * 1e4 * r * r : (p.linePenalty + badness) ** 2;
}

function lineDemerits(r: number, badness: number, node: Node, p: KnuthPlassParams): number {
  const base = lineBase(r, badness, p);
  if (node.type !== 'penalty') return base;
  if (node.penalty >= 0) return base + node.penalty ** 2;
  if (node.penalty > -INF) return base - node.penalty ** 2;
  return base;
}

/** Knuth's fitness classes: 0 tight, 1 decent, 2 loose, 3 very loose. */
function fitnessClass(r: number): number {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

/** The first line from which the width no longer changes (probed up to 32 lines). */
function firstConstantLine(lineWidth: (line: number) => number): number {
  const far = lineWidth(Number.MAX_SAFE_INTEGER);
  let j = 32;
  while (j > 0 && lineWidth(j - 1) === far) j--;
  return j;
}

/**
 * Total demerits of a given set of breaks under the same model (tolerance not applied), or
 * Infinity when a line is overfull or a break is not a legal one. Used to compare breakers.
 */
export function demeritsOf(nodes: readonly Node[], breaks: readonly number[], lineWidth: (line: number) => number, p: KnuthPlassParams): number {
  let total = 0;
  let prev: { position: number; fitness: number; run: number } = { position: -1, fitness: 1, run: 0 };
  const last = nodes.length - 1;
  for (let line = 0; line < breaks.length; line++) {
    const b = breaks[line]!;
    if (!isBreak(nodes, b)) return Infinity;
    let start = prev.position + 1;
    if (prev.position >= 0) {
      while (start < b && nodes[start]!.type !== 'box' && !(nodes[start]!.type === 'penalty' && (nodes[start] as { penalty: number }).penalty <= -INF)) start++;
    }
    let width = prev.position >= 0 ? (nodes[prev.position] as { post?: number }).post ?? 0 : 0;
    let stretch = p.rightStretch;
    let shrink = 0;
    for (let j = start; j < b; j++) {
      const n = nodes[j]!;
      if (n.type === 'penalty') continue;
      width += n.width;
      stretch += n.stretch ?? 0;
      shrink += n.shrink ?? 0;
    }
    const node = nodes[b]!;
    if (node.type === 'penalty') width += node.width;
    const L = lineWidth(line);
    const final = b === last;
    let r: number;
    if (width < L) r = final ? 0 : stretch > 0 ? (L - width) / stretch : Infinity;
    else if (width > L) r = shrink > 0 ? (L - width) / shrink : -Infinity;
    else r = 0;
    if (r < -1) return Infinity;
    const ar = r < 0 ? -r : r;
    const badness = r === 0 ? 0 : Math.min(100 * ar * ar * ar, WORST);
    const flagged = node.type === 'penalty' && node.flagged;
    let d = lineDemerits(r, badness, node, p);
    const fitness = fitnessClass(r);
    if (flagged && prev.run > 0) d += p.flaggedDemerits;
    if (final && prev.run > 0) d += p.finalHyphenDemerits;
    if (Math.abs(fitness - prev.fitness) > 1) d += p.fitnessDemerits;
    total += d;
    prev = { position: b, fitness, run: flagged ? prev.run + 1 : 0 };
  }
  return total;
}
