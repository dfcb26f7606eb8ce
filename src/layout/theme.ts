// The layout file (layouts/*.yaml): page geometry, colours, fonts and text templates as data.
// Lengths are written in millimetres and held here in PDF points.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import Handlebars from 'handlebars';
import * as z from 'zod';
import { checkAgainst } from '../issue/check.js';
import { fileURLToPath } from 'node:url';
import { failIfAny, type Problem, type SourcePos } from '../issue/problems.js';
import { templateProblem } from '../issue/templates.js';
import { YamlSource, type Path } from '../issue/yaml-source.js';
import type { Style } from '../model/types.js';
import { contrastProblems, qrStyleSchema, toQrStyle, type QrStyle } from '../qr/style.js';
import { layoutGeometry } from './geometry.js';

const mm = z.number({ error: 'expected a number of millimetres' }).min(0, 'expected a number of millimetres, 0 or more').describe('millimetres');
const colour = z
  .string({ error: 'expected a colour in quotes, like "#003865" (without quotes, # starts a comment)' })
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like "#003865"');
export const textStyle = z.strictObject({
  size: z.number({ error: 'expected a type size in points' }).positive('expected a type size in points, more than 0'),
  leading: z.number({ error: 'expected a leading (line to line) in points' }).positive('expected a leading (line to line) in points, more than 0'),
  style: z.enum(['regular', 'bold', 'italic', 'boldItalic']).optional(),
});
const template = z.string().min(1).describe('A handlebars template');
const count = z.number().int().min(0);
const demerits = z.number().min(0);

/** Line and page breaking; every key may be left out (see `defaultTypography`). */
const typographySchema = z.strictObject({
  align: z.enum(['ragged', 'justified']).optional(),
  breaker: z.enum(['optimal', 'greedy']).optional(),
  hyphenate: z.boolean().optional(),
  hyphenMin: z.strictObject({ word: count, before: count, after: count }).optional(),
  maxHyphensInRow: count.optional(),
  raggedStretch: mm.optional(),
  pretolerance: z.number().int().min(-1).optional(),
  tolerance: z.number().int().min(0).optional(),
  linePenalty: demerits.optional(),
  hyphenPenalty: demerits.optional(),
  seamPenalty: demerits.optional(),
  poorHyphenPenalty: demerits.optional(),
  exHyphenPenalty: demerits.optional(),
  doubleHyphenDemerits: demerits.optional(),
  finalHyphenDemerits: demerits.optional(),
  adjDemerits: demerits.optional(),
  balanceLastPage: z.boolean().optional(),
  letterSpacing: z.strictObject({
    shrink: z.number({ error: 'expected a percentage of the font size from 0 to 5' }).min(0, 'expected a percentage of the font size from 0 to 5').max(5, 'expected a percentage of the font size from 0 to 5'),
    stretch: z.number({ error: 'expected a percentage of the font size from 0 to 10' }).min(0, 'expected a percentage of the font size from 0 to 10').max(10, 'expected a percentage of the font size from 0 to 10'),
  }).optional(),
  protrusion: z.number({ error: 'expected a percentage from 0 to 100' }).min(0, 'expected a percentage from 0 to 100').max(100, 'expected a percentage from 0 to 100').optional(),
});

const percent = z.number({ error: 'expected a percentage from 0 to 100' }).min(0, 'expected a percentage from 0 to 100').max(100, 'expected a percentage from 0 to 100');
const cmyk = z
  .tuple([percent, percent, percent, percent], { error: 'expected four percentages [cyan, magenta, yellow, black], like [100, 69, 8, 54]' })
  .describe('CMYK in percent: [cyan, magenta, yellow, black]');
const ppi = z.number({ error: 'expected pixels per inch' }).positive('expected pixels per inch, more than 0').describe('pixels per inch at the placed size');

/** Output settings of the screen profile (e-mail and web). */
const screenSettings = z.strictObject({
  pictures: z.strictObject({ ppi, quality: z.number({ error: 'expected a JPEG quality, a whole number from 1 to 100' }).int().min(1).max(100) }),
});

