// Realises a structure plan (tagging.ts) with pdfkit's tagging support while pages are painted:
// each op's content is marked as structure content of its element or as an artifact, and
// link annotations are added to their Link element.
import type { Box } from '../display/types.js';
import type { ArtifactType, OpTag, StructNode, StructurePlan } from './tagging.js';

type Pdf = PDFKit.PDFDocument;

/** The parts of pdfkit's structure element this module uses (the typings lag behind pdfkit). */
interface StructElement {
  add(child: unknown): StructElement;
  end(): void;
  readonly dictionary: { data: Record<string, unknown> };
}

interface TaggingPdf {
  struct(type: string, options?: { lang?: string; alt?: string }): StructElement;
  addStructure(e: StructElement): void;
  markStructureContent(tag: string): unknown;
  markContent(tag: string, options?: { type?: ArtifactType; attached?: string[] }): void;
  endMarkedContent(): void;
  readonly page: { markings: unknown[] };
}

/** Options for the annotation of a link op: pdfkit adds it to its Link element. */
export interface AnnotationOptions {
  readonly structParent: unknown;
  readonly Contents: string;
}

export class Tagger {
  private readonly elements = new Map<StructNode, StructElement>();
  /** What the open marked-content sequence holds: an element, or an artifact kind. */
  private open: StructNode | string | undefined;
  private readonly pdf: TaggingPdf;

  /**
   * @param toPdfBox converts a box of the current page (display-list coordinates) to a PDF
   *   rectangle [x1, y1, x2, y2] in the page's user space, for Figure bounding boxes.
   */
  constructor(pdf: Pdf, private readonly plan: StructurePlan, private readonly toPdfBox: (box: Box) => number[]) {
    this.pdf = pdf as unknown as TaggingPdf;
  }

  /**
   * Marks the content the op at (page, op) is about to paint. Returns, for a link, its
   * annotation's options, and for text that ends a line inside its element, that a space
   * goes after it.
   */
  before(page: number, op: number, box?: Box): { annotation?: AnnotationOptions; trailingSpace?: boolean } {
    const tag = this.plan.tags[page]![op]!;
    switch (tag.kind) {
      case 'annotation':
        // An annotation is not page content: the marked content around it stays as it is.
        return { annotation: { structParent: this.element(tag.node), Contents: new String(tag.node.contents ?? '') as unknown as string } };
      case 'artifact':
        this.artifact(tag);
        return {};
      case 'content':
        this.content(tag.node, box);
        return this.plan.spaceAfter.has(`${page}:${op}`) ? { trailingSpace: true } : {};
    }
  }

  /** Ends the elements whose last content was the op at (page, op). */
  after(page: number, op: number): void {
    for (const n of this.plan.ends.get(`${page}:${op}`) ?? []) this.elements.get(n)?.end();
  }

  /** Marked content never runs from one page onto the next. */
  endPage(): void {
    this.closeAll();
  }

  /** Paints production marks (crop marks) as artifacts: outside the document's content. */
  pageArtifact(paint: () => void): void {
    this.artifact({ kind: 'artifact', type: 'Page' });
    paint();
    this.closeAll();
  }

  private content(n: StructNode, box: Box | undefined): void {
    if (n.type === 'Figure' && box) this.element(n).dictionary.data.A = { O: 'Layout', Placement: 'Block', BBox: this.toPdfBox(box) };
    if (this.open === n) return;
    this.closeAll();
    const content = this.pdf.markStructureContent(n.type);
    this.element(n).add(content);
    this.open = n;
  }

  private artifact(tag: Extract<OpTag, { kind: 'artifact' }>): void {
    const key = `${tag.type}/${tag.attached ?? ''}`;
    if (this.open === key) return;
    this.closeAll();
    this.pdf.markContent('Artifact', { type: tag.type, ...(tag.attached ? { attached: [tag.attached] } : {}) });
    this.open = key;
  }

  /**
   * pdfkit closes an open sequence itself when a new one begins, except before the first
   * structure content of a page (its MCID 0 counts as "no MCID"): closing explicitly keeps
   * sequences from nesting.
   */
  private closeAll(): void {
    while (this.pdf.page.markings.length > 0) this.pdf.endMarkedContent();
    this.open = undefined;
  }

  /** The element of a node, made (with its ancestors) when first needed: children in painting order. */
  private element(n: StructNode): StructElement {
    let e = this.elements.get(n);
    if (e) return e;
    e = this.pdf.struct(n.type, { ...(n.lang ? { lang: n.lang } : {}), ...(n.alt ? { alt: n.alt } : {}) });
    const parent = this.plan.parents.get(n);
    if (parent) this.element(parent).add(e);
    else this.pdf.addStructure(e);
    this.elements.set(n, e);
    return e;
  }
}
