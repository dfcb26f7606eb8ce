// The logical structure of the tagged PDF, worked out from the roles of the display list, and
// the marking of each op's content as the PDF writer paints it.
//
// planStructure is pure: display list in, structure tree and one tag per op out, so that tests
// can read the tree without a PDF. Tagger realises the plan with pdfkit's own tagging
// (doc.struct, markStructureContent, markContent, structParent for link annotations),
// creating each structure element when its first content is painted so that the order of
// every element's children is the reading order.
import type { Document, LinkTarget, Op, Role, TextOp } from '../display/types.js';

export type StructType =
  | 'Document' | 'Sect' | 'Art' | 'H1' | 'H2' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody'
  | 'Figure' | 'Caption' | 'Link' | 'TOC' | 'TOCI' | 'Reference' | 'Span';

export interface StructNode {
  readonly type: StructType;
  readonly children: StructNode[];
  /** Language of the element where it differs from the document's. */
  lang?: string;
  /** Alternative text (Figure). */
  alt?: string;
  /** Link: the annotation's description (its Contents), saying where the link leads. */
  contents?: string;
  /** The text of the element's own content, in reading order (for link descriptions and tests). */
  text: string;
}

export type ArtifactType = 'Pagination' | 'Layout' | 'Page';

export type OpTag =
  /** The op's content belongs to `node`. */
  | { readonly kind: 'content'; readonly node: StructNode }
  /** The op is a link annotation of the Link element `node`. */
  | { readonly kind: 'annotation'; readonly node: StructNode }
  /** Page furniture, not part of the text. */
  | { readonly kind: 'artifact'; readonly type: ArtifactType; readonly attached?: 'Top' | 'Bottom' };

export interface StructurePlan {
  readonly root: StructNode;
  readonly parents: ReadonlyMap<StructNode, StructNode>;
  /** tags[page index][op index] */
  readonly tags: readonly (readonly OpTag[])[];
  /**
   * Link elements to end after the op at "page:op": an element holding an annotation is
   * written out on the page of its annotations, which pdfkit takes from the current page.
   */
  readonly ends: ReadonlyMap<string, readonly StructNode[]>;
  /**
   * Text ops ("page:op") that end a line with more of their element's text on the next: they
   * are written with a trailing space, so that text taken from the tags keeps its words apart.
   */
  readonly spaceAfter: ReadonlySet<string>;
}

const BLOCK = /^s(\d+)a(\d+)b\d+$/;

/** Works out the structure tree of a laid-out document. */
export function planStructure(doc: Document): StructurePlan {
  return new Planner(doc).plan();
}

interface LinkGroup {
  readonly node: StructNode;
  target: LinkTarget;
  readonly page: number;
  /** Inline links are described by their words, figures and contents entries by the link op's text. */
  described: JoinedText;
}

class Planner {
  private readonly root: StructNode = node('Document');
  private readonly parents = new Map<StructNode, StructNode>();
  private readonly keyed = new Map<string, StructNode>();
  private readonly articleOfPrefix = new Map<string, string>();
  private readonly sectionOfArticle = new Map<string, number>();
  /** Sections with a title band (a section-title op). */
  private readonly titled = new Set<number>();
  /** The first article of each section. */
  private readonly firstOfSection = new Map<number, string>();
  private readonly linkedFigures = new Set<string>();
  private readonly openLinks = new Map<StructNode, LinkGroup>();
  private readonly openSpans = new Map<StructNode, { readonly node: StructNode; readonly lang: string; readonly page: number }>();
  private readonly groups: LinkGroup[] = [];
  private readonly lastUse = new Map<StructNode, string>();
  private readonly lastText = new Map<StructNode, { at: string; page: number; y: number; end: number; text: string; joins: boolean }>();
  private readonly spaceAfter = new Set<string>();
  /** Each element's text as it grows, made a string once the plan is done. */
  private readonly texts = new Map<StructNode, JoinedText>();
  /** The group of each Link element (figures look theirs up). */
  private readonly groupOf = new Map<StructNode, LinkGroup>();
  private tocEntry: LinkGroup | undefined;
  private container: StructNode = this.root;

