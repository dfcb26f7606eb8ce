// The layout report (`nyhetsbrev build --report`): how well the text was set, page by page.
// Counted from the placed columns, so it tells what the reader sees.
import type { Column } from './paginate.js';

export interface Counts {
  /** Text lines of paragraphs and list items. */
  readonly lines: number;
  /** Lines ending at a hyphenation point or at a word's own hyphen. */
  readonly hyphenatedLines: number;
  /** Lines ending inside a word too wide for any line (drawn with a hyphen). */
  readonly emergencyBreaks: number;
  /** A paragraph's last line alone at the top of a column. */
  readonly widows: number;
  /** A paragraph's first line alone at the foot of a column. */
  readonly orphans: number;
  /** Lines wider than their column. */
  readonly overfullLines: number;
  /** Columns whose last line ends with a hyphen. */
  readonly hyphenAtColumnEnd: number;
  /** Mean squared shortfall of the lines that are not a paragraph's last, in pt². */
  readonly raggedness: number;
  /** The lines `raggedness` is the mean of. */
  readonly nonFinalLines: number;
  /** Median shortfall of those lines, in pt. */
  readonly medianShortfall: number;
  /** Most lines in a row ending with a hyphen (drawn, or the word's own), in one paragraph. */
  readonly hyphensInRow: number;
  /** Hyphenated lines by where the word broke: at a compound's seam, inside a part, at a poor place, or with no weight known. */
  readonly seamBreaks: number;
  readonly insideBreaks: number;
  readonly poorBreaks: number;
  /** Justified lines whose spaces are more than twice their natural width (not a paragraph's last). */
  readonly looseLines: number;
  /** Justified lines set with letter spacing, and the least and most of it, in percent of the font size. */
  readonly letterSpacedLines: number;
  readonly letterSpacingRange: readonly [number, number];
  /** Lines whose spaces were stretched or shrunk (justified text): 0 in ragged setting. */
  readonly justifiedLines: number;
}

export interface PageReport extends Counts {
  readonly page: number;
  /** How full each column is: percent of its height used, to the foot of its last item. */
  readonly fill: readonly number[];
  /** The " forts." headings at the tops of its columns, as printed. */
  readonly continuations: readonly string[];
  /** Height of those headings, in lines of body text. */
  readonly continuationLines: number;
  /** Pictures set smaller than their natural size (scale < 1) or moved to a later column top. */
  readonly pictures: readonly PictureChange[];
  /** The last page of its section (it may be less full). */
  readonly sectionLast: boolean;
  /** Every word broken at a line's end on the page, with a "-" at the break ("menneske-handel"). */
  readonly hyphenated: readonly string[];
  /** Shortfalls of the lines that are not a paragraph's last (the median is taken over all pages). */
  readonly shortfalls: readonly number[];
}

export interface PictureChange {
  readonly alt: string;
  /** Placed height ÷ natural height. */
  readonly scale: number;
  /** Columns it moved on from where the text mentions it (0: not floated). */
  readonly floated: number;
}

export interface Fill {
  /** Pages in the document, the cover included. */
  readonly pages: number;
  /** The least full page that is not its section's last, by its least full column. */
  readonly leastFull?: { readonly page: number; readonly percent: number };
  readonly continuationHeadings: number;
  readonly continuationLines: number;
  /** Pagination's cost (see src/layout/totalfit.ts), summed over sections; and greedy pagination's. */
  readonly cost: number;
  readonly greedyCost: number;
}

export interface LayoutReport {
  readonly pages: number;
  readonly total: Counts;
  readonly fill: Fill;
  readonly perPage: readonly PageReport[];
}

const EPS = 1e-6;

