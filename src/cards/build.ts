// The cards pipeline: publication list + card layout → card faces → pages of the same display
// list the newsletter uses → the same PDF renderer.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toolRoot } from '../build.js';
import { writeAtomically } from '../io/files.js';
import type { Document, Op, Page } from '../display/types.js';
import { baseline } from '../layout/flow.js';
import { findProjectRoot } from '../issue/load.js';
import { loadPublications, publicationsFile, type PublicationList } from '../issue/publications.js';
import { failIfAny, InputError, type Problem } from '../issue/problems.js';
import { renderPdf, type RenderProfile } from '../render/pdf.js';
import { pressProfile, SCREEN_CONFORMANCE, type ProfileName } from '../render/profile.js';
import { greedyBreaker, type LineBreaker } from '../text/breaker.js';
import { FontMeasurer, openFonts, type Measurer } from '../text/measure.js';
import { cardsOf, type Card } from './cards.js';
import { cardFace } from './face.js';
import { chooseGrid, sheetPages, singlePages, type CardFaces, type Grid } from './sheet.js';
import { loadCardTheme, type CardTheme } from './theme.js';

export interface CardsOptions {
  /** Publication list; default assets/publications.yaml of the project. */
  readonly publications?: string;
  /** Card layout; default layouts/cards.yaml of the project. */
  readonly layout?: string;
  readonly out?: string;
  /** Cards a sheet; default as many as fit. */
  readonly perSheet?: number;
  /** One card a page with bleed, instead of sheets. */
  readonly single?: boolean;
  /** screen (default): PDF/UA-1 and PDF/A-2a, RGB; print: PDF/UA-1 and PDF/X-4, CMYK, for the press. */
  readonly profile?: ProfileName;
}

export interface CardsLayout {
  readonly document: Document;
  readonly cards: readonly Card[];
  /** The sheet's grid; undefined for single cards. */
  readonly grid?: Grid;
  readonly warnings: readonly string[];
}

export interface CardsResult extends CardsLayout {
  readonly file: string;
  readonly bytes: number;
}

/** Pure: the pages of the card PDF. */
export function layoutCards(
  list: PublicationList,
  theme: CardTheme,
  measurer: Measurer,
  breaker: LineBreaker,
  options: Pick<CardsOptions, 'perSheet' | 'single'> = {},
  date = new Date().toISOString().slice(0, 10),
): CardsLayout {
  const { cards, problems, warnings } = cardsOf(list, theme);
  failIfAny(problems);
  const faceProblems: Problem[] = [];
  const faces: CardFaces[] = cards.map((card) => {
    const front = cardFace(card, 'front', { theme, measurer, breaker });
    const back = cardFace(card, 'back', { theme, measurer, breaker });
    faceProblems.push(...front.problems, ...back.problems);
    return { card, front: front.ops, back: back.ops };
  });
  failIfAny(faceProblems);
  const grid = options.single ? undefined : chooseGrid(theme, options.perSheet, cards.length);
  const pages = withHeading(grid ? sheetPages(faces, grid, theme) : singlePages(faces, theme), theme);
  const document: Document = {
    pages,
    outline: [],
    info: { ...theme.metadata, language: theme.front === 'nb' ? 'nb-NO' : theme.front, date },
    fileName: options.single ? theme.singleFileName : theme.fileName,
    // Turned over about the sheet's vertical axis: the long edge of a portrait sheet, the short
    // edge of a landscape one. Single cards go to a print shop, which decides.
    printing: grid ? { duplex: grid.orientation === 'portrait' ? 'flip-long-edge' : 'flip-short-edge' } : {},
    warnings,
  };
  return { document, cards, ...(grid ? { grid } : {}), warnings };
}

/**
 * The document's heading (H1) for readers: the layout's title ("QR-kort"), first on the first
 * page, in the title's type over the first card's band, and not painted (the sheet shows no
 * heading; the cards' titles are the H2 under it).
 */
function withHeading(pages: Page[], theme: CardTheme): Page[] {
  const first = pages[0];
  const at = first?.print?.trims[0];
  if (!first || !at) return pages;
  const { style, size } = theme.type.title;
  const heading: Op = {
    kind: 'text', x: at.x + theme.padding, y: at.y + baseline(theme.type.title), text: theme.metadata.title, style, size,
    colour: theme.colours.title, width: 0, invisible: true, role: { kind: 'cover', part: 'title' },
  };
  return [{ ...first, ops: [heading, ...first.ops] }, ...pages.slice(1)];
}

export async function buildCards(options: CardsOptions = {}): Promise<CardsResult> {
  const root = findProjectRoot(process.cwd());
  const own = (rel: string) => (existsSync(join(root, rel)) ? join(root, rel) : join(toolRoot, rel));
  const theme = loadCardTheme(options.layout ?? own(join('layouts', 'cards.yaml')));
  const list = loadPublications(options.publications ?? (existsSync(publicationsFile(root)) ? publicationsFile(root) : publicationsFile(toolRoot)));
  const fonts = openFonts(theme.fonts);
  const measurer = new FontMeasurer(fonts);
  const profile = cardsProfile(theme, options.profile ?? 'screen');
  const laid = layoutCards(list, theme, measurer, greedyBreaker, options);
  const bytes = await renderPdf(laid.document, { fonts, pictures: new Map(), shape: (t, s) => measurer.shape(t, s) }, profile);
  const print = options.profile === 'print' ? theme.print! : undefined;
  const fileName = print ? (options.single ? print.singleFileName : print.fileName) : laid.document.fileName;
  const file = resolve(options.out ?? join('out', fileName));
  writeAtomically(file, bytes);
  return { ...laid, file, bytes: bytes.length };
}

/** The cards' output profile: for the press, the card layout's CMYK colours and printing condition. */
export function cardsProfile(theme: CardTheme, name: ProfileName): RenderProfile {
  if (name === 'screen') return { name: 'screen', conformance: SCREEN_CONFORMANCE, bleed: 0, slug: 0, colour: (hex) => hex };
  if (!theme.print) {
    throw new InputError([{ message: `${theme.file}: cards --profile print needs a "print:" part with the CMYK value of each colour (print.colours) and the file names (print.fileName, print.singleFileName); see layouts/cards.yaml of the tool` }]);
  }
  return pressProfile(theme.colours, theme.print.colours, [theme.qr.dark, theme.qr.light, theme.cropMarks.colour], theme.print.condition, theme.file);
}