  constructor(private readonly doc: Document) {}

  plan(): StructurePlan {
    this.scan();
    const tags = this.doc.pages.map((page, p) =>
      page.ops.map((op, i) => {
        let tag = this.tag(op, p, i, page.height);
        if (tag.kind === 'content' && op.kind === 'text') tag = this.spanned(tag.node, op, p);
        if (tag.kind === 'content' && op.kind === 'text') this.noteText(this.blockOf(tag.node), op, p, i);
        return tag;
      }),
    );
    for (const [n, t] of this.texts) n.text = t.toString();
    const contents = describeLinks(this.groups.map((g) => ({ text: g.described.toString(), target: g.target })));
    this.groups.forEach((g, i) => (g.node.contents = contents[i]));
    const ends = new Map<string, StructNode[]>();
    for (const [n, at] of this.lastUse) ends.set(at, [...(ends.get(at) ?? []), n]);
    return { root: this.root, parents: this.parents, tags, ends, spaceAfter: this.spaceAfter };
  }

  /** First pass: which article each block belongs to, each article's section, which figures link. */
  private scan(): void {
    let pending: string | undefined;
    for (const page of this.doc.pages) {
      for (const op of page.ops) {
        const r = op.role;
        if (r.kind === 'heading' && !r.continued) pending = r.article;
        if (r.kind === 'section-title') this.titled.add(r.section);
        if (r.kind === 'figure' && op.kind === 'link') this.linkedFigures.add(r.block);
        const m = 'block' in r ? BLOCK.exec(r.block) : null;
        if (m && pending !== undefined) {
          this.articleOfPrefix.set(`s${m[1]}a${m[2]}`, pending);
          this.sectionOfArticle.set(pending, Number(m[1]));
          if (!this.firstOfSection.has(Number(m[1]))) this.firstOfSection.set(Number(m[1]), pending);
          pending = undefined;
        }
      }
    }
  }

  private tag(op: Op, p: number, i: number, pageHeight: number): OpTag {
    const r = op.role;
    const at = `${p}:${i}`;
    switch (r.kind) {
      case 'cover':
        return this.cover(op, r.part, p, at);
      case 'section-title': {
        this.container = this.section(r.section);
        return this.content(this.child(`h1:${r.section}`, this.container, 'H1'), op);
      }
      case 'heading': {
        if (r.continued) return artifact(op, pageHeight);
        const art = this.article(r.article, op.lang);
        this.container = art;
        // A section without a title (the back page) is named by its first article's heading:
        // that heading is the section's H1, as the contents and the bookmarks list it.
        const s = this.sectionOfArticle.get(r.article);
        const names = s !== undefined && !this.titled.has(s) && this.firstOfSection.get(s) === r.article;
        return this.content(this.child(`h2:${r.article}`, art, names ? 'H1' : 'H2', op.lang), op);
      }
      case 'paragraph':
        return this.text(this.child(`p:${r.block}`, this.containerOf(r.block), 'P', op.lang), op, p, at);
      case 'list-item':
      case 'list-label': {
        const list = this.child(`l:${r.block}`, this.containerOf(r.block), 'L', op.lang);
        const item = this.child(`li:${r.block}:${r.item}`, list, 'LI');
        if (r.kind === 'list-label') return this.content(this.child(`lbl:${r.block}:${r.item}`, item, 'Lbl'), op);
        return this.text(this.child(`lbody:${r.block}:${r.item}`, item, 'LBody'), op, p, at);
      }
      case 'figure': {
        const container = r.block.endsWith('-logo') ? this.article(r.block.slice(0, -'-logo'.length)) : this.containerOf(r.block);
        const link = this.linkedFigures.has(r.block) ? this.child(`figlink:${r.block}`, container, 'Link') : undefined;
        const figure = this.child(`fig:${r.block}`, link ?? container, 'Figure');
        figure.alt = r.alt;
        if (op.kind === 'link' && link) return this.annotation(this.figureLink(link, op.target, p, op.text), at);
        return this.content(figure, op);
      }
      case 'caption':
        return this.text(this.child(`caption:${r.block}`, this.containerOf(r.block), 'Caption', op.lang), op, p, at);
      case 'artifact':
        // A link annotation is never an artifact: a link on a decorative picture stands alone.
        if (op.kind === 'link') return this.annotation(this.standaloneLink(this.container, op.target, p, op.text), at);
        return artifact(op, pageHeight);
    }
  }