/**
 * The press's printing condition: what the print file's PDF/X OutputIntent names and embeds.
 * Shared by the newsletter's and the cards' layouts.
 */
export const printConditionSchema = z
  .strictObject({
    profile: z.string().describe('ICC profile of the press (CMYK output profile), relative to the project folder'),
    name: z.string().min(1).describe('the printing condition as the ICC registry names it, like "FOGRA39"'),
    info: z.string().min(1).describe('the printing condition in words'),
  })
  .describe('The printing condition of the print file (PDF/X-4 OutputIntent)');

/** A layout's printing condition, its profile as an absolute path. */
export interface PrintCondition {
  readonly profile: string;
  readonly name: string;
  readonly info: string;
}

/** Coated offset paper, ISO 12647-2: the profile made from Fogra's FOGRA39L data (scripts/make-icc.sh). */
export const DEFAULT_PRINT_CONDITION: PrintCondition = {
  profile: fileURLToPath(new URL('../../assets/icc/KOM-FOGRA39-colprof.icc', import.meta.url)),
  name: 'FOGRA39',
  info: 'Coated FOGRA39 (ISO 12647-2:2004/Amd 1, offset, coated art paper)',
};

/**
 * The profile is looked for in the project, then in the tool's own folder: a layout copied into
 * a project that has no assets/icc/ uses the profile the tool ships.
 */
export function toPrintCondition(c: z.infer<typeof printConditionSchema> | undefined, projectDir: string): PrintCondition {
  if (!c) return DEFAULT_PRINT_CONDITION;
  const own = resolve(projectDir, c.profile);
  const tool = resolve(fileURLToPath(new URL('../../', import.meta.url)), c.profile);
  return { ...c, profile: !existsSync(own) && existsSync(tool) ? tool : own };
}

/** The profile is there and is a CMYK output profile (ICC header: device class "prtr", colour space "CMYK"). */
export function printConditionProblems(c: PrintCondition, at: SourcePos | undefined): Problem[] {
  let header: Buffer;
  try {
    header = readFileSync(c.profile).subarray(0, 40);
  } catch {
    return [{ ...(at ? { at } : {}), message: `ICC profile ${c.profile} does not exist: expected the press's CMYK profile (.icc), like assets/icc/KOM-FOGRA39-colprof.icc` }];
  }
  const ok = header.length === 40 && header.toString('latin1', 36, 40) === 'acsp' && header.toString('latin1', 12, 16) === 'prtr' && header.toString('latin1', 16, 20) === 'CMYK';
  return ok ? [] : [{ ...(at ? { at } : {}), message: `${c.profile} is not a CMYK output profile (ICC): expected the press's profile, like assets/icc/KOM-FOGRA39-colprof.icc` }];
}

/** Output settings of the print profile (the print shop). */
const printSettings = z.strictObject({
  condition: printConditionSchema.optional(),
  bleed: mm,
  slug: mm,
  marks: z.strictObject({ offset: mm, length: mm, weight: z.number({ error: 'expected a line weight in points' }).positive('expected a line weight in points, more than 0').describe('points') }),
  pictures: z.strictObject({ ppi, minimum: ppi }),
  fileName: template,
  colours: z.record(z.string(), cmyk).describe('The CMYK value of each colour under "colours:"'),
});