/** Counts for the columns of one page. */
export function countColumns(columns: readonly Column[]): Counts & { hyphenated: string[]; shortfalls: number[] } {
  let lines = 0, hyphenated = 0, emergency = 0, widows = 0, orphans = 0, overfull = 0, hyphenEnd = 0, squares = 0, nonFinal = 0;
  let seam = 0, inside = 0, poor = 0, row = 0, inRow = 0, loose = 0, spaced = 0, justified = 0;
  let least = Infinity, most = -Infinity;
  const words: string[] = [];
  const shortfalls: number[] = [];
  for (const column of columns) {
    const textLines = column.filter((p) => p.item.line).map((p) => p.item.line!);
    for (const l of textLines) {
      lines++;
      if (l.end === 'hyphen' || l.end === 'explicit') hyphenated++;
      if (l.end === 'emergency') emergency++;
      if (l.end === 'hyphen') {
        if (l.broken?.place === 'seam') seam++;
        else if (l.broken?.place === 'poor') poor++;
        else inside++;
      }
      if (l.broken) words.push(`${l.broken.word.slice(0, l.broken.at)}${l.end === 'hyphen' || l.end === 'emergency' ? '-' : ''}|${l.broken.word.slice(l.broken.at)}`);
      if (l.shortfall < -EPS) overfull++;
      if (l.spacing !== undefined || l.letterSpacing !== undefined) justified++;
      if (l.spacing !== undefined && l.spacing > 2 && l.end !== 'last') loose++;
      if (l.letterSpacing !== undefined && l.size) {
        spaced++;
        const pct = (100 * l.letterSpacing) / l.size;
        least = Math.min(least, pct);
        most = Math.max(most, pct);
      }
      // A paragraph's lines stand together; a run is counted within one paragraph.
      if (l.index === 0) row = 0;
      row = l.end === 'hyphen' || l.end === 'explicit' || l.end === 'emergency' || l.hyphenEnd ? row + 1 : 0;
      inRow = Math.max(inRow, row);
      if (l.end !== 'last') {
        nonFinal++;
        squares += Math.max(0, l.shortfall) ** 2;
        shortfalls.push(Math.max(0, l.shortfall));
      }
    }
    // A paragraph's lines stand together in reading order, so the first line of a column that
    // is not its paragraph's first goes on from the column before, and likewise at the foot.
    const top = textLines[0];
    if (top && top.index > 0 && top.index === top.count - 1) widows++;
    const foot = textLines[textLines.length - 1];
    if (foot && foot.index < foot.count - 1) {
      if (foot.index === 0) orphans++;
      if (foot.end === 'hyphen' || foot.end === 'explicit' || foot.end === 'emergency') hyphenEnd++;
    }
  }
  return {
    lines, hyphenatedLines: hyphenated, emergencyBreaks: emergency, widows, orphans, overfullLines: overfull,
    hyphenAtColumnEnd: hyphenEnd, raggedness: nonFinal > 0 ? squares / nonFinal : 0, nonFinalLines: nonFinal,
    medianShortfall: median(shortfalls), hyphensInRow: inRow, seamBreaks: seam, insideBreaks: inside, poorBreaks: poor,
    looseLines: loose, letterSpacedLines: spaced, letterSpacingRange: spaced > 0 ? [least, most] : [0, 0], justifiedLines: justified,
    hyphenated: words, shortfalls,
  };
}

/** Percent of `height` used by a column, to the foot of its last item (gaps end no column). */
export function columnFill(column: Column, height: number): number {
  let foot = 0;
  for (const p of column) if (p.item.kind !== 'gap') foot = Math.max(foot, p.y + p.item.height);
  return height > 0 ? Math.round((1000 * foot) / height) / 10 : 0;
}

