// The display list: the only thing the PDF writer sees. Positions in PDF points, origin at the
// top-left corner of the page, y growing downwards; text is placed by its baseline.
import type { LayoutReport } from '../layout/report.js';
import type { Style } from '../model/types.js';

/** Where an op stands in the document's logical structure (for tagging and for tests). */
export type Role =
  | { readonly kind: 'section-title'; readonly section: number }
  | { readonly kind: 'heading'; readonly article: string; readonly continued: boolean }
  | { readonly kind: 'paragraph'; readonly block: string }
  | { readonly kind: 'list-item'; readonly block: string; readonly item: number }
  /** The bullet of a list item. */
  | { readonly kind: 'list-label'; readonly block: string; readonly item: number }
  | { readonly kind: 'figure'; readonly block: string; readonly alt: string }
  | { readonly kind: 'caption'; readonly block: string }
  | { readonly kind: 'cover'; readonly part: 'title' | 'line' | 'contents-title' | 'contents' }
  /** Page furniture: title band, footer, page number, rules, decorative logos. Not part of the text. */
  | { readonly kind: 'artifact' };

export type LinkTarget = { readonly url: string } | { readonly page: number };

interface OpBase {
  readonly role: Role;
  /** BCP 47 language of the text, where it differs from the document's. */
  readonly lang?: string;
}

export interface TextOp extends OpBase {
  readonly kind: 'text';
  /** The line ends inside a word, after the word's own hyphen ("a-" | "krim"): no space follows. */
  readonly joinsNext?: boolean;
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly style: Style;
  readonly size: number;
  readonly colour: string;
  readonly width: number;
  /** Points added after each glyph (PDF's Tc): a justified line's letter spacing. */
  readonly letterSpacing?: number;
  /** Where the text leads when it is the words of a link (a link op with the same target follows). */
  readonly link?: LinkTarget;
  /** Language of these words where the text marks one inside its paragraph (a Span with /Lang in the tags). */
  readonly span?: string;
  /**
   * Read, not seen (text rendering mode 3): a heading for readers on pages that show none, as
   * the card sheets' "QR-kort".
   */
  readonly invisible?: boolean;
}

export interface ImageOp extends OpBase {
  readonly kind: 'image';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Key of the picture's bytes (its file path). */
  readonly picture: string;
  readonly alt: string;
}

export interface RectOp extends OpBase {
  readonly kind: 'rect';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fill: string;
}

export interface LinkOp extends OpBase {
  readonly kind: 'link';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly target: LinkTarget;
  /** What the link's words are, for the annotation's description. */
  readonly text: string;
}

/** A QR code: its dark modules are painted as one vector path on a light square. */
export interface QrOp extends OpBase {
  readonly kind: 'qr';
  /** Top-left corner of the quiet zone. */
  readonly x: number;
  readonly y: number;
  /** Side of the whole square, quiet zone included. */
  readonly width: number;
  readonly height: number;
  /** Side of one module. */
  readonly module: number;
  /** Light modules around the symbol on each side. */
  readonly quiet: number;
  /** Rows of the symbol, top to bottom: true for a dark module. */
  readonly modules: readonly (readonly boolean[])[];
  readonly dark: string;
  readonly light: string;
  /** What the code holds, for checks and for the alternative text. */
  readonly data: string;
}

/** A straight line from (x, y) to (x + dx, y + dy): crop marks. */
export interface LineOp extends OpBase {
  readonly kind: 'line';
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
  readonly thickness: number;
  readonly colour: string;
}

export type Op = TextOp | ImageOp | RectOp | LinkOp | QrOp | LineOp;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Page {
  /** 1-based page number. */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  /** The column rectangles of the page, for checks and the debug overlay. */
  readonly columns: readonly Box[];
  /** Ops in reading order. */
  readonly ops: readonly Op[];
  /** Print products (cards): where the page is cut, and how far colour runs past each cut. */
  readonly print?: PrintGeometry;
}

export interface TrimBox extends Box {
  /** What is cut out here, e.g. "veileder (nb)". */
  readonly label: string;
}

export interface PrintGeometry {
  /** The pieces cut out of the page. */
  readonly trims: readonly TrimBox[];
  /** How far colour runs past each trim box. */
  readonly bleed: number;
  /** Written as the PDF's TrimBox and BleedBox: for a page that is one piece (print shop form). */
  readonly pdfBoxes?: { readonly trim: Box; readonly bleed: Box };
}

export interface OutlineEntry {
  readonly title: string;
  readonly page: number;
  /** The article an entry under a section stands for (its heading is where the entry leads). */
  readonly article?: string;
  readonly children: readonly OutlineEntry[];
}

export interface Document {
  readonly pages: readonly Page[];
  readonly outline: readonly OutlineEntry[];
  readonly info: {
    readonly title: string;
    readonly author: string;
    readonly subject: string;
    readonly keywords: string;
    readonly language: string;
    /** YYYY-MM-DD */
    readonly date: string;
  };
  readonly fileName: string;
  /** For print products: how the print dialog should start out (PDF viewer preferences). */
  readonly printing?: { readonly duplex?: 'flip-long-edge' | 'flip-short-edge' };
  /** Messages for the user that do not stop the build. */
  readonly warnings: readonly string[];
  /** How well the text was set (lines, hyphens, widows, orphans, raggedness). Not drawn. */
  readonly report?: LayoutReport;
}

/** Moves an op by (dx, dy). */
export function translate(op: Op, dx: number, dy: number): Op {
  return { ...op, x: op.x + dx, y: op.y + dy };
}
