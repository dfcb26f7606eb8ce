// The geometry of a layout file, checked as the user wrote it (millimetres and points) once the
// file has the right shape: a page, margins, columns, band, footer, logo, picture and QR sizes
// that leave room for what is set in them. Without this a mistake in the layout file is found
// only while laying out an issue, and blamed on whatever first fails to fit there: a QR code on
// the tools page, an article's heading.
import type { Problem } from '../issue/problems.js';
import type { Path, YamlSource } from '../issue/yaml-source.js';

/** Millimetres in a point. */
const PT = 25.4 / 72;

/** The narrowest column the layout allows, in mm: about 15 characters of 11 pt text. */
export const MIN_COLUMN = 30;
/** The fewest lines of body text a column must hold (under a title band, above the footer). */
export const MIN_LINES = 6;
/** Page sizes outside this range (mm) are taken for a mistake: points or centimetres written for millimetres. */
export const PAGE_RANGE = [100, 600] as const;
/** Type sizes outside this range (points) are taken for a mistake. */
export const TYPE_RANGE = [4, 72] as const;
/** The side of the smallest QR code, version 1, in modules. */
const SMALLEST_CODE = 21;

/** A length in millimetres as a message shows it: at most one decimal, no trailing zero. */
export function fmt(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

interface TextStyleFile {
  readonly size: number;
  readonly leading: number;
}

/** The parts of layouts/kom.yaml the geometry depends on. */
export interface LayoutGeometry {
  readonly page: { readonly width: number; readonly height: number };
  readonly margins: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  readonly columnGap: number;
  readonly type: Readonly<Record<string, TextStyleFile | undefined>> & { readonly body: TextStyleFile; readonly footer: TextStyleFile };
  readonly spacing: Readonly<Record<'paragraph' | 'listItem' | 'article' | 'afterHeading' | 'picture' | 'belowBand' | 'listIndent', number>>;
  readonly band: { readonly height: number; readonly padding: number };
  readonly logo: { readonly height: number; readonly maxWidth: number; readonly gap: number };
  readonly picture: { readonly maxHeight: number; readonly minSide?: number | undefined };
  readonly qr: {
    readonly size: number; readonly quietZone: number; readonly minModule: number; readonly captionGap: number;
    readonly title: TextStyleFile; readonly url: TextStyleFile;
  };
  readonly footer: { readonly height: number };
  readonly print?: { readonly bleed: number; readonly slug: number; readonly marks: { readonly offset: number; readonly length: number } } | undefined;
}

/** Every geometry problem of a layout file, each at the key to change. */
export function layoutGeometry(l: LayoutGeometry, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Path, message: string) => problems.push({ at: source.at(path), message });

  for (const [name, style] of Object.entries(l.type)) if (style) problems.push(...textStyleProblems(style, ['type', name], source));
  problems.push(...textStyleProblems(l.qr.title, ['qr', 'title'], source), ...textStyleProblems(l.qr.url, ['qr', 'url'], source));
  const typeOk = problems.length === 0;

  let pageOk = true;
  for (const side of ['width', 'height'] as const) {
    const v = l.page[side];
    if (!(v >= PAGE_RANGE[0] && v <= PAGE_RANGE[1])) {
      pageOk = false;
      add(['page', side], `page.${side} is ${fmt(v)} mm: expected a page ${PAGE_RANGE[0]} to ${PAGE_RANGE[1]} mm ${side === 'width' ? 'wide' : 'tall'} (lengths are in millimetres; A4 is 210 × 297)`);
    }
  }
  if (l.print) problems.push(...printProblems(l.print, source));
  if (!pageOk) return problems;

  // Across: the margins and the gap leave two columns of at least MIN_COLUMN.
  const { width: W, height: H } = l.page;
  const { left: L, right: R, top: T, bottom: B } = l.margins;
  const gap = l.columnGap;
  const textWidth = W - L - R;
  const column = (textWidth - gap) / 2;
  const acrossOk = column >= MIN_COLUMN;
  if (!acrossOk) {
    const allowed = W - 2 * MIN_COLUMN;
    const expected = `expected margins.left + margins.right + columnGap at most ${fmt(allowed)} mm, so that two columns are at least ${MIN_COLUMN} mm wide`;
    if (L + R >= W) {
      add(['margins', L >= R ? 'left' : 'right'], `margins.left ${fmt(L)} mm and margins.right ${fmt(R)} mm are together ${fmt(L + R)} mm, as wide as the page or wider (page.width ${fmt(W)} mm): ${expected}`);
    } else if (gap >= textWidth) {
      add(['columnGap'], `columnGap ${fmt(gap)} mm is not narrower than the text width (${fmt(textWidth)} mm: page.width ${fmt(W)} less margins.left ${fmt(L)} and margins.right ${fmt(R)}): ${expected}`);
    } else {
      const blame = largest([[['margins', 'left'], L], [['margins', 'right'], R], [['columnGap'], gap]]);
      add(blame, `two columns would be ${fmt(column)} mm wide (page.width ${fmt(W)} − margins.left ${fmt(L)} − margins.right ${fmt(R)} − columnGap ${fmt(gap)}, halved): ${expected}`);
    }
  }

  // Down: under the title band and above the footer, room for a few lines of body text.
  const columnHeight = H - T - l.band.height - l.spacing.belowBand - B - l.footer.height;
  const lines = MIN_LINES * l.type.body.leading * PT;
  const downOk = columnHeight >= lines;
  if (!downOk && typeOk) {
    const blame = largest([
      [['margins', 'top'], T], [['margins', 'bottom'], B], [['band', 'height'], l.band.height], [['spacing', 'belowBand'], l.spacing.belowBand], [['footer', 'height'], l.footer.height],
    ]);
    add(blame,
      `the columns would be ${fmt(columnHeight)} mm tall (page.height ${fmt(H)} − margins.top ${fmt(T)} − band.height ${fmt(l.band.height)} − spacing.belowBand ${fmt(l.spacing.belowBand)} − margins.bottom ${fmt(B)} − footer.height ${fmt(l.footer.height)}): ` +
      `expected at least ${fmt(lines)} mm, room for ${MIN_LINES} lines of body text at its leading of ${fmt(l.type.body.leading)} pt`);
  }

  if (typeOk) {
    const footerNeed = 1.5 * l.type.footer.size * PT;
    if (l.footer.height < footerNeed) {
      add(['footer', 'height'], `footer.height ${fmt(l.footer.height)} mm does not hold the footer's line under its rule (type.footer.size ${fmt(l.type.footer.size)} pt): expected at least ${fmt(footerNeed)} mm`);
    }
  }
  if (acrossOk && textWidth - 2 * l.band.padding < MIN_COLUMN) {
    const left = textWidth - 2 * l.band.padding;
    add(['band', 'padding'], `band.padding ${fmt(l.band.padding)} mm on each side leaves ${left > 0 ? `${fmt(left)} mm` : 'nothing'} of the text width (${fmt(textWidth)} mm) for a section's title: expected at most ${fmt((textWidth - MIN_COLUMN) / 2)} mm`);
  }
  if (!acrossOk || !downOk || !typeOk) return problems;

  // What stands in a column fits in it.
  const twoLines = 2 * l.type.body.leading * PT;
  if (!(l.logo.height > 0)) add(['logo', 'height'], `logo.height is ${fmt(l.logo.height)} mm: expected more than 0, or a layout whose articles have no logo`);
  else if (l.logo.height + l.spacing.afterHeading + twoLines > columnHeight) {
    const most = columnHeight - l.spacing.afterHeading - twoLines;
    add(['logo', 'height'], `logo.height ${fmt(l.logo.height)} mm leaves no room under a logo for the first two lines of an article in a column ${fmt(columnHeight)} mm tall: expected at most ${fmt(most)} mm`);
  }
  if (!(l.logo.maxWidth > 0)) add(['logo', 'maxWidth'], `logo.maxWidth is ${fmt(l.logo.maxWidth)} mm: expected more than 0, or a layout whose articles have no logo`);
  else if (l.logo.maxWidth > column) add(['logo', 'maxWidth'], `logo.maxWidth ${fmt(l.logo.maxWidth)} mm is wider than a column (${fmt(column)} mm): expected at most ${fmt(column)} mm`);
  if (!(l.picture.maxHeight > 0)) add(['picture', 'maxHeight'], `picture.maxHeight is ${fmt(l.picture.maxHeight)} mm: expected more than 0, or pictures could not be printed`);
  else if (l.picture.maxHeight > columnHeight) add(['picture', 'maxHeight'], `picture.maxHeight ${fmt(l.picture.maxHeight)} mm is taller than a column (${fmt(columnHeight)} mm under a title band): expected at most ${fmt(columnHeight)} mm`);
  const minSide = l.picture.minSide ?? 20;
  if (l.picture.maxHeight > 0 && minSide > Math.min(l.picture.maxHeight, column)) {
    add(['picture', 'minSide'], `picture.minSide ${fmt(minSide)} mm is more than the largest picture height (picture.maxHeight ${fmt(l.picture.maxHeight)} mm) or a column's width (${fmt(column)} mm): expected at most ${fmt(Math.min(l.picture.maxHeight, column))} mm`);
  }
  if (l.spacing.listIndent > column / 2) {
    add(['spacing', 'listIndent'], `spacing.listIndent ${fmt(l.spacing.listIndent)} mm is wider than half a column (a column is ${fmt(column)} mm): expected at most ${fmt(column / 2)} mm, so that a list item's text has room`);
  }
  for (const key of ['paragraph', 'listItem', 'article', 'afterHeading', 'picture'] as const) {
    const v = l.spacing[key];
    if (v > columnHeight / 2) add(['spacing', key], `spacing.${key} ${fmt(v)} mm is more than half a column's height (${fmt(columnHeight)} mm): expected at most ${fmt(columnHeight / 2)} mm`);
  }

  // A QR code: the smallest code has room for modules the layout allows, and one code with its
  // quiet zone (at least quietZone modules of minModule on each side), its title and its address
  // fits in a column. How large a code is beyond that depends on its address, and is checked
  // where the code is used.
  const { size, quietZone, minModule } = l.qr;
  if (size < SMALLEST_CODE * minModule) {
    add(['qr', 'size'], `qr.size ${fmt(size)} mm is too small for any QR code: the smallest (${SMALLEST_CODE} × ${SMALLEST_CODE} modules) would have modules of ${(size / SMALLEST_CODE).toFixed(2)} mm, below qr.minModule ${fmt(minModule)} mm: expected at least ${fmt(SMALLEST_CODE * minModule)} mm`);
  } else {
    const quiet = quietZone * minModule;
    const outer = size + 2 * quiet;
    const tall = outer + l.qr.captionGap + (l.qr.title.leading + l.qr.url.leading) * PT;
    if (outer > column) {
      add(['qr', 'size'], `qr.size ${fmt(size)} mm with its quiet zone (${quietZone} modules of at least ${fmt(minModule)} mm on each side) needs at least ${fmt(outer)} mm, a column is ${fmt(column)} mm wide: expected qr.size at most ${fmt(column - 2 * quiet)} mm`);
    } else if (tall > columnHeight) {
      add(['qr', 'size'], `a QR code of qr.size ${fmt(size)} mm with its quiet zone, its title and its address needs at least ${fmt(tall)} mm, a column is ${fmt(columnHeight)} mm tall: expected qr.size at most ${fmt(size - (tall - columnHeight))} mm`);
    }
  }
  return problems;
}

