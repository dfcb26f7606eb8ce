// The display list: the only thing the PDF writer sees. Positions in PDF points, origin at the
// top-left corner of the page, y growing downwards; text is placed by its baseline.
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
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly style: Style;
  readonly size: number;
  readonly colour: string;
  readonly width: number;
  /** Where the text leads when it is the words of a link (a link op with the same target follows). */
  readonly link?: LinkTarget;
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

export type Op = TextOp | ImageOp | RectOp | LinkOp;

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
}

export interface OutlineEntry {
  readonly title: string;
  readonly page: number;
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
  /** Messages for the user that do not stop the build. */
  readonly warnings: readonly string[];
}

/** Moves an op by (dx, dy). */
export function translate(op: Op, dx: number, dy: number): Op {
  return { ...op, x: op.x + dx, y: op.y + dy };
}
