// The layout file (layouts/*.yaml): page geometry, colours, fonts and text templates as data.
// Lengths are written in millimetres and held here in PDF points.
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import Handlebars from 'handlebars';
import { z } from 'zod';
import { checkAgainst } from '../issue/check.js';
import { failIfAny } from '../issue/problems.js';
import { YamlSource } from '../issue/yaml-source.js';
import type { Style } from '../model/types.js';

const mm = z.number().min(0).describe('millimetres');
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like "#003865"');
const textStyle = z.strictObject({
  size: z.number().positive(),
  leading: z.number().positive(),
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
  exHyphenPenalty: demerits.optional(),
  doubleHyphenDemerits: demerits.optional(),
  finalHyphenDemerits: demerits.optional(),
  adjDemerits: demerits.optional(),
  balanceLastPage: z.boolean().optional(),
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
  }),
  spacing: z.strictObject({
    paragraph: mm, listItem: mm, article: mm, afterHeading: mm, picture: mm, belowBand: mm, listIndent: mm,
  }),
  band: z.strictObject({ height: mm, padding: mm }),
  logo: z.strictObject({ height: mm, maxWidth: mm, gap: mm }),
  picture: z.strictObject({ maxHeight: mm }),
  footer: z.strictObject({ height: mm, text: template }),
  cover: z.strictObject({ title: template, issueLine: template, periodLine: template, dateLine: template, contentsTitle: template, subtitle: template }),
  continuation: template,
  fileName: template,
  metadata: z.strictObject({ author: template, title: template, subject: template, keywords: template }),
  typography: typographySchema.optional(),
});

type LayoutFile = z.infer<typeof layoutSchema>;

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
  readonly hyphenPenalty: number;
  readonly exHyphenPenalty: number;
  readonly doubleHyphenDemerits: number;
  readonly finalHyphenDemerits: number;
  readonly adjDemerits: number;
  readonly balanceLastPage: boolean;
}

export const MM = 72 / 25.4;

/** What a layout file without `typography:` (or with only some of its keys) gets. */
export const defaultTypography: Typography = {
  align: 'ragged',
  breaker: 'optimal',
  hyphenate: true,
  hyphenMin: { word: 7, before: 2, after: 3 },
  maxHyphensInRow: 2,
  raggedStretch: 10 * MM,
  pretolerance: 100,
  tolerance: 400,
  linePenalty: 10,
  hyphenPenalty: 200,
  exHyphenPenalty: 50,
  doubleHyphenDemerits: 10000,
  finalHyphenDemerits: 5000,
  adjDemerits: 10000,
  balanceLastPage: true,
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
  readonly band: { readonly height: number; readonly padding: number };
  readonly logo: { readonly height: number; readonly maxWidth: number; readonly gap: number };
  readonly picture: { readonly maxHeight: number };
  readonly footer: { readonly height: number; readonly text: Template };
  readonly cover: Readonly<Record<keyof LayoutFile['cover'], Template>>;
  readonly continuation: Template;
  readonly fileName: Template;
  readonly metadata: Readonly<Record<keyof LayoutFile['metadata'], Template>>;
  readonly typography: Typography;
}

export function loadTheme(file: string): Theme {
  const { source, problems } = YamlSource.read(file, file);
  failIfAny(problems);
  const checked = checkAgainst(layoutSchema, source!);
  failIfAny(checked.problems);
  const theme = toTheme(checked.value!, dirname(resolve(file)));
  failIfAny(
    Object.entries(theme.fonts)
      .filter(([, path]) => !existsSync(path))
      .map(([style, path]) => ({ at: source!.at(['fonts', style]), message: `font file ${path} does not exist: expected a TrueType or OpenType font file` })),
  );
  return theme;
}

/** Templates see only issue metadata, never an issue's own text: `{{` in an article stays text. */
function compile(t: string): Template {
  const f = Handlebars.compile(t, { noEscape: true, strict: true });
  return (data) => f(data);
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
    type: mapValues(l.type, (t) => ({ size: t.size, leading: t.leading, style: t.style ?? 'regular' })),
    spacing: mapValues(l.spacing, pt),
    band: mapValues(l.band, pt),
    logo: mapValues(l.logo, pt),
    picture: mapValues(l.picture, pt),
    footer: { height: pt(l.footer.height), text: compile(l.footer.text) },
    cover: mapValues(l.cover, compile),
    continuation: compile(l.continuation),
    fileName: compile(l.fileName),
    metadata: mapValues(l.metadata, compile),
    typography: toTypography(l.typography),
  };
}

function toTypography(t: LayoutFile['typography']): Typography {
  const given = Object.fromEntries(Object.entries(t ?? {}).filter(([, v]) => v !== undefined));
  return { ...defaultTypography, ...given, ...(t?.raggedStretch === undefined ? {} : { raggedStretch: t.raggedStretch * MM }) };
}
