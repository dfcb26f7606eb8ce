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
}

export interface PageReport extends Counts {
  readonly page: number;
}

export interface LayoutReport {
  readonly pages: number;
  readonly total: Counts;
  readonly perPage: readonly PageReport[];
}

const EPS = 1e-6;

/** Counts for the columns of one page. */
export function countColumns(columns: readonly Column[]): Counts {
  let lines = 0, hyphenated = 0, emergency = 0, widows = 0, orphans = 0, overfull = 0, hyphenEnd = 0, squares = 0, nonFinal = 0;
  for (const column of columns) {
    const textLines = column.filter((p) => p.item.line).map((p) => p.item.line!);
    for (const l of textLines) {
      lines++;
      if (l.end === 'hyphen' || l.end === 'explicit') hyphenated++;
      if (l.end === 'emergency') emergency++;
      if (l.shortfall < -EPS) overfull++;
      if (l.end !== 'last') {
        nonFinal++;
        squares += Math.max(0, l.shortfall) ** 2;
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
  };
}

/** Sums page counts into the whole document's. */
export function total(pages: readonly Counts[]): Counts {
  const sum = (k: keyof Counts) => pages.reduce((s, p) => s + p[k], 0);
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
  };
}

/** The report as the terminal shows it. */
export function formatReport(r: LayoutReport): string {
  const head = 'page  lines  hyphenated  emergency  widows  orphans  overfull  raggedness (pt²)';
  const row = (label: string, c: Counts) =>
    [label.padStart(4), String(c.lines).padStart(6), String(c.hyphenatedLines).padStart(11), String(c.emergencyBreaks).padStart(10),
      String(c.widows).padStart(7), String(c.orphans).padStart(8), String(c.overfullLines).padStart(9), c.raggedness.toFixed(1).padStart(17)].join(' ');
  return [head, ...r.perPage.filter((p) => p.lines > 0).map((p) => row(String(p.page), p)), row('all', r.total)].join('\n');
}