export const layoutSchema = z.strictObject({
  name: z.string(),
  page: z.strictObject({ width: mm, height: mm }),
  margins: z.strictObject({ top: mm, bottom: mm, left: mm, right: mm }),
  columnGap: mm,
  fonts: z.strictObject({ regular: z.string(), bold: z.string(), italic: z.string(), boldItalic: z.string() }),
  colours: z.strictObject({ text: colour, heading: colour, link: colour, band: colour, bandText: colour, rule: colour, muted: colour }),
  type: z.strictObject({
    body: textStyle, heading: textStyle, sectionTitle: textStyle, caption: textStyle, footer: textStyle,
    coverTitle: textStyle, coverLine: textStyle, contents: textStyle,
    contentsSmall: textStyle.optional().describe('the contents list when it is too long for the cover at type.contents, in two columns (default: four fifths of type.contents)'),
  }),
  spacing: z.strictObject({
    paragraph: mm, listItem: mm, article: mm, afterHeading: mm, picture: mm, belowBand: mm, listIndent: mm,
  }),
  band: z.strictObject({
    height: mm,
    padding: mm,
    fullWidth: z.boolean().optional().describe('true: the band runs across the whole page, into the bleed in print'),
  }),
  logo: z.strictObject({ height: mm, maxWidth: mm, gap: mm }),
  picture: z.strictObject({
    maxHeight: mm,
    minSide: mm.optional().describe('the shortest a picture\'s shorter side is shown (default 20 mm)'),
  }),
  qr: qrStyleSchema.extend({
    gap: mm.describe('between codes side by side'),
    captionGap: mm.describe('between a code and the title under it'),
    title: textStyle,
    url: textStyle,
  }),
  pagination: z.strictObject({
    stretch: z.strictObject({ paragraph: mm, listItem: mm, article: mm, picture: mm }).describe('how much each kind of space may grow to fill a column'),
    shrink: z.strictObject({ paragraph: mm, listItem: mm, article: mm, picture: mm }).describe('how much each kind of space may shrink to hold a column'),
    pictureScale: z.number().min(50, 'expected a percentage from 50 to 100').max(100, 'expected a percentage from 50 to 100').describe('the least a picture may be set, in percent of its size'),
  }).optional(),
  footer: z.strictObject({ height: mm, text: template }),
  cover: z.strictObject({ title: template, issueLine: template, periodLine: template, dateLine: template, contentsTitle: template, subtitle: template }),
  continuation: template,
  fileName: template,
  metadata: z.strictObject({ author: template, title: template, subject: template, keywords: template }),
  typography: typographySchema.optional(),
  screen: screenSettings.optional(),
  print: printSettings.optional(),
});

export type LayoutFile = z.infer<typeof layoutSchema>;

export interface TextStyle {
  readonly size: number;
  readonly leading: number;
  readonly style: Style;
}

export type Template = (data: Record<string, unknown>) => string;

export interface Typography {
  readonly align: 'ragged' | 'justified';
  /** `greedy` is first fit, for comparison; `optimal` is Knuth–Plass. */
  readonly breaker: 'optimal' | 'greedy';
  readonly hyphenate: boolean;
  readonly hyphenMin: { readonly word: number; readonly before: number; readonly after: number };
  readonly maxHyphensInRow: number;
  /** Points. */
  readonly raggedStretch: number;
  readonly pretolerance: number;
  readonly tolerance: number;
  readonly linePenalty: number;
  /** A hyphenation point inside a part of a word; `seamPenalty` at a compound's seam; `poorHyphenPenalty` leaving a misleading short piece. */
  readonly hyphenPenalty: number;
  readonly seamPenalty: number;
  readonly poorHyphenPenalty: number;
  readonly exHyphenPenalty: number;
  readonly doubleHyphenDemerits: number;
  readonly finalHyphenDemerits: number;
  readonly adjDemerits: number;
  readonly balanceLastPage: boolean;
  /** Justified text: letter spacing allowed as a last resort, as fractions of the font size. */
  readonly letterSpacing: { readonly shrink: number; readonly stretch: number };
  /** Justified text: share of a line-final hyphen's or punctuation mark's width set into the right margin (0…1). */
  readonly protrusion: number;
}

export const MM = 72 / 25.4;

/** What a layout file without `typography:` (or with only some of its keys) gets. */
export const defaultTypography: Typography = {
  align: 'ragged',
  breaker: 'optimal',
  hyphenate: true,
  hyphenMin: { word: 6, before: 2, after: 2 },
  maxHyphensInRow: 2,
  raggedStretch: 6 * MM,
  pretolerance: 100,
  tolerance: 400,
  linePenalty: 10,
  hyphenPenalty: 800,
  seamPenalty: 50,
  poorHyphenPenalty: 2000,
  exHyphenPenalty: 50,
  doubleHyphenDemerits: 10000,
  finalHyphenDemerits: 5000,
  adjDemerits: 10000,
  balanceLastPage: true,
  letterSpacing: { shrink: 0.01, stretch: 0.02 },
  protrusion: 0.5,
};

