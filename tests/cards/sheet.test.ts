// The sheet's grid and the order of cards, as pure functions of the card layout.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capacity, chooseGrid, cropMarks, defaultPerSheet, mirrored, OptionError, sequence } from '../../src/cards/sheet.js';
import { loadCardTheme, type CardTheme } from '../../src/cards/theme.js';
import { repo } from '../helpers/project.js';

const MM = 72 / 25.4;
const theme = loadCardTheme(join(repo, 'layouts', 'cards.yaml'));
const mm = (v: number) => Math.round((v / MM) * 100) / 100;
const withSheet = (width: number, height: number): CardTheme => ({ ...theme, sheet: { width: width * MM, height: height * MM } });

describe('the grid of cards on a sheet', () => {
  it('fits 2 × 4 cards on portrait A4 and 3 × 3 on landscape A4, with 6 mm between cards and room for the marks', () => {
    expect(capacity(210 * MM, 297 * MM, theme)).toEqual({ cols: 2, rows: 4 });
    expect(capacity(297 * MM, 210 * MM, theme)).toEqual({ cols: 3, rows: 3 });
  });

  it('by default puts the most cards that give each card the same number of places', () => {
    expect(defaultPerSheet(1, 9)).toBe(9);
    expect(defaultPerSheet(2, 9)).toBe(8);
    expect(defaultPerSheet(4, 9)).toBe(8);
    expect(defaultPerSheet(12, 9)).toBe(9);
    expect(chooseGrid(theme, undefined, 2)).toMatchObject({ cols: 2, rows: 4, orientation: 'portrait' });
    expect(chooseGrid(theme, undefined, 3)).toMatchObject({ cols: 3, rows: 3, orientation: 'landscape' });
  });

  it('chooses the grid with the fewest empty places for --per-sheet, the sheet as given first', () => {
    expect(chooseGrid(theme, 9)).toMatchObject({ cols: 3, rows: 3, orientation: 'landscape' });
    expect(chooseGrid(theme, 8)).toMatchObject({ cols: 2, rows: 4, orientation: 'portrait' });
    expect(chooseGrid(theme, 4)).toMatchObject({ cols: 2, rows: 2, orientation: 'portrait' });
    expect(chooseGrid(theme, 3)).toMatchObject({ cols: 1, rows: 3, orientation: 'portrait' });
    expect(chooseGrid(theme, 6)).toMatchObject({ cols: 2, rows: 3, orientation: 'portrait' });
    expect(chooseGrid(theme, 7).slots.length).toBe(7);
    expect(() => chooseGrid(theme, 10)).toThrow(OptionError);
  });

  it('centres the grid on the sheet, so that the mirrored back sheet uses the same places', () => {
    const g = chooseGrid(theme, 8);
    const left = Math.min(...g.slots.map((s) => s.x));
    const right = Math.max(...g.slots.map((s) => s.x + s.width));
    expect(mm(left)).toBeCloseTo(mm(g.width - right), 6);
    for (const s of g.slots) expect(g.slots.some((t) => Math.abs(mirrored(s, g.width).x - t.x) < 1e-6 && t.y === s.y)).toBe(true);
    expect(mm(g.slots[1]!.x - g.slots[0]!.x - g.slots[0]!.width)).toBe(6);
  });

  it('refuses a sheet that holds no card, naming the smallest that would', () => {
    expect(() => chooseGrid(withSheet(100, 60))).toThrow(/holds no card of 85 × 55 mm .* at least 111 × 81 mm/);
    expect(chooseGrid(withSheet(111, 81)).slots.length).toBe(1);
  });
});

describe('cards in order on sheets', () => {
  it('fills one sheet with every card as evenly as the places allow, in order', () => {
    expect(sequence(['a', 'b'], 8)).toEqual([['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']]);
    expect(sequence(['a', 'b'], 9)).toEqual([['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']]);
    expect(sequence(['a', 'b', 'c'], 3)).toEqual([['a', 'b', 'c']]);
  });

  it('puts more cards than a sheet holds on further sheets, each once', () => {
    expect(sequence(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(sequence([], 8)).toEqual([]);
  });
});

describe('crop marks', () => {
  it('mark each cut line twice, beyond the bleed, and nowhere else', () => {
    const g = chooseGrid(theme, 4);
    const marks = cropMarks(g.slots, theme);
    // two columns: 4 vertical cut lines; two rows: 4 horizontal ones; two marks each.
    expect(marks.length).toBe(4 * 2 + 4 * 2);
    const top = Math.min(...g.slots.map((s) => s.y));
    for (const m of marks.filter((m) => m.dx === 0 && m.y < top)) expect(mm(top - (m.y + m.dy))).toBe(3);
  });
});
