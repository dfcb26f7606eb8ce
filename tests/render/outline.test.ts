// The PDF outline's entries, grouped by the page they are added on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutlineEntry } from '../../src/display/types.js';
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
