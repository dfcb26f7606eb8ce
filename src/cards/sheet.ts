// Card faces → printable pages. Sheets: as many cards as fit on the sheet (turned landscape when
// more fit that way), centred, with room between cards for their bleed and crop marks around
// the grid; each front sheet is followed by its back sheet, mirrored left to right, so that a
// duplex print puts every back behind its own front. Single: one card a page with its bleed,
// the page's TrimBox and BleedBox set, the form a print shop asks for.
import type { Box, LineOp, Op, Page, TrimBox } from '../display/types.js';
import { translate } from '../display/types.js';
import { InputError } from '../issue/problems.js';
import type { Card } from './cards.js';
import type { CardTheme } from './theme.js';

const MM = 72 / 25.4;
const EPS = 1e-6;

/** A value on the command line that the layout cannot meet (exit status 2, like a wrong option). */
export class OptionError extends Error {}

export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly orientation: 'portrait' | 'landscape';
  readonly cols: number;
  readonly rows: number;
  /** Trim boxes of the front sheet, row by row. */
  readonly slots: readonly Box[];
}

export interface CardFaces {
  readonly card: Card;
  readonly front: readonly Op[];
  readonly back: readonly Op[];
}

/** Columns and rows of cards that fit a sheet, crop marks and the printer's margin included. */
export function capacity(sheetWidth: number, sheetHeight: number, theme: CardTheme): { cols: number; rows: number } {
  const edge = theme.sheetMargin + theme.cropMarks.offset + theme.cropMarks.length;
  const fit = (length: number, card: number) => Math.max(0, Math.floor((length - 2 * edge + theme.gutter + EPS) / (card + theme.gutter)));
  return { cols: fit(sheetWidth, theme.card.width), rows: fit(sheetHeight, theme.card.height) };
}

/** The grid for `perSheet` cards (default: as many as fit), in the orientation that wastes least. */
export function chooseGrid(theme: CardTheme, perSheet?: number, cards = 1): Grid {
  const { width, height } = theme.sheet;
  const laid = [
    { width, height },
    ...(Math.abs(width - height) > EPS ? [{ width: height, height: width }] : []),
  ].map((s) => ({ ...s, ...capacity(s.width, s.height, theme) }));
  const most = Math.max(...laid.map((l) => l.cols * l.rows));
  const mm = (v: number) => Math.round(v / MM);
  if (most === 0) {
    const edge = 2 * (theme.sheetMargin + theme.cropMarks.offset + theme.cropMarks.length);
    const need = [theme.card.width + edge, theme.card.height + edge].map(mm);
    throw new InputError([{
      at: theme.sheetAt,
      message: `a sheet of ${mm(width)} × ${mm(height)} mm holds no card of ${mm(theme.card.width)} × ${mm(theme.card.height)} mm with its crop marks and the printer's margin: expected a sheet of at least ${need[0]} × ${need[1]} mm`,
    }]);
  }
  const n = perSheet ?? defaultPerSheet(cards, most);
  if (!Number.isInteger(n) || n < 1) throw new OptionError(`--per-sheet ${perSheet}: expected a whole number of cards, at least 1`);
  if (n > most) {
    throw new OptionError(`--per-sheet ${n}: at most ${most} cards of ${mm(theme.card.width)} × ${mm(theme.card.height)} mm fit on a sheet of ${mm(width)} × ${mm(height)} mm with crop marks`);
  }
  // Fewest empty places; then the sheet as the layout gives it; then fewer rows.
  let best: { width: number; height: number; cols: number; rows: number; waste: number; turned: number } | undefined;
  laid.forEach((l, turned) => {
    for (let cols = 1; cols <= l.cols; cols++) {
      for (let rows = 1; rows <= l.rows; rows++) {
        if (cols * rows < n) continue;
        const c = { width: l.width, height: l.height, cols, rows, waste: cols * rows - n, turned };
        if (!best || c.waste < best.waste || (c.waste === best.waste && (c.turned < best.turned || (c.turned === best.turned && c.rows < best.rows)))) best = c;
      }
    }
  });
  const g = best!;
  const { card, gutter } = theme;
  const x0 = (g.width - (g.cols * card.width + (g.cols - 1) * gutter)) / 2;
  const y0 = (g.height - (g.rows * card.height + (g.rows - 1) * gutter)) / 2;
  const slots: Box[] = [];
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) slots.push({ x: x0 + c * (card.width + gutter), y: y0 + r * (card.height + gutter), width: card.width, height: card.height });
  }
  return {
    width: g.width, height: g.height, orientation: g.width > g.height ? 'landscape' : 'portrait',
    cols: g.cols, rows: g.rows, slots: slots.slice(0, n),
  };
}

/** Where a front slot's card lies on the back sheet: mirrored left to right. */
export function mirrored(slot: Box, sheetWidth: number): Box {
  return { ...slot, x: sheetWidth - slot.x - slot.width };
}

/**
 * The cards on sheets of `perSheet`: when all cards fit on one sheet, each is repeated to fill
 * it (nine places, two cards: five and four), in order; otherwise each card once, sheet after sheet.
 */
