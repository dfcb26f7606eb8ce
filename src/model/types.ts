// The checked issue: what the loader hands to layout. Plain read-only data; every piece of
// user text keeps the place it came from, so later stages can still point at the file.
import type { SourcePos } from '../issue/problems.js';

export type Style = 'regular' | 'bold' | 'italic' | 'boldItalic';

export type LinkTarget =
  | { readonly kind: 'url'; readonly url: string }
  /** A cross-reference: the layout appends the page number of the article to the link text. */
  | { readonly kind: 'article'; readonly id: string; readonly at: SourcePos };

export interface Run {
  readonly text: string;
  readonly style: Style;
  readonly link?: LinkTarget;
  /** Text the issue marks as not to be split (`like this`): never hyphenated or broken across lines. */
  readonly whole?: true;
  /** Language of these words where the text marks it (`[Människohandel]{lang=sv}`): BCP 47. */
  readonly lang?: string;
}

export interface Inline {
  readonly runs: readonly Run[];
  readonly at: SourcePos;
}

export interface PictureRef {
  /** Absolute path; also the key of the picture's bytes in `Issue.pictures`. */
  readonly file: string;
  readonly pixelWidth: number;
  readonly pixelHeight: number;
  readonly alt: string;
  readonly at: SourcePos;
}

/** A publication from the publication list (assets/publications.yaml). */
export interface Publication {
  readonly id: string;
  readonly language: string;
  readonly title: string;
  readonly description: string;
  /** https address the QR code encodes. */
  readonly url: string;
  /** The address as printed: short and readable, on the same site as `url`. */
  readonly shortUrl: string;
  /** The QR card it is printed on, if any. */
  readonly card?: string;
  /** Where the entry's id and title stand, for messages about it. */
  readonly at: SourcePos;
  readonly titleAt: SourcePos;
  readonly shortUrlAt: SourcePos;
}

export type Block =
  | { readonly kind: 'paragraph'; readonly text: Inline }
  | { readonly kind: 'list'; readonly bullet: '»' | '•'; readonly items: readonly Inline[] }
  | {
      readonly kind: 'picture';
      readonly picture: PictureRef;
      readonly caption?: Inline;
      readonly link?: string;
      /** Percent of the column width. */
      readonly width: number;
    }
  /** QR codes side by side, each leading to a publication. */
  | { readonly kind: 'qr'; readonly codes: readonly Publication[]; readonly at: SourcePos };

export interface Article {
  readonly id: string;
  readonly heading: string;
  readonly headingAt: SourcePos;
  /** Heading for the tops of the columns the article goes on in (" forts."), if not its first line. */
  readonly short?: string;
  readonly language?: string;
  readonly logo?: { readonly picture: PictureRef; readonly link?: string; readonly decorative?: boolean };
  readonly body: readonly Block[];
}

export interface Section {
  readonly title?: string;
  /** Where the title is written (the issue file, or a standing page's own file). */
  readonly titleAt?: SourcePos;
  readonly columns: 1 | 2;
  readonly articles: readonly Article[];
}

export interface PictureData {
  readonly format: 'png' | 'jpeg';
  readonly data: Buffer;
}

export interface Issue {
  /** The issue folder's name, e.g. "2025-4". */
  readonly name: string;
  readonly number: number;
  readonly year: number;
  readonly period: string;
  /** Where the period is written (it is printed on the cover and in the page footers). */
  readonly periodAt?: SourcePos;
  /** YYYY-MM-DD; while the issue's date is not filled in, the first day of its year. */
  readonly date: string;
  /** Where the issue says its date is not filled in yet (`date: ÅÅÅÅ-MM-DD`). */
  readonly dateMissing?: SourcePos;
  readonly language: string;
  readonly sections: readonly Section[];
  readonly pictures: ReadonlyMap<string, PictureData>;
}
