// The card layout file (layouts/cards.yaml): card and sheet geometry, print marks, look and
// the card texts as handlebars templates. Lengths are written in millimetres, held in points.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import * as z from 'zod';
import { checkAgainst } from '../issue/check.js';
import { failIfAny, type Problem, type SourcePos } from '../issue/problems.js';
import { YamlSource } from '../issue/yaml-source.js';
import { fmt, largest, textStyleProblems } from '../layout/geometry.js';
import { compile, MM, printConditionProblems, printConditionSchema, textStyle, textStyleOf, toPrintCondition, type PrintCondition, type Template, type TextStyle } from '../layout/theme.js';
import type { Style } from '../model/types.js';
import { contrastProblems, qrStyleSchema, toQrStyle, type QrStyle } from '../qr/style.js';

const mm = z.number({ error: 'expected a number of millimetres' }).min(0, 'expected a number of millimetres, 0 or more').describe('millimetres');
const positive = z.number({ error: 'expected a number of millimetres' }).positive('expected a number of millimetres, more than 0').describe('millimetres');
const colour = z
  .string({ error: 'expected a colour in quotes, like "#003865" (without quotes, # starts a comment)' })
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like "#003865"');
const template = z.string().describe('A handlebars template');
const language = z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'expected a language code like "nb" or "en"');
const texts = z.strictObject({ title: template, guidance: template, url: template });
const cmyk = z
  .tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)], { error: 'expected four percentages [c, m, y, k], each 0 to 100' })
  .describe('CMYK in percent');
const fileName = (what: string) => z.string().regex(/^[^/\\]+\.pdf$/, 'expected a file name ending in .pdf').describe(what);

export const cardLayoutSchema = z.strictObject({
  name: z.string(),
  card: z.strictObject({ width: positive, height: positive }),
  bleed: mm,
  sheet: z.strictObject({ width: positive, height: positive }),
  gutter: mm,
  sheetMargin: mm,
  cropMarks: z.strictObject({ offset: mm, length: positive, thickness: z.number({ error: 'expected a line weight in points' }).positive('expected a line weight in points, more than 0'), colour }),
  padding: mm,
  fonts: z.strictObject({ regular: z.string(), bold: z.string(), italic: z.string(), boldItalic: z.string() }),
  colours: z.strictObject({ band: colour, title: colour, text: colour, url: colour }),
  band: z.strictObject({ height: positive, padding: mm }),
  type: z.strictObject({ title: textStyle, guidance: textStyle, url: textStyle }),
  codeGap: mm,
  qr: qrStyleSchema,
  front: language,
  back: language,
  texts: z.record(language, texts),
  fileName: z.string().regex(/^[^/\\]+\.pdf$/, 'expected a file name ending in .pdf').describe('file the sheets are written to in out/'),
  singleFileName: z.string().regex(/^[^/\\]+\.pdf$/, 'expected a file name ending in .pdf').describe('file the single cards are written to in out/'),
  metadata: z.strictObject({ title: z.string(), author: z.string(), subject: z.string(), keywords: z.string() }),
  print: z
    .strictObject({
      colours: z.strictObject({ band: cmyk, title: cmyk, text: cmyk, url: cmyk }).describe('The CMYK value of each colour under "colours:"'),
      condition: printConditionSchema.optional(),
      fileName: fileName('file the sheets are written to in out/ with --profile print'),
      singleFileName: fileName('file the single cards are written to in out/ with --profile print'),
    })
    .optional()
    .describe('cards --profile print: the press-ready (PDF/X-4) card files'),
});

type CardLayoutFile = z.infer<typeof cardLayoutSchema>;

export type CardTextName = 'title' | 'guidance' | 'url';

export interface CardTexts {
  readonly render: Readonly<Record<CardTextName, Template>>;
  /** Where each template stands, for messages about what it makes. */
  readonly at: Readonly<Record<CardTextName, SourcePos>>;
}

export interface CardTheme {
  readonly file: string;
  readonly name: string;
  readonly card: { readonly width: number; readonly height: number };
  readonly bleed: number;
  readonly sheet: { readonly width: number; readonly height: number };
  readonly sheetAt: SourcePos;
  readonly qrAt: SourcePos;
  readonly gutter: number;
  readonly sheetMargin: number;
  readonly cropMarks: { readonly offset: number; readonly length: number; readonly thickness: number; readonly colour: string };
  readonly padding: number;
  readonly fonts: Readonly<Record<Style, string>>;
  readonly colours: CardLayoutFile['colours'];
  readonly band: { readonly height: number; readonly padding: number };
  readonly type: Readonly<Record<'title' | 'guidance' | 'url', TextStyle>>;
  readonly codeGap: number;
  readonly qr: QrStyle;
  readonly front: string;
  readonly back: string;
  readonly texts: ReadonlyMap<string, CardTexts>;
  readonly fileName: string;
  readonly singleFileName: string;
  readonly metadata: CardLayoutFile['metadata'];
  /** For --profile print; undefined when the layout has no print part. */
  readonly print?: {
    readonly colours: Readonly<Record<keyof CardLayoutFile['colours'], readonly [number, number, number, number]>>;
    readonly condition: PrintCondition;
    readonly fileName: string;
    readonly singleFileName: string;
  };
}

