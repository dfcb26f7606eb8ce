// The PDF outline's entries, grouped by the page they are added on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document, Op, OutlineEntry, Page, Role } from '../../src/display/types.js';
import { entryAnchor, headingAnchors } from '../../src/render/anchors.js';
import { outlineByPage, type PageOutlineEntry } from '../../src/render/pdf.js';

/** What each page added before: the whole outline walked again on every page. */
function walkedPerPage(outline: readonly OutlineEntry[], page: number): PageOutlineEntry[] {
  const out: PageOutlineEntry[] = [];
  outline.forEach((section, s) => {
    if (section.page === page) out.push({ section: s, title: section.title, child: false });
    for (const child of section.children) if (child.page === page) out.push({ section: s, title: child.title, child: true });
  });
  return out;
}

describe('the outline by page', () => {
  it('gives each page the entries, in outline order, that walking the outline on that page gave', () => {
    const entry = (title: fc.Arbitrary<string>) => fc.record({ title, page: fc.integer({ min: 1, max: 12 }) });
    const outline = fc.array(
      fc.record({ head: entry(fc.string({ maxLength: 3 })), children: fc.array(entry(fc.string({ maxLength: 3 })), { maxLength: 8 }) }),
      { maxLength: 10 },
    ).map((ss) => ss.map((s): OutlineEntry => ({ ...s.head, children: s.children.map((c) => ({ ...c, children: [] })) })));
    fc.assert(
      fc.property(outline, (o) => {
        const byPage = outlineByPage(o);
        for (let page = 0; page <= 13; page++) expect(byPage.get(page) ?? []).toEqual(walkedPerPage(o, page));
      }),
    );
  });
});

describe('where bookmarks and contents entries lead', () => {
  const text = (t: string, role: Role, y: number): Op => ({ kind: 'text', x: 50, y, text: t, style: 'bold', size: 12, colour: '#000000', width: 40, role });
  const page = (number: number, ops: Op[]): Page => ({ number, width: 600, height: 800, columns: [], ops });
  const doc: Document = {
    pages: [
      page(2, [text('Seksjon', { kind: 'section-title', section: 0 }, 40), text('NKVTS', { kind: 'heading', article: 'nkvts', continued: false }, 300)]),
      page(3, [text('Seksjon', { kind: 'section-title', section: 0 }, 40), text('NKVTS forts.', { kind: 'heading', article: 'nkvts', continued: true }, 80)]),
      page(4, [text('Om KOM', { kind: 'heading', article: 'om', continued: false }, 120)]),
    ],
    outline: [
      { title: 'Seksjon', page: 2, children: [{ title: 'NKVTS', page: 2, article: 'nkvts', children: [] }] },
      { title: 'Om KOM', page: 4, children: [{ title: 'Om KOM', page: 4, article: 'om', children: [] }] },
    ],
    info: { title: 'T', author: 'A', subject: 'S', keywords: 'K', language: 'nb-NO', date: '2026-01-09' },
    fileName: 'x.pdf',
    warnings: [],
  };
  const anchors = headingAnchors(doc);

  it('an article\'s entry leads to its first heading, not its continuation', () => {
    expect(anchors.get('ankvts')).toEqual({ page: 0, top: 300 - 12 - 2 });
  });

  it('a section\'s entry leads to its title band, or without one to its first article\'s heading', () => {
    expect(entryAnchor(anchors, doc.outline[0]!, 0)).toEqual({ page: 0, top: 40 - 12 - 2 });
    expect(entryAnchor(anchors, doc.outline[1]!, 1)).toEqual({ page: 2, top: 120 - 12 - 2 });
  });
});
