// The structure plan worked out from a small hand-made display list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document, LinkTarget, Op, Page, Role } from '../../src/display/types.js';
import { describeLink, describeLinks, JoinedText, planStructure, walkStructure, type StructNode } from '../../src/render/tagging.js';

const text = (t: string, role: Role, y: number, extra: { x?: number; link?: LinkTarget; lang?: string } = {}): Op => ({
  kind: 'text', x: extra.x ?? 50, y, text: t, style: 'regular', size: 10, colour: '#000000', width: t.length * 5, role,
  ...(extra.link ? { link: extra.link } : {}), ...(extra.lang ? { lang: extra.lang } : {}),
});
const link = (target: LinkTarget, role: Role, y: number, words: string): Op => ({ kind: 'link', x: 50, y: y - 10, width: 40, height: 12, target, text: words, role });
const rect = (y: number): Op => ({ kind: 'rect', x: 0, y, width: 100, height: 1, fill: '#000000', role: { kind: 'artifact' } });
const page = (number: number, ops: Op[]): Page => ({ number, width: 600, height: 800, columns: [], ops });
const doc = (pages: Page[]): Document => ({
  pages, outline: [], fileName: 'x.pdf', warnings: [],
  info: { title: 'T', author: 'A', subject: 'S', keywords: 'K', language: 'nb-NO', date: '2026-01-09' },
});

const P0: Role = { kind: 'paragraph', block: 's0a0b0' };
const url = { url: 'https://www.nkvts.no/rapport/utsatthet/' };

function shape(n: StructNode): unknown {
  return n.children.length ? { [n.type]: n.children.map(shape) } : n.type;
}

describe('the structure plan', () => {
  const d = doc([
    page(1, [
      text('Nyhetsbrev', { kind: 'cover', part: 'title' }, 100),
      text('Innhold', { kind: 'cover', part: 'contents-title' }, 200),
      text('Seksjon', { kind: 'cover', part: 'contents' }, 220),
      text('2', { kind: 'cover', part: 'contents' }, 220, { x: 500 }),
      link({ page: 2 }, { kind: 'cover', part: 'contents' }, 220, 'Seksjon, side 2'),
    ]),
    page(2, [
      rect(40),
      text('Seksjon', { kind: 'section-title', section: 0 }, 50),
      text('NKVTS', { kind: 'heading', article: 'nkvts', continued: false }, 100, { lang: 'en' }),
      text('Første linje, se ', P0, 120, { lang: 'en' }),
      text('her', P0, 120, { x: 135, link: url, lang: 'en' }),
      rect(122),
      link(url, P0, 120, 'her'),
      text('og mer', P0, 135, { lang: 'en' }),
      text('»', { kind: 'list-label', block: 's0a0b1', item: 0 }, 150),
      text('punkt', { kind: 'list-item', block: 's0a0b1', item: 0 }, 150, { x: 60 }),
      text('Nyhetsbrev fra KOM 2', { kind: 'artifact' }, 790),
    ]),
    page(3, [
      text('Seksjon', { kind: 'artifact' }, 50),
      text('NKVTS forts.', { kind: 'heading', article: 'nkvts', continued: true }, 100),
      text('punkt går videre', { kind: 'list-item', block: 's0a0b1', item: 0 }, 120, { x: 60 }),
    ]),
  ]);
  const plan = planStructure(d);

  it('nests the document in reading order: cover, contents, sections, articles, blocks', () => {
    expect(shape(plan.root)).toEqual({
      Document: [
        'H1', 'H2', { TOC: [{ TOCI: [{ Reference: ['Link'] }] }] },
        { Sect: ['H1', { Art: ['H2', { P: ['Link'] }, { L: [{ LI: ['Lbl', 'LBody'] }] }] }] },
      ],
    });
  });

  it('makes page furniture, continuation headings and rules artifacts', () => {
    const kinds = plan.tags.map((p) => p.map((t) => t.kind));
    expect(kinds[1]![0]).toBe('artifact');
    expect(kinds[1]![5]).toBe('artifact');
    expect(plan.tags[1]![10]).toEqual({ kind: 'artifact', type: 'Pagination', attached: 'Bottom' });
    expect(plan.tags[2]![0]).toEqual({ kind: 'artifact', type: 'Pagination', attached: 'Top' });
    expect(plan.tags[2]![1]!.kind).toBe('artifact');
  });

  it('keeps a list item that runs onto the next page one element', () => {
    const bodies = [...walkStructure(plan.root)].filter((n) => n.type === 'LBody');
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.text).toBe('punkt punkt går videre');
    expect(plan.tags[2]![2]).toEqual({ kind: 'content', node: bodies[0] });
  });

  it('puts the words of a link and its annotation in one Link element, described by where it leads', () => {
    const links = [...walkStructure(plan.root)].filter((n) => n.type === 'Link');
    const inline = links[1]!;
    expect(plan.tags[1]![4]).toEqual({ kind: 'content', node: inline });
    expect(plan.tags[1]![6]).toEqual({ kind: 'annotation', node: inline });
    expect(inline.contents).toBe('her – www.nkvts.no/rapport/utsatthet');
    expect(plan.ends.get('1:6')).toEqual([inline]);
    expect(links[0]!.contents).toBe('Seksjon, side 2');
  });

  it('carries an article\'s language onto its elements', () => {
    const art = [...walkStructure(plan.root)].find((n) => n.type === 'Art')!;
    expect(art.lang).toBe('en');
    expect(art.children[0]!.lang).toBe('en');
    expect(art.children[1]!.lang).toBe('en');
  });

  it('adds a space after text that ends a line of an element that goes on', () => {
    // "og mer" goes on from "her" on the line above, the list item on the next page, and the
    // contents entry's page number stands apart from its title.
    expect(plan.spaceAfter.has('1:4')).toBe(true);
    expect(plan.spaceAfter.has('1:3')).toBe(false);
    expect(plan.spaceAfter.has('0:2')).toBe(true);
    expect(plan.spaceAfter.has('1:9')).toBe(true);
    expect(plan.spaceAfter.has('1:8')).toBe(false);
  });
});