  private cover(op: Op, part: Extract<Role, { kind: 'cover' }>['part'], p: number, at: string): OpTag {
    this.container = this.root;
    switch (part) {
      case 'title':
        return this.content(this.child('cover:title', this.root, 'H1'), op);
      case 'line':
        // Each line of the cover (issue, period, date) is a paragraph of its own.
        return this.content(this.child(`cover:line:${p}:${op.y.toFixed(1)}`, this.root, 'P'), op);
      case 'contents-title':
        return this.content(this.child('cover:contents-title', this.root, 'H2'), op);
      case 'contents': {
        // A contents entry: its words and page number are one link, ended by the link op. The
        // link stands in a Reference, what a TOCI holds (ISO 32000-1, Table 333).
        const toc = this.child('toc', this.root, 'TOC');
        if (!this.tocEntry) {
          const item = this.add(toc, node('TOCI'));
          const reference = this.add(item, node('Reference'));
          this.tocEntry = this.newGroup(this.add(reference, node('Link')), { page: 0 }, p);
        }
        const entry = this.tocEntry;
        if (op.kind === 'link') {
          this.tocEntry = undefined;
          entry.described = new JoinedText(op.text);
          entry.target = op.target;
          return this.annotation(entry, at);
        }
        if (op.kind === 'text') this.append(entry.node, op.text);
        return this.content(entry.node, op);
      }
    }
  }

  /** Text of a paragraph, list item or caption: the words of a link go into a Link element. */
  private text(leaf: StructNode, op: Op, p: number, at: string): OpTag {
    if (op.kind === 'link') {
      const open = this.openLinks.get(leaf);
      const group = open && sameTarget(open.target, op.target) && open.page === p ? open : this.standaloneLink(leaf, op.target, p, op.text);
      return this.annotation(group, at);
    }
    if (op.kind !== 'text') return this.content(leaf, op);
    if (!op.link) {
      this.openLinks.delete(leaf);
      return this.content(leaf, op);
    }
    let group = this.openLinks.get(leaf);
    // A link broken over two lines stays one Link element, unless it runs on to another page.
    if (!group || !sameTarget(group.target, op.link) || group.page !== p) {
      group = this.newGroup(this.add(leaf, node('Link')), op.link, p);
      this.openLinks.set(leaf, group);
    }
    group.described.add(op.text);
    this.append(group.node, op.text);
    this.append(leaf, op.text);
    this.lastUse.set(group.node, at);
    return { kind: 'content', node: group.node };
  }

  /** The element whose words a node's text continues: a link's or a span's words are part of its paragraph. */
  private blockOf(n: StructNode): StructNode {
    const parent = this.parents.get(n);
    if (n.type === 'Span' && parent) return this.blockOf(parent);
    return n.type === 'Link' && parent && parent.type !== 'Reference' ? parent : n;
  }

  /**
   * Words marked with another language inside their element (`[…]{lang=sv}`) go into a Span
   * with that /Lang, one Span for the marked words as long as they go on (over lines, on one
   * page). The words of a link keep their Link element (a Span is not nested in a Link).
   */
  private spanned(holder: StructNode, op: TextOp, p: number): OpTag {
    if (!op.span || holder.type === 'Link') {
      this.openSpans.delete(holder);
      return { kind: 'content', node: holder };
    }
    let open = this.openSpans.get(holder);
    if (!open || open.lang !== op.span || open.page !== p) {
      const span = this.add(holder, node('Span'));
      span.lang = op.span;
      this.openSpans.set(holder, (open = { node: span, lang: op.span, page: p }));
    }
    this.append(open.node, op.text);
    return { kind: 'content', node: open.node };
  }

