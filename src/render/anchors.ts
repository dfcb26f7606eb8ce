// Where each section's and article's heading stands on its page: the point a bookmark or a
// contents entry jumps to, so that a reader lands on the heading, not at the top of its page.
import type { Document, OutlineEntry } from '../display/types.js';

export interface Anchor {
  /** Index of the page in the document. */
  readonly page: number;
  /** The heading's top, in the page's display-list coordinates (top-left origin). */
  readonly top: number;
}

/** A little air above the heading's letters. */
const ABOVE = 2;

/** The first section title of each section ("s<index>") and the first heading of each article ("a<id>"). */
export function headingAnchors(doc: Document): Map<string, Anchor> {
  const anchors = new Map<string, Anchor>();
  doc.pages.forEach((page, p) => {
    for (const op of page.ops) {
      if (op.kind !== 'text') continue;
      const r = op.role;
      const key = r.kind === 'section-title' ? `s${r.section}` : r.kind === 'heading' && !r.continued ? `a${r.article}` : undefined;
      if (key && !anchors.has(key)) anchors.set(key, { page: p, top: Math.max(0, op.y - op.size - ABOVE) });
    }
  });
  return anchors;
}

/** Where an outline entry leads: its section's title band, or (a section without one) its first article's heading. */
export function entryAnchor(anchors: ReadonlyMap<string, Anchor>, entry: OutlineEntry, section?: number): Anchor | undefined {
  if (entry.article !== undefined) return anchors.get(`a${entry.article}`);
  const first = entry.children[0]?.article;
  return (section === undefined ? undefined : anchors.get(`s${section}`)) ?? (first === undefined ? undefined : anchors.get(`a${first}`));
}

/** The named destination of a section's heading, which its contents entry leads to. */
export function sectionDestination(section: number): string {
  return `section-${section + 1}`;
}