describe('a section without a title (the back page)', () => {
  it('is a Sect of its own, named by its first article\'s heading as H1', () => {
    const h = (t: string, article: string, y: number) => text(t, { kind: 'heading', article, continued: false }, y);
    const plan = planStructure(doc([
      page(1, [
        text('Seksjon', { kind: 'section-title', section: 0 }, 50),
        h('NKVTS', 'nkvts', 100),
        text('Tekst', { kind: 'paragraph', block: 's0a0b0' }, 120),
      ]),
      page(2, [
        h('Om KOM', 'om-kom', 100),
        text('KOM er', { kind: 'paragraph', block: 's1a0b0' }, 120),
        h('Kontakt', 'kontakt', 200),
        text('Skriv', { kind: 'paragraph', block: 's1a1b0' }, 220),
      ]),
    ]));
    expect(shape(plan.root)).toEqual({
      Document: [
        { Sect: ['H1', { Art: ['H2', 'P'] }] },
        { Sect: [{ Art: ['H1', 'P'] }, { Art: ['H2', 'P'] }] },
      ],
    });
    const headings = [...walkStructure(plan.root)].filter((n) => /^H\d$/.test(n.type)).map((n) => `${n.type} ${n.text}`);
    expect(headings).toEqual(['H1 Seksjon', 'H2 NKVTS', 'H1 Om KOM', 'H2 Kontakt']);
  });
});

describe('link descriptions', () => {
  it('name the target where the words do not', () => {
    expect(describeLink('her', { url: 'https://www.nkvts.no/' })).toBe('her – www.nkvts.no');
    expect(describeLink('www.nkvts.no', { url: 'https://www.nkvts.no/' })).toBe('www.nkvts.no');
    expect(describeLink('Ny strategi – regjeringen.no', { url: 'https://www.regjeringen.no/no/x' })).toBe('Ny strategi – regjeringen.no');
    expect(describeLink('skriv til oss', { url: 'mailto:post@kom.no' })).toBe('skriv til oss – e-post til post@kom.no');
    expect(describeLink('side\u00a014', { page: 14 })).toBe('side 14');
    expect(describeLink('se her', { url: `https://example.org/${'a'.repeat(80)}` })).toBe(`se her – example.org/${'a'.repeat(80)}`);
    expect(describeLink('politiet.no/…/veileder.pdf', { url: 'https://www.politiet.no/globalassets/x/veileder.pdf' })).toBe('www.politiet.no/globalassets/x/veileder.pdf');
    expect(describeLink('Nasjonal strategi mot men\u00ad neskehandel – regjeringen.no', { url: 'https://www.regjeringen.no/x' })).toBe('Nasjonal strategi mot menneskehandel – regjeringen.no');
  });

  it('are never shared by links to different places, and say no more than that needs', () => {
    const base = 'https://www.politiet.no/globalassets/03-rad-og-forebygging/menneskehandel/';
    const links = [
      { text: 'her', target: { url: `${base}veileder-for-identifisering.pdf` } },
      { text: 'her', target: { url: `${base}rettsavgjorelser.pdf` } },
      { text: 'her', target: { url: `${base}veileder-for-identifisering.pdf` } },
      { text: 'Ny strategi – regjeringen.no', target: { url: 'https://www.regjeringen.no/no/a' } },
      { text: 'Ny strategi – regjeringen.no', target: { url: 'https://www.regjeringen.no/no/b' } },
      { text: 'KOM', target: { url: 'https://kom.no/x' } },
      { text: 'KOM', target: { url: 'http://kom.no/x' } },
      { text: 'se side 3', target: { page: 3 } },
      { text: 'se side 3', target: { page: 4 } },
      { text: 'her', target: { url: 'https://www.nkvts.no/' } },
    ];
    const d = describeLinks(links);
    expect(d).toEqual([
      `her – ${base.slice(8)}veileder-for-identifisering.pdf`,
      `her – ${base.slice(8)}rettsavgjorelser.pdf`,
      `her – ${base.slice(8)}veileder-for-identifisering.pdf`,
      'Ny strategi – regjeringen.no – www.regjeringen.no/no/a',
      'Ny strategi – regjeringen.no – www.regjeringen.no/no/b',
      'KOM – https://kom.no/x',
      'KOM – http://kom.no/x',
      'se side 3, side 3',
      'se side 3, side 4',
      'her – www.nkvts.no',
    ]);
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.constantFrom('her', 'KOM', 'kom.no', 'se side 2', ''), target: fc.oneof(fc.record({ page: fc.integer({ min: 1, max: 4 }) }), fc.record({ url: fc.constantFrom('https://kom.no/', 'https://kom.no', 'http://kom.no/', 'https://kom.no/a', 'mailto:post@kom.no') })) }), { maxLength: 12 }),
        (ls) => {
          const ds = describeLinks(ls);
          const seen = new Map<string, string>();
          ds.forEach((x, i) => {
            const key = JSON.stringify(ls[i]!.target);
            expect(seen.get(x) ?? key).toBe(key);
            seen.set(x, key);
            expect(x.endsWith('…')).toBe(false);
          });
        },
      ),
    );
  });
});