export interface Theme {
  readonly name: string;
  readonly page: { readonly width: number; readonly height: number };
  readonly margins: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  readonly columnGap: number;
  readonly fonts: Readonly<Record<Style, string>>;
  readonly colours: LayoutFile['colours'];
  readonly type: Readonly<Record<keyof LayoutFile['type'], TextStyle>>;
  readonly spacing: Readonly<Record<keyof LayoutFile['spacing'], number>>;
  readonly band: { readonly height: number; readonly padding: number; readonly fullWidth: boolean };
  readonly logo: { readonly height: number; readonly maxWidth: number; readonly gap: number };
  readonly picture: { readonly maxHeight: number; readonly minSide: number };
  readonly qr: QrStyle & { readonly gap: number; readonly captionGap: number; readonly title: TextStyle; readonly url: TextStyle };
  readonly footer: { readonly height: number; readonly text: Template };
  readonly cover: Readonly<Record<keyof LayoutFile['cover'], Template>>;
  readonly continuation: Template;
  readonly fileName: Template;
  readonly metadata: Readonly<Record<keyof LayoutFile['metadata'], Template>>;
  readonly typography: Typography;
  /** Flexible material for total-fit pagination, in points; pictureScale a fraction. */
  readonly pagination: {
    readonly stretch: Readonly<Record<'paragraph' | 'listItem' | 'article' | 'picture', number>>;
    readonly shrink: Readonly<Record<'paragraph' | 'listItem' | 'article' | 'picture', number>>;
    readonly pictureScale: number;
  };
  readonly screen: { readonly pictures: { readonly ppi: number; readonly quality: number } };
  readonly print: {
    readonly bleed: number;
    readonly slug: number;
    readonly marks: { readonly offset: number; readonly length: number; readonly weight: number };
    readonly pictures: { readonly ppi: number; readonly minimum: number };
    readonly fileName: Template;
    /** CMYK (percent) by colour name; a print build checks that every colour has one. */
    readonly colours: Readonly<Record<string, readonly [number, number, number, number]>>;
    readonly condition: PrintCondition;
  };
}

export function loadTheme(file: string): Theme {
  return readLayoutFile(file).theme;
}

/** The layout file read and checked: its theme, and the checked file the theme was made of. */
function readLayoutFile(file: string): { theme: Theme; checked: LayoutFile } {
  const { source, problems } = YamlSource.read(file, file);
  failIfAny(problems);
  const checked = checkAgainst(layoutSchema, source!);
  failIfAny(checked.problems);
  const l = checked.value!;
  const theme = toTheme(l, dirname(resolve(file)));
  // Everything else about the file at once: geometry, QR colours, templates, fonts.
  failIfAny([
    ...layoutGeometry(l, source!),
    ...contrastProblems(l.qr, source!, ['qr']),
    ...templateProblems(l, source!),
    ...Object.entries(theme.fonts)
      .filter(([, path]) => !existsSync(path))
      .map(([style, path]) => ({ at: source!.at(['fonts', style]), message: `font file ${path} does not exist: expected a TrueType or OpenType font file` })),
    ...printConditionProblems(theme.print.condition, l.print?.condition ? source!.at(['print', 'condition', 'profile']) : undefined),
  ]);
  return { theme, checked: l };
}

/** Whether the files a theme names besides the layout file (fonts, ICC profile) are as the layout file's check found them. */
function filesFound(theme: Theme): boolean {
  return Object.values(theme.fonts).every((path) => existsSync(path)) && printConditionProblems(theme.print.condition, undefined).length === 0;
}

/** What the templates see when the file is read: an issue's metadata as `templateData` gives it. */
const SAMPLE_META = { name: '2025-4', number: 4, year: 2025, period: 'oktober–desember 2025', date: '9. januar 2026', isoDate: '2026-01-09' };
const META_NAMES = Object.keys(SAMPLE_META).map((k) => `{{${k}}}`);