export function loadCardTheme(file: string): CardTheme {
  const { source, problems } = YamlSource.read(file, displayName(file));
  failIfAny(problems);
  const checked = checkAgainst(cardLayoutSchema, source!);
  failIfAny(checked.problems);
  const l = checked.value!;
  const theme = toCardTheme(l, source!, dirname(resolve(file)));
  failIfAny([
    ...geometryProblems(l, source!),
    ...contrastProblems(l.qr, source!, ['qr']),
    ...Object.entries(theme.fonts)
      .filter(([, path]) => !existsSync(path))
      .map(([style, path]) => ({ at: source!.at(['fonts', style]), message: `font file ${path} does not exist: expected a TrueType or OpenType font file` })),
    ...(theme.print ? printConditionProblems(theme.print.condition, l.print?.condition ? source!.at(['print', 'condition', 'profile']) : undefined) : []),
  ]);
  return theme;
}

/** Room beside the code for the guidance and the address, at the least (mm): a long word at 8 pt. */
const MIN_TEXT = 25;
/** The side of the smallest QR code, in modules. */
const SMALLEST_CODE = 21;
const PT = 25.4 / 72;

/**
 * Settings that would print one card's colour on another or marks on a card, or leave no room on
 * the card for what stands on it: checked as written (millimetres, points), each at its key.
 */
function geometryProblems(l: CardLayoutFile, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const add = (path: readonly (string | number)[], message: string) => problems.push({ at: source.at(path), message });
  for (const name of ['title', 'guidance', 'url'] as const) problems.push(...textStyleProblems(l.type[name], ['type', name], source));
  const typeOk = problems.length === 0;

  // The sheet holds at least one card with its crop marks and the printer's margin, either way up.
  const edge = 2 * (l.sheetMargin + l.cropMarks.offset + l.cropMarks.length);
  const fits = (w: number, h: number) => l.card.width + edge <= w + 1e-9 && l.card.height + edge <= h + 1e-9;
  if (!fits(l.sheet.width, l.sheet.height) && !fits(l.sheet.height, l.sheet.width)) {
    const r = (v: number) => Math.round(v);
    add(['sheet'], `a sheet of ${r(l.sheet.width)} × ${r(l.sheet.height)} mm holds no card of ${r(l.card.width)} × ${r(l.card.height)} mm with its crop marks and the printer's margin: expected a sheet of at least ${r(l.card.width + edge)} × ${r(l.card.height + edge)} mm`);
  }

  // On the card: a band that holds a line of the title, under it the code with its quiet zone,
  // and beside the code room for the guidance and the address.
  const { width: W, height: H } = l.card;
  const { size, quietZone, minModule } = l.qr;
  const quiet = quietZone * minModule;
  if (typeOk && l.band.height - 2 * l.band.padding < l.type.title.leading * PT) {
    const need = 2 * l.band.padding + l.type.title.leading * PT;
    add(['band', 'height'], `band.height ${fmt(l.band.height)} mm with band.padding ${fmt(l.band.padding)} mm above and below the title holds no line of it (type.title.leading ${fmt(l.type.title.leading)} pt): expected band.height at least ${fmt(need)} mm`);
  }
  if (W - 2 * l.padding < MIN_TEXT) {
    add(['padding'], `padding ${fmt(l.padding)} mm on each side leaves ${fmt(Math.max(0, W - 2 * l.padding))} mm of the card's width (card.width ${fmt(W)} mm) for the title: expected at most ${fmt((W - MIN_TEXT) / 2)} mm`);
  } else if (size < SMALLEST_CODE * minModule) {
    add(['qr', 'size'], `qr.size ${fmt(size)} mm is too small for any QR code: the smallest (${SMALLEST_CODE} × ${SMALLEST_CODE} modules) would have modules of ${(size / SMALLEST_CODE).toFixed(2)} mm, below qr.minModule ${fmt(minModule)} mm: expected at least ${fmt(SMALLEST_CODE * minModule)} mm`);
  } else {
    const under = H - l.band.height;
    const code = size + 2 * quiet;
    if (code > under) {
      const what = `the code (qr.size ${fmt(size)} mm, with a quiet zone of at least ${fmt(quiet)} mm on each side) needs ${fmt(code)} mm under the band, the card has ${under > 0 ? `${fmt(under)} mm` : 'none'} (card.height ${fmt(H)} − band.height ${fmt(l.band.height)})`;
      if (l.band.height > size || under - 2 * quiet < SMALLEST_CODE * minModule) add(['band', 'height'], `${what}: expected band.height at most ${fmt(H - code)} mm`);
      else add(['qr', 'size'], `${what}: expected qr.size at most ${fmt(under - 2 * quiet)} mm`);
    }
    if (l.padding < quiet) {
      add(['padding'], `padding ${fmt(l.padding)} mm leaves no room at the card's edge for the code's quiet zone (qr.quietZone ${quietZone} modules of at least ${fmt(minModule)} mm): expected at least ${fmt(quiet)} mm`);
    }
    const room = W - 2 * l.padding - size - l.codeGap;
    if (room < MIN_TEXT) {
      const blame = largest([[['qr', 'size'], size], [['padding'], 2 * l.padding], [['codeGap'], l.codeGap]]);
      add(blame, `beside the code the guidance and the address would have ${fmt(Math.max(0, room))} mm (card.width ${fmt(W)} − padding ${fmt(l.padding)} × 2 − qr.size ${fmt(size)} − codeGap ${fmt(l.codeGap)}): expected at least ${MIN_TEXT} mm`);
    }
  }

  if (l.gutter < 2 * l.bleed) {
    problems.push({ at: source.at(['gutter']), message: `gutter ${l.gutter} mm is less than twice the bleed (${l.bleed} mm): expected at least ${2 * l.bleed}, so that a card's bleed does not print on its neighbour` });
  }
  if (l.cropMarks.offset < l.bleed) {
    problems.push({ at: source.at(['cropMarks', 'offset']), message: `crop marks ${l.cropMarks.offset} mm from the cut would stand in the bleed (${l.bleed} mm): expected an offset of at least ${l.bleed}` });
  }
  for (const side of ['front', 'back'] as const) {
    if (!l.texts[l[side]]) {
      problems.push({ at: source.at([side]), message: `no card texts for "${l[side]}": expected an entry "${l[side]}:" under "texts:" (there are: ${Object.keys(l.texts).join(', ')})` });
    }
  }
  return problems;
}