export function sequence<T>(cards: readonly T[], perSheet: number): T[][] {
  if (cards.length === 0) return [];
  if (cards.length <= perSheet) {
    const base = Math.floor(perSheet / cards.length);
    const extra = perSheet % cards.length;
    return [cards.flatMap((c, i) => Array.from({ length: base + (i < extra ? 1 : 0) }, () => c))];
  }
  const sheets: T[][] = [];
  for (let i = 0; i < cards.length; i += perSheet) sheets.push(cards.slice(i, i + perSheet));
  return sheets;
}

/** Cards a sheet when none is asked for: the most that fit with the same number of each card. */
export function defaultPerSheet(cards: number, most: number): number {
  return cards <= most ? cards * Math.floor(most / cards) : most;
}

export function sheetPages(cards: readonly CardFaces[], grid: Grid, theme: CardTheme): Page[] {
  const pages: Page[] = [];
  for (const sheet of sequence(cards, grid.slots.length)) {
    const placed = sheet.map((faces, i) => ({ faces, slot: grid.slots[i]! }));
    const front: Op[] = [];
    const back: Op[] = [];
    const frontTrims: TrimBox[] = [];
    const backTrims: TrimBox[] = [];
    placed.forEach(({ faces, slot }, i) => {
      const m = mirrored(slot, grid.width);
      const sheetNo = pages.length / 2;
      front.push(...faces.front.map((op) => placeCopy(translate(op, slot.x, slot.y), `sheet${sheetNo}-card${i}`)));
      back.push(...faces.back.map((op) => placeCopy(translate(op, m.x, m.y), `sheet${sheetNo}-card${i}`)));
      frontTrims.push({ ...slot, label: label(faces.card, 'front') });
      backTrims.push({ ...m, label: label(faces.card, 'back') });
    });
    front.push(...cropMarks(placed.map((p) => p.slot), theme));
    const page = (ops: Op[], trims: TrimBox[]): Page => ({
      number: pages.length + 1, width: grid.width, height: grid.height, columns: [], ops, print: { trims, bleed: theme.bleed },
    });
    pages.push(page(front, frontTrims));
    pages.push(page(back, backTrims));
  }
  return pages;
}

export function singlePages(cards: readonly CardFaces[], theme: CardTheme): Page[] {
  const b = theme.bleed;
  const { width, height } = theme.card;
  const trim: Box = { x: b, y: b, width, height };
  const bleed: Box = { x: 0, y: 0, width: width + 2 * b, height: height + 2 * b };
  return cards.flatMap((faces, i) =>
    (['front', 'back'] as const).map((side, j): Page => ({
      number: 2 * i + j + 1,
      width: bleed.width,
      height: bleed.height,
      columns: [],
      ops: faces[side].map((op) => placeCopy(translate(op, b, b), `page${2 * i + j + 1}`)),
      print: { trims: [{ ...trim, label: label(faces.card, side) }], bleed: b, pdfBoxes: { trim, bleed } },
    })),
  );
}

/**
 * Each card placed on a page is an article of its own in the tagged PDF (a sheet holds a face
 * several times): its roles are made its own, so that no element gathers two cards' content.
 */
export function placeCopy(op: Op, copy: string): Op {
  const r = op.role;
  switch (r.kind) {
    case 'heading':
      return { ...op, role: { ...r, article: `${copy}/${r.article}` } } as Op;
    case 'paragraph':
    case 'figure':
    case 'caption':
    case 'list-item':
    case 'list-label':
      return { ...op, role: { ...r, block: `${copy}/${r.block}` } } as Op;
    default:
      return op;
  }
}

function label(card: Card, side: 'front' | 'back'): string {
  const p = side === 'front' ? card.front : card.back;
  return `${card.name} ${side} (${p ? p.id : 'blank'})`;
}

/**
 * Marks on the lines a guillotine cuts along, outside the cards: above and below the grid for
 * each vertical cut, left and right of it for each horizontal one, beyond the bleed.
 */
export function cropMarks(slots: readonly Box[], theme: CardTheme): LineOp[] {
  if (slots.length === 0) return [];
  const { offset, length, thickness, colour } = theme.cropMarks;
  const xs = unique(slots.flatMap((s) => [s.x, s.x + s.width]));
  const ys = unique(slots.flatMap((s) => [s.y, s.y + s.height]));
  const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const line = (x: number, y: number, dx: number, dy: number): LineOp => ({ kind: 'line', x, y, dx, dy, thickness, colour, role: { kind: 'artifact' } });
  return [
    ...xs.flatMap((x) => [line(x, top - offset - length, 0, length), line(x, bottom + offset, 0, length)]),
    ...ys.flatMap((y) => [line(left - offset - length, y, length, 0), line(right + offset, y, length, 0)]),
  ];
}

function unique(values: number[]): number[] {
  const out: number[] = [];
  for (const v of values.sort((a, b) => a - b)) if (out.length === 0 || Math.abs(out[out.length - 1]! - v) > 0.01) out.push(v);
  return out;
}