describe('words broken inside themselves', () => {
  it('get no space between their lines ("a-" | "krim", an address over two lines)', () => {
    const P: Role = { kind: 'paragraph', block: 's0a0b0' };
    const d = doc([
      page(1, [text('Nyhetsbrev', { kind: 'cover', part: 'title' }, 100)]),
      page(2, [
        text('Seksjon', { kind: 'section-title', section: 0 }, 50),
        text('NKVTS', { kind: 'heading', article: 'nkvts', continued: false }, 100),
        { ...(text('om a-', P, 120) as Extract<Op, { kind: 'text' }>), joinsNext: true },
        text('krim og', P, 134),
        text('utnyttelse', P, 148),
      ]),
    ]);
    const plan = planStructure(d);
    expect(plan.spaceAfter.has('1:2')).toBe(false);
    expect(plan.spaceAfter.has('1:3')).toBe(true);
  });
});

// How the plan joined an element's texts before JoinedText: a string grown line by line, its
// end looked at with a regular expression each time (time in the square of a paragraph's length).
function oldJoinText(a: string, b: string): string {
  if (a === '') return b;
  return /\s$/.test(a) || /^\s/.test(b) ? a + b : `${a} ${b}`;
}
const oldJoin = (pieces: readonly string[]) => pieces.reduce(oldJoinText, '');
const newJoin = (pieces: readonly string[], initial = '') => {
  const t = new JoinedText(initial);
  for (const p of pieces) t.add(p);
  return t.toString();
};

describe('joined text', () => {
  it('is what joining piece by piece gave, white space of every kind and empty pieces included', () => {
    const piece = fc.stringMatching(/^[ab \t\n\u00a0\u2028\u3000\u00ad-]{0,4}$/);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), piece, (pieces, initial) => {
        expect(newJoin(pieces, initial)).toBe(oldJoin([initial, ...pieces]));
      }),
      { numRuns: 2000 },
    );
  });

  it('is the same for a paragraph of thousands of lines', () => {
    const lines = Array.from({ length: 6000 }, (_, i) => (i % 7 === 0 ? `linje ${i} ` : i % 11 === 0 ? '' : `linje\u00a0${i}`));
    expect(newJoin(lines)).toBe(oldJoin(lines));
  });

  it('gives a long paragraph over many pages its whole text, and its link the text of its page', () => {
    const P: Role = { kind: 'paragraph', block: 's0a0b0' };
    const target = { url: 'https://www.nkvts.no/' };
    const pages: Page[] = [page(1, [text('Nyhetsbrev', { kind: 'cover', part: 'title' }, 100)])];
    const words: string[] = [];
    const linked: string[][] = [];
    for (let p = 0; p < 40; p++) {
      const ops: Op[] = p === 0 ? [text('Seksjon', { kind: 'section-title', section: 0 }, 50), text('NKVTS', { kind: 'heading', article: 'nkvts', continued: false }, 80)] : [];
      linked.push([]);
      for (let l = 0; l < 60; l++) {
        const line = `ord ${p}-${l} og mer tekst`;
        words.push(line);
        ops.push(text(line, P, 100 + l * 12, l < 30 ? { link: target } : {}));
        if (l < 30) linked[p]!.push(line);
      }
      pages.push(page(p + 2, ops));
    }
    const plan = planStructure(doc(pages));
    const paragraph = [...walkStructure(plan.root)].find((n) => n.type === 'P')!;
    expect(paragraph.text).toBe(oldJoin(words));
    // The first half of each page is a link; a link does not run on from one page to the next.
    const links = [...walkStructure(paragraph)].filter((n) => n.type === 'Link');
    expect(links).toHaveLength(40);
    expect(links[3]!.text).toBe(oldJoin(linked[3]!));
  });
});
