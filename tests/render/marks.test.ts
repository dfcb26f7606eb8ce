// Print geometry: boxes, and colour that touches the page edge running on into the bleed.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../src/display/types.js';
import { cover, extendIntoBleed, pageGeometry } from '../../src/render/marks.js';

const rect = (x: number, y: number, width: number, height: number): Op => ({ kind: 'rect', x, y, width, height, fill: '#003865', role: { kind: 'artifact' } });
const image = (x: number, y: number, width: number, height: number): Op => ({
  kind: 'image', x, y, width, height, picture: 'p.png', alt: 'A', role: { kind: 'figure', block: 's0a0b0', alt: 'A' },
});

describe('print geometry', () => {
  it('puts the trimmed page in the middle of the media, the bleed around it', () => {
    const g = pageGeometry(600, 800, 9, 30);
    expect([g.mediaWidth, g.mediaHeight, g.offset]).toEqual([660, 860, 30]);
    expect(g.trimBox).toEqual([30, 30, 630, 830]);
    expect(g.bleedBox).toEqual([21, 21, 639, 839]);
  });

  it('grows what touches an edge by the bleed on that edge only, and leaves the rest alone', () => {
    const ops = [rect(0, 0, 600, 200), rect(0, 40, 600, 30), rect(50, 40, 500, 30), image(300, 600, 300, 200)];
    const { ops: out, frames } = extendIntoBleed(ops, 600, 800, 9);
    expect(out.slice(0, 3).map((o) => [o.x, o.y, (o as { width: number }).width, (o as { height: number }).height])).toEqual([
      [-9, -9, 618, 209],
      [-9, 40, 618, 30],
      [50, 40, 500, 30],
    ]);
    // A picture keeps its op (and its tagged bounding box); its frame grows.
    expect(out[3]).toBe(ops[3]);
    expect(frames.get(3)).toEqual({ x: 300, y: 600, width: 309, height: 209 });
    expect(extendIntoBleed(ops, 600, 800, 0).frames.size).toBe(0);
  });

  it('fills a grown frame with the picture, keeping its proportions', () => {
    const placed = cover({ x: 0, y: 0, width: 309, height: 209 }, 300 / 200);
    expect(placed.width).toBeCloseTo(313.5, 1);
    expect(placed.height).toBeCloseTo(209, 5);
    expect(placed.x).toBeCloseTo(-2.25, 2);
  });
});