  private noteText(block: StructNode, op: TextOp, p: number, i: number): void {
    const prev = this.lastText.get(block);
    const apart = prev && (prev.page !== p || Math.abs(prev.y - op.y) > 0.5 || op.x > prev.end + 1);
    if (prev && apart && !prev.joins && !/[\s\u00ad]$/.test(prev.text) && !/^\s/.test(op.text)) this.spaceAfter.add(prev.at);
    this.lastText.set(block, { at: `${p}:${i}`, page: p, y: op.y, end: op.x + op.width, text: op.text, joins: op.joinsNext === true });
  }

  private standaloneLink(parent: StructNode, target: LinkTarget, p: number, text: string): LinkGroup {
    const g = this.newGroup(this.add(parent, node('Link')), target, p);
    g.described = new JoinedText(text);
    return g;
  }

  private figureLink(link: StructNode, target: LinkTarget, p: number, text: string): LinkGroup {
    const existing = this.groupOf.get(link);
    if (existing) return existing;
    const g = this.newGroup(link, target, p);
    g.described = new JoinedText(text);
    return g;
  }

  private newGroup(link: StructNode, target: LinkTarget, page: number): LinkGroup {
    const g: LinkGroup = { node: link, target, page, described: new JoinedText() };
    this.groups.push(g);
    // The first group of a node is the one a lookup by node finds (as a search of `groups` would).
    if (!this.groupOf.has(link)) this.groupOf.set(link, g);
    return g;
  }

  /** Adds an op's text to an element's text, words kept apart (see JoinedText). */
  private append(n: StructNode, text: string): void {
    let t = this.texts.get(n);
    if (!t) this.texts.set(n, (t = new JoinedText(n.text)));
    t.add(text);
  }

  private annotation(group: LinkGroup, at: string): OpTag {
    this.lastUse.set(group.node, at);
    return { kind: 'annotation', node: group.node };
  }

  private content(n: StructNode, op: Op): OpTag {
    if (op.kind === 'text' && n.type !== 'Link') this.append(n, op.text);
    return { kind: 'content', node: n };
  }

  private section(s: number): StructNode {
    return this.child(`sect:${s}`, this.root, 'Sect');
  }

  private article(id: string, lang?: string): StructNode {
    const s = this.sectionOfArticle.get(id);
    // An article never stands inside another (the cards: one Art after another).
    let outer = this.container;
    while (outer.type === 'Art') outer = this.parents.get(outer) ?? this.root;
    return this.child(`art:${id}`, s === undefined ? outer : this.section(s), 'Art', lang);
  }

  private containerOf(block: string): StructNode {
    const m = BLOCK.exec(block);
    const id = m ? this.articleOfPrefix.get(`s${m[1]}a${m[2]}`) : undefined;
    return id ? this.article(id) : this.container;
  }

  private child(key: string, parent: StructNode, type: StructType, lang?: string): StructNode {
    let n = this.keyed.get(key);
    if (!n) {
      n = this.add(parent, node(type));
      if (lang) n.lang = lang;
      this.keyed.set(key, n);
    }
    return n;
  }

  private add(parent: StructNode, child: StructNode): StructNode {
    parent.children.push(child);
    this.parents.set(child, parent);
    return child;
  }
}

function node(type: StructType): StructNode {
  return { type, children: [], text: '' };
}

function artifact(op: Op, pageHeight: number): OpTag {
  if (op.kind !== 'text') return { kind: 'artifact', type: 'Layout' };
  // Running heads (title band repeats, " forts." headings) and footers.
  return { kind: 'artifact', type: 'Pagination', attached: op.y > pageHeight / 2 ? 'Bottom' : 'Top' };
}

const SPACE = /^\s$/;

/**
 * Text joined piece by piece with a space between two pieces unless one side already has white
 * space there (an empty text takes the next piece as it is). The pieces are kept and joined
 * once: appending to a string and looking at its end each time costs time in the length of
 * what is already there, which made the plan of a long paragraph take time in its square.
 */
export class JoinedText {
  private readonly parts: string[] = [];
  private empty = true;
  /** The text so far ends in white space. */
  private spaced = false;