/** Crop marks stand outside the bleed and inside the slug. */
function printProblems(p: NonNullable<LayoutGeometry['print']>, source: YamlSource): Problem[] {
  const { bleed, slug, marks } = p;
  if (marks.offset >= bleed && marks.offset + marks.length <= slug) return [];
  const tooClose = marks.offset < bleed;
  return [{
    at: source.at(['print', 'marks', tooClose ? 'offset' : 'length']),
    message:
      `crop marks from ${fmt(marks.offset)} to ${fmt(marks.offset + marks.length)} mm outside the trim would stand ${tooClose ? `in the bleed (print.bleed ${fmt(bleed)} mm)` : `past the slug (print.slug ${fmt(slug)} mm)`}: ` +
      `expected marks.offset at least ${fmt(bleed)} and marks.offset + marks.length at most ${fmt(slug)}`,
  }];
}

/** A type size that can be read, and a leading at which lines neither overlap nor fall apart. */
export function textStyleProblems(style: TextStyleFile, path: Path, source: YamlSource): Problem[] {
  const name = path.join('.');
  const { size, leading } = style;
  if (size < TYPE_RANGE[0] || size > TYPE_RANGE[1]) {
    return [{ at: source.at([...path, 'size']), message: `${name}.size is ${fmt(size)} pt: expected a type size from ${TYPE_RANGE[0]} to ${TYPE_RANGE[1]} points` }];
  }
  if (leading < size) {
    return [{ at: source.at([...path, 'leading']), message: `${name}.leading ${fmt(leading)} pt is less than its size (${fmt(size)} pt), so its lines would overlap: expected at least ${fmt(size)} pt (1.2 to 1.4 times the size reads well)` }];
  }
  if (leading > 3 * size) {
    return [{ at: source.at([...path, 'leading']), message: `${name}.leading ${fmt(leading)} pt is more than three times its size (${fmt(size)} pt): expected at most ${fmt(3 * size)} pt (the leading is the distance from one line to the next, in points)` }];
  }
  return [];
}

/** The key with the largest value: the likeliest to be the mistake where several add up. */
export function largest(parts: readonly (readonly [Path, number])[]): Path {
  let best = parts[0]!;
  for (const p of parts) if (p[1] > best[1]) best = p;
  return best[0];
}