/** Each template is filled in with sample data now, so that a mistake shows at its place. */
function templateProblems(l: LayoutFile, source: YamlSource): Problem[] {
  type Entry = [Path, string, Record<string, unknown>, readonly string[]];
  const templates: Entry[] = [
    [['footer', 'text'], l.footer.text, { ...SAMPLE_META, page: 2 }, [...META_NAMES, '{{page}}']],
    ...Object.entries(l.cover).map(([k, t]): Entry => [['cover', k], t, SAMPLE_META, META_NAMES]),
    [['continuation'], l.continuation, { heading: 'Overskrift' }, ['{{heading}}']],
    [['fileName'], l.fileName, SAMPLE_META, META_NAMES],
    ...Object.entries(l.metadata).map(([k, t]): Entry => [['metadata', k], t, SAMPLE_META, META_NAMES]),
    ...(l.print ? [[['print', 'fileName'], l.print.fileName, SAMPLE_META, META_NAMES] as Entry] : []),
  ];
  return templates.flatMap(([path, text, sample, names]) => {
    const problem = templateProblem(text, sample, names);
    return problem ? [{ at: source.at(path), message: problem }] : [];
  });
}

/**
 * Where a layout file, as checked by an earlier process, is kept (see io/kept.ts): by the
 * SHA-256 of its bytes. Reading the YAML, checking it against the schema and trying its
 * templates is about 55 ms of a fresh process's build, for a file that seldom changes.
 */
export interface LayoutStore {
  load(): ReadonlyMap<string, LayoutFile>;
  save(entries: ReadonlyMap<string, LayoutFile>): void;
}

/**
 * The layout stage's cache: the theme of the layout file last read, kept while the file's
 * content is the same (watch reads the layout once, not on every rebuild). With a `kept`
 * store a fresh process takes the checked file from there when its bytes are the same, and
 * makes the theme of it; the fonts and ICC profile it names are looked for again, and if one
 * is missing the file is read and checked as it is, to say where.
 */
export class ThemeCache {
  private entry?: { readonly file: string; readonly key: string; readonly theme: Theme };

  load(file: string, kept?: LayoutStore): Theme {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return loadTheme(file); // which says what is wrong with the file
    }
    const path = resolve(file);
    const key = createHash('sha256').update(bytes).digest('hex');
    if (this.entry?.file === path && this.entry.key === key) return this.entry.theme;
    const found = kept?.load().get(key);
    let theme = found ? toTheme(found, dirname(path)) : undefined;
    if (!theme || !filesFound(theme)) {
      const read = readLayoutFile(file);
      theme = read.theme;
      kept?.save(new Map([[key, read.checked]]));
    }
    this.entry = { file: path, key, theme };
    return theme;
  }

  /** The SHA-256 of the layout file as `load` last read it, if that was `file`. */
  digestOf(file: string): string | undefined {
    return this.entry?.file === resolve(file) ? this.entry.key : undefined;
  }
}

export function textStyleOf(t: z.infer<typeof textStyle>): TextStyle {
  return { size: t.size, leading: t.leading, style: t.style ?? 'regular' };
}

/** Templates see only issue metadata, never an issue's own text: `{{` in an article stays text. */
export function compile(t: string): Template {
  let f: HandlebarsTemplateDelegate | undefined;
  const handlebars = (data: Record<string, unknown>) => (f ??= Handlebars.compile(t, { noEscape: true, strict: true }))(data);
  const parts = plainParts(t);
  if (!parts) return handlebars;
  return (data) => {
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const v = Object.hasOwn(data, parts[i]!) ? data[parts[i]!] : undefined;
      if (typeof v !== 'string' && typeof v !== 'number') return handlebars(data);
      out += String(v) + parts[i + 1]!;
    }
    return out;
  };
}

/** Words Handlebars reads as its own (helpers, literals, keywords), never as a name of the data. */
const HANDLEBARS_WORDS = new Set(['this', 'else', 'true', 'false', 'null', 'undefined', 'if', 'unless', 'each', 'with', 'log', 'lookup', 'helperMissing', 'blockHelperMissing']);