  constructor(initial = '') {
    this.add(initial);
  }

  add(piece: string): void {
    if (this.empty) {
      if (piece === '') return;
      this.empty = false;
    } else if (!this.spaced && !(piece !== '' && SPACE.test(piece[0]!))) {
      this.parts.push(' ');
      this.spaced = true;
    }
    if (piece === '') return;
    this.parts.push(piece);
    this.spaced = SPACE.test(piece[piece.length - 1]!);
  }

  toString(): string {
    return this.parts.join('');
  }
}

function sameTarget(a: LinkTarget, b: LinkTarget): boolean {
  return 'url' in a ? 'url' in b && a.url === b.url : 'page' in b && a.page === b.page;
}

/**
 * What a link annotation says about where it leads: its words, and the address or page when
 * the words do not name it ("her" → "her – www.nkvts.no/rapport"). The address is given whole,
 * without its scheme (and trailing slash): never cut short.
 *
 * `level` says how much more to say when the description alone would be shared with a link to
 * another place (see describeLinks): 1 gives the words and the whole address without its scheme
 * even where the words name the site, 2 the address as it is, scheme included.
 */
export function describeLink(text: string, target: LinkTarget, level: 0 | 1 | 2 = 0): string {
  // A word broken at a line's end (soft hyphen) is read whole.
  const words = text.replace(/\u00ad\s*/g, '').replace(/\s+/g, ' ').trim();
  if ('page' in target) {
    if (level === 0 && /\d+$/.test(words)) return words;
    return words ? `${words}, side ${target.page}` : `side ${target.page}`;
  }
  if (target.url.startsWith('mailto:')) {
    const address = decodeURIComponent(target.url.slice('mailto:'.length).split('?')[0]!);
    if (level === 2) return words ? `${words} – ${target.url}` : target.url;
    return words && words !== address ? `${words} – e-post til ${address}` : `e-post til ${address}`;
  }
  if (level > 0) {
    const address = level === 2 ? target.url : target.url.replace(/^https?:\/\//, '');
    return words && words !== address ? `${words} – ${address}` : address;
  }
  const short = target.url.replace(/^https?:\/\//, '').replace(/\/$/, '');
  const bare = (s: string) => s.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
  // Words that are the address, or name its site, already say where the link leads.
  const host = bare(target.url).split('/')[0]!;
  if (!words || bare(words) === bare(target.url)) return words || short;
  // An address written shortened ("politiet.no/…/veileder.pdf") is said whole.
  if (words.toLowerCase().includes(host)) return words.includes('…') ? short : words;
  return `${words} – ${short}`;
}

/**
 * The descriptions of all the links of a document (WCAG 2.4.4): each as describeLink gives it,
 * except where two links to different places would read the same; those say more (the whole
 * address, then the address with its scheme) until no description is shared between targets.
 * Links to the same place may share one.
 */
export function describeLinks(links: readonly { readonly text: string; readonly target: LinkTarget }[]): string[] {
  const levels = links.map(() => 0 as 0 | 1 | 2);
  const out = links.map((l) => describeLink(l.text, l.target));
  for (;;) {
    const targets = new Map<string, Set<string>>();
    out.forEach((d, i) => {
      const set = targets.get(d) ?? new Set<string>();
      set.add(targetKey(links[i]!.target));
      targets.set(d, set);
    });
    let changed = false;
    out.forEach((d, i) => {
      if (targets.get(d)!.size < 2 || levels[i] === 2) return;
      levels[i] = (levels[i]! + 1) as 1 | 2;
      out[i] = describeLink(links[i]!.text, links[i]!.target, levels[i]);
      changed = true;
    });
    if (!changed) return out;
  }
}

function targetKey(t: LinkTarget): string {
  return 'url' in t ? `url:${t.url}` : `page:${t.page}`;
}

/** The nodes of a structure tree in reading order (depth first). */
export function* walkStructure(n: StructNode): Generator<StructNode> {
  yield n;
  for (const c of n.children) yield* walkStructure(c);
}