function toCardTheme(l: CardLayoutFile, source: YamlSource, layoutDir: string): CardTheme {
  const pt = (v: number) => v * MM;
  const projectDir = resolve(layoutDir, '..');
  const cardTexts = new Map<string, CardTexts>();
  for (const [lang, t] of Object.entries(l.texts)) {
    const names = ['title', 'guidance', 'url'] as const;
    cardTexts.set(lang, {
      render: Object.fromEntries(names.map((n) => [n, compile(t[n])])) as Record<CardTextName, Template>,
      at: Object.fromEntries(names.map((n) => [n, source.at(['texts', lang, n])])) as Record<CardTextName, SourcePos>,
    });
  }
  return {
    file: source.file,
    name: l.name,
    card: { width: pt(l.card.width), height: pt(l.card.height) },
    bleed: pt(l.bleed),
    sheet: { width: pt(l.sheet.width), height: pt(l.sheet.height) },
    sheetAt: source.at(['sheet']),
    qrAt: source.at(['qr', 'size']),
    gutter: pt(l.gutter),
    sheetMargin: pt(l.sheetMargin),
    cropMarks: { offset: pt(l.cropMarks.offset), length: pt(l.cropMarks.length), thickness: l.cropMarks.thickness, colour: l.cropMarks.colour },
    padding: pt(l.padding),
    fonts: {
      regular: resolve(projectDir, l.fonts.regular),
      bold: resolve(projectDir, l.fonts.bold),
      italic: resolve(projectDir, l.fonts.italic),
      boldItalic: resolve(projectDir, l.fonts.boldItalic),
    },
    colours: l.colours,
    band: { height: pt(l.band.height), padding: pt(l.band.padding) },
    type: { title: textStyleOf(l.type.title), guidance: textStyleOf(l.type.guidance), url: textStyleOf(l.type.url) },
    codeGap: pt(l.codeGap),
    qr: toQrStyle(l.qr),
    front: l.front,
    back: l.back,
    texts: cardTexts,
    fileName: l.fileName,
    singleFileName: l.singleFileName,
    metadata: l.metadata,
    ...(l.print
      ? { print: { colours: l.print.colours, condition: toPrintCondition(l.print.condition, projectDir), fileName: l.print.fileName, singleFileName: l.print.singleFileName } }
      : {}),
  };
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}