/**
 * A template that is only text and `{{name}}`s, as [text, name, text, name, …, text]; undefined
 * for anything more (which Handlebars then runs). Handlebars compiles a template to a function
 * with new Function(), code V8's code cache cannot keep: about 1 ms a template in every process,
 * for the cover's, footer's, metadata's and file name's `{{number}}` and `{{period}}`. A name's
 * string or number value is put in as Handlebars puts it (no escaping); any other value, or a
 * name the data lacks, is left to Handlebars, which says what is wrong as it always did.
 */
function plainParts(t: string): string[] | undefined {
  const parts = t.split(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/);
  for (let i = 0; i < parts.length; i += 2) if (/[{}\\]/.test(parts[i]!)) return undefined;
  for (let i = 1; i < parts.length; i += 2) if (HANDLEBARS_WORDS.has(parts[i]!)) return undefined;
  return parts;
}

function mapValues<K extends string, A, B>(o: Record<K, A>, f: (a: A) => B): Record<K, B> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as A)])) as Record<K, B>;
}

export function toTheme(l: LayoutFile, layoutDir: string): Theme {
  const pt = (v: number) => v * MM;
  const projectDir = resolve(layoutDir, '..');
  return {
    name: l.name,
    page: { width: pt(l.page.width), height: pt(l.page.height) },
    margins: mapValues(l.margins, pt),
    columnGap: pt(l.columnGap),
    fonts: mapValues(l.fonts, (f) => resolve(projectDir, f)),
    colours: l.colours,
    type: {
      ...mapValues(l.type as Required<LayoutFile['type']>, textStyleOf),
      contentsSmall: textStyleOf(l.type.contentsSmall ?? { ...l.type.contents, size: l.type.contents.size * 0.8, leading: l.type.contents.leading * 0.8 }),
    },
    spacing: mapValues(l.spacing, pt),
    band: { height: pt(l.band.height), padding: pt(l.band.padding), fullWidth: l.band.fullWidth ?? false },
    logo: mapValues(l.logo, pt),
    picture: { maxHeight: pt(l.picture.maxHeight), minSide: pt(l.picture.minSide ?? 20) },
    qr: {
      ...toQrStyle(l.qr),
      gap: pt(l.qr.gap),
      captionGap: pt(l.qr.captionGap),
      title: textStyleOf(l.qr.title),
      url: textStyleOf(l.qr.url),
    },
    footer: { height: pt(l.footer.height), text: compile(l.footer.text) },
    cover: mapValues(l.cover, compile),
    continuation: compile(l.continuation),
    fileName: compile(l.fileName),
    metadata: mapValues(l.metadata, compile),
    typography: toTypography(l.typography),
    pagination: {
      stretch: mapValues(l.pagination?.stretch ?? { paragraph: 0, listItem: 0, article: 0, picture: 0 }, pt),
      shrink: mapValues(l.pagination?.shrink ?? { paragraph: 0, listItem: 0, article: 0, picture: 0 }, pt),
      pictureScale: (l.pagination?.pictureScale ?? 100) / 100,
    },
    screen: { pictures: l.screen?.pictures ?? { ppi: 150, quality: 80 } },
    print: {
      bleed: pt(l.print?.bleed ?? 3),
      slug: pt(l.print?.slug ?? 10),
      marks: l.print ? { offset: pt(l.print.marks.offset), length: pt(l.print.marks.length), weight: l.print.marks.weight } : { offset: pt(3), length: pt(5), weight: 0.25 },
      pictures: l.print?.pictures ?? { ppi: 300, minimum: 200 },
      fileName: compile(l.print?.fileName ?? '{{name}}-print.pdf'),
      colours: l.print?.colours ?? {},
      condition: toPrintCondition(l.print?.condition, projectDir),
    },
  };
}

function toTypography(t: LayoutFile['typography']): Typography {
  const given = Object.fromEntries(Object.entries(t ?? {}).filter(([, v]) => v !== undefined));
  return {
    ...defaultTypography, ...given, ...(t?.raggedStretch === undefined ? {} : { raggedStretch: t.raggedStretch * MM }),
    ...(t?.letterSpacing === undefined ? {} : { letterSpacing: { shrink: t.letterSpacing.shrink / 100, stretch: t.letterSpacing.stretch / 100 } }),
    ...(t?.protrusion === undefined ? {} : { protrusion: t.protrusion / 100 }),
  };
}