/** The document's fill figures from its pages' reports. */
export function fillOf(pages: number, perPage: readonly PageReport[], cost: number, greedyCost: number): Fill {
  let leastFull: Fill['leastFull'];
  for (const p of perPage) {
    if (p.sectionLast || p.fill.length === 0) continue;
    const percent = Math.min(...p.fill);
    if (!leastFull || percent < leastFull.percent) leastFull = { page: p.page, percent };
  }
  return {
    pages,
    ...(leastFull ? { leastFull } : {}),
    continuationHeadings: perPage.reduce((s, p) => s + p.continuations.length, 0),
    continuationLines: Math.round(10 * perPage.reduce((s, p) => s + p.continuationLines, 0)) / 10,
    cost: Math.round(cost),
    // JSON has no Infinity: a greedy pagination that broke a rule nothing allows is null.
    greedyCost: Number.isFinite(greedyCost) ? Math.round(greedyCost) : (null as unknown as number),
  };
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  // A typed array sorts numbers as numbers, without a comparison function to call.
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Sums page counts into the whole document's. */
export function total(pages: readonly (Counts & { readonly shortfalls?: readonly number[] })[]): Counts {
  const sum = (k: Exclude<keyof Counts, 'letterSpacingRange'>) => pages.reduce((s, p) => s + p[k], 0);
  const nonFinal = sum('nonFinalLines');
  return {
    lines: sum('lines'),
    hyphenatedLines: sum('hyphenatedLines'),
    emergencyBreaks: sum('emergencyBreaks'),
    widows: sum('widows'),
    orphans: sum('orphans'),
    overfullLines: sum('overfullLines'),
    hyphenAtColumnEnd: sum('hyphenAtColumnEnd'),
    raggedness: nonFinal > 0 ? pages.reduce((s, p) => s + p.raggedness * p.nonFinalLines, 0) / nonFinal : 0,
    nonFinalLines: nonFinal,
    medianShortfall: median(pages.flatMap((p) => p.shortfalls ?? [])),
    hyphensInRow: pages.reduce((m, p) => Math.max(m, p.hyphensInRow), 0),
    seamBreaks: sum('seamBreaks'),
    insideBreaks: sum('insideBreaks'),
    poorBreaks: sum('poorBreaks'),
    looseLines: sum('looseLines'),
    letterSpacedLines: sum('letterSpacedLines'),
    letterSpacingRange: pages.some((p) => p.letterSpacedLines > 0)
      ? [Math.min(...pages.filter((p) => p.letterSpacedLines > 0).map((p) => p.letterSpacingRange[0])), Math.max(...pages.filter((p) => p.letterSpacedLines > 0).map((p) => p.letterSpacingRange[1]))]
      : [0, 0],
    justifiedLines: sum('justifiedLines'),
  };
}

/** The report as the terminal shows it. */
export function formatReport(r: LayoutReport): string {
  const head = 'page  lines  hyphenated  seam  inside  poor  in a row  emergency  widows  orphans  overfull  raggedness (pt²)  median shortfall (pt)';
  const row = (label: string, c: Counts) =>
    [label.padStart(4), String(c.lines).padStart(6), String(c.hyphenatedLines).padStart(11), String(c.seamBreaks).padStart(5),
      String(c.insideBreaks).padStart(7), String(c.poorBreaks).padStart(5), String(c.hyphensInRow).padStart(9), String(c.emergencyBreaks).padStart(10),
      String(c.widows).padStart(7), String(c.orphans).padStart(8), String(c.overfullLines).padStart(9), c.raggedness.toFixed(1).padStart(17),
      c.medianShortfall.toFixed(1).padStart(22)].join(' ');
  const text = [head, ...r.perPage.filter((p) => p.lines > 0).map((p) => row(String(p.page), p)), row('all', r.total)];
  const t = r.total;
  if (t.justifiedLines > 0) {
    const [lo, hi] = t.letterSpacingRange;
    const range = t.letterSpacedLines > 0 ? ` (${lo >= 0 ? '+' : ''}${lo.toFixed(2)} … ${hi >= 0 ? '+' : ''}${hi.toFixed(2)} % of the font size)` : '';
    text.push(`justified: ${t.looseLines} lines with spaces over 2× their natural width; ${t.letterSpacedLines} lines letter-spaced${range}`);
  }
  const fillHead = 'page  columns full (%)  forts. headings (lines)  pictures scaled / floated';
  const fillRow = (p: PageReport) => {
    const cols = p.fill.map((f) => f.toFixed(0).padStart(4)).join('') + (p.sectionLast ? ' last' : '');
    const forts = p.continuations.length > 0 ? `${p.continuations.map((c) => `"${c}"`).join(', ')} (${p.continuationLines.toFixed(1)})` : '–';
    const pics = p.pictures.map((x) => `"${x.alt}" ${Math.round(x.scale * 100)} %${x.floated ? `, ${x.floated} column${x.floated > 1 ? 's' : ''} on` : ''}`).join('; ') || '–';
    return `${String(p.page).padStart(4)}  ${cols.padEnd(16)}  ${forts.padEnd(23)}  ${pics}`;
  };
  const { fill } = r;
  const least = fill.leastFull ? `least full page (not a section's last): ${fill.leastFull.page}, ${fill.leastFull.percent.toFixed(0)} %` : 'no page but sections\' last';
  text.push('', fillHead, ...r.perPage.map(fillRow),
    `pages ${fill.pages}; ${least}; ${fill.continuationHeadings} forts. headings, ${fill.continuationLines.toFixed(1)} lines of body text; ` +
      `pagination cost ${fill.cost} (greedy ${fill.greedyCost ?? '–'})`);
  return text.join('\n');
}
