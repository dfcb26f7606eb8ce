// The paper around a page in print: trim, bleed and media boxes, colour that touches the page
// edge run on into the bleed, and crop marks in the slug outside the bleed.
import type { Box, Op } from '../display/types.js';

type Pdf = PDFKit.PDFDocument;

export interface PageGeometry {
  readonly mediaWidth: number;
  readonly mediaHeight: number;
  /** Where the trimmed page's top-left corner stands on the media (the slug on each side). */
  readonly offset: number;
  /** PDF rectangles [x1, y1, x2, y2], origin at the bottom left of the media. */
  readonly trimBox: readonly number[];
  readonly bleedBox: readonly number[];
}

export function pageGeometry(width: number, height: number, bleed: number, slug: number): PageGeometry {
  const r = (inset: number) => [inset, inset, width + 2 * slug - inset, height + 2 * slug - inset].map(round);
  return {
    mediaWidth: width + 2 * slug,
    mediaHeight: height + 2 * slug,
    offset: slug,
    trimBox: r(slug),
    bleedBox: r(slug - bleed),
  };
}

/** Writes TrimBox and BleedBox on the current page (MediaBox is the page size pdfkit was given). */
export function setPageBoxes(pdf: Pdf, g: PageGeometry): void {
  const data = (pdf.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
  data.TrimBox = [...g.trimBox];
  data.BleedBox = [...g.bleedBox];
}

const EDGE = 0.01;

/**
 * Colour that touches the page edge is made to run on past it by `bleed`, so that a cut a
 * little off the trim leaves no white sliver. Rectangles grow; a picture's frame grows and the
 * picture fills it, keeping its proportions (`frames` gives the grown frame by op index).
 * Ops keep their order and indices.
 */
export function extendIntoBleed(ops: readonly Op[], width: number, height: number, bleed: number): { ops: Op[]; frames: Map<number, Box> } {
  const frames = new Map<number, Box>();
  if (bleed <= 0) return { ops: [...ops], frames };
  const grow = (b: Box): Box | undefined => {
    const left = b.x <= EDGE ? bleed : 0;
    const top = b.y <= EDGE ? bleed : 0;
    const right = b.x + b.width >= width - EDGE ? bleed : 0;
    const bottom = b.y + b.height >= height - EDGE ? bleed : 0;
    if (!left && !top && !right && !bottom) return undefined;
    return { x: b.x - left, y: b.y - top, width: b.width + left + right, height: b.height + top + bottom };
  };
  const out = ops.map((op, i) => {
    if (op.kind !== 'rect' && op.kind !== 'image') return op;
    const g = grow(op);
    if (!g) return op;
    if (op.kind === 'rect') return { ...op, ...g };
    frames.set(i, g);
    return op;
  });
  return { ops: out, frames };
}

/** The placement of a picture that fills `frame` keeping its proportions (centred, cut at the sides). */
export function cover(frame: Box, aspect: number): Box {
  const byWidth = { width: frame.width, height: frame.width / aspect };
  const size = byWidth.height >= frame.height ? byWidth : { width: frame.height * aspect, height: frame.height };
  return { x: frame.x + (frame.width - size.width) / 2, y: frame.y + (frame.height - size.height) / 2, ...size };
}

/**
 * Crop marks at the four corners of the trim, in the slug and clear of the bleed, drawn in the
 * registration colour (the Separation "All": it prints on every plate). Coordinates are those
 * of the media, top-left origin.
 */
export function drawCropMarks(pdf: Pdf, g: PageGeometry, marks: { offset: number; length: number; weight: number }): void {
  const spot = pdf as unknown as { spotColors: Record<string, unknown>; addSpotColor(name: string, c: number, m: number, y: number, k: number): void };
  if (!spot.spotColors[REGISTRATION]) spot.addSpotColor(REGISTRATION, 100, 100, 100, 100);
  const s = g.offset;
  const near = marks.offset;
  const far = marks.offset + marks.length;
  pdf.save();
  pdf.lineWidth(marks.weight);
  for (const [x, y, dx, dy] of [
    [s, s, -1, -1], [g.mediaWidth - s, s, 1, -1], [s, g.mediaHeight - s, -1, 1], [g.mediaWidth - s, g.mediaHeight - s, 1, 1],
  ] as const) {
    pdf.moveTo(x + dx * near, y).lineTo(x + dx * far, y);
    pdf.moveTo(x, y + dy * near).lineTo(x, y + dy * far);
  }
  pdf.stroke(REGISTRATION);
  pdf.restore();
}

/** The Separation colour space "All" prints on every plate: the colour of crop marks. */
const REGISTRATION = 'All';

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
