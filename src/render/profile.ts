// Output profiles: the same display list written for e-mail and the web (screen) or for the
// print shop (print). A profile decides the paper around the page, how colours are written
// and what pictures need; layout never depends on it.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError, type Problem } from '../issue/problems.js';
import type { PrintCondition, Theme } from '../layout/theme.js';

export const PROFILES = ['screen', 'print'] as const;
export type ProfileName = (typeof PROFILES)[number];

export type Cmyk = readonly [number, number, number, number];
/** A colour as pdfkit takes it: "#rrggbb" (RGB) or [c, m, y, k] in percent. */
export type PaintColour = string | [number, number, number, number];

export interface PicturePolicy {
  /** Pixels per inch at the placed size that pictures are resampled to. */
  readonly ppi: number;
  /** Pictures sharper than this are resampled to `ppi`; others are used as they are. */
  readonly resampleAbove: number;
  /** Pictures below this are named in a warning (print). */
  readonly warnBelow?: number;
  /** Placeholder pictures are named in a warning (print). */
  readonly warnPlaceholders?: boolean;
  readonly jpegQuality: number;
  /** Photographs saved as PNG are written as JPEG (screen: small files). */
  readonly photosAsJpeg: boolean;
  /**
   * Pictures in another RGB space than sRGB (an embedded profile such as Adobe RGB) are
   * converted to sRGB, the space the PDF writes every RGB picture in (ICC-based sRGB).
   */
  readonly srgb: boolean;
  /** CMYK pictures are kept as they are (print: the press's inks) or converted to sRGB (screen: PDF/A with an sRGB OutputIntent takes no CMYK). */
  readonly keepCmyk: boolean;
  /** A processed picture no smaller than its original gives way to the original (screen: small files). */
  readonly smallest: boolean;
}

/**
 * The colour a file is made for, written as its OutputIntent: the screen's sRGB (PDF/A) or the
 * press's CMYK printing condition (PDF/X), with the ICC profile embedded.
 */
export interface OutputIntent {
  readonly subtype: 'GTS_PDFA1' | 'GTS_PDFX';
  /** The ICC profile file. */
  readonly profile: string;
  /** Colour components of the profile: 3 (RGB) or 4 (CMYK). */
  readonly components: 3 | 4;
  /** The printing condition's name in the ICC registry ("FOGRA39"), or the profile's ("sRGB IEC61966-2.1"). */
  readonly condition: string;
  /** The condition in words. */
  readonly info: string;
  readonly registry?: string;
}

/**
 * What a file claims to comply with, beside PDF/UA-1 (every file): PDF/A-2a for the screen
 * (the archive), PDF/X-4 for the press.
 */
export interface Conformance {
  readonly standard: 'PDF/A-2a' | 'PDF/X-4';
  readonly intent: OutputIntent;
  /** The file header's version: PDF/X-4 is built on PDF 1.6. */
  readonly pdfVersion: '1.6' | '1.7';
  /**
   * Link annotations print (PDF/A asks it of every annotation) or not (PDF/X: nothing but the
   * page's content is printed inside the bleed; a link is for the screen).
   */
  readonly annotationsPrint: boolean;
}

/** The sRGB profile pdfkit ships for its own PDF/A support (IEC 61966-2.1). */
export const SRGB_PROFILE = fileURLToPath(new URL('data/sRGB_IEC61966_2_1.icc', pathToFileURL(createRequire(import.meta.url).resolve('pdfkit'))));

export const SCREEN_CONFORMANCE: Conformance = {
  standard: 'PDF/A-2a',
  intent: { subtype: 'GTS_PDFA1', profile: SRGB_PROFILE, components: 3, condition: 'sRGB IEC61966-2.1', info: 'sRGB IEC61966-2.1', registry: 'http://www.color.org' },
  pdfVersion: '1.7',
  annotationsPrint: true,
};

/** The print profile's conformance for a layout's printing condition. */
export function printConformance(condition: PrintCondition): Conformance {
  return {
    standard: 'PDF/X-4',
    intent: { subtype: 'GTS_PDFX', profile: condition.profile, components: 4, condition: condition.name, info: condition.info, registry: 'http://www.color.org' },
    pdfVersion: '1.6',
    annotationsPrint: false,
  };
}

export interface OutputProfile {
  readonly name: ProfileName;
  readonly conformance: Conformance;
  /** How far colour touching the page edge runs on past it (0 on screen). */
  readonly bleed: number;
  /** Paper around the trimmed page on each side, holding bleed and crop marks (0 on screen). */
  readonly slug: number;
  readonly marks?: { readonly offset: number; readonly length: number; readonly weight: number };
  /** The colour to paint a layout colour ("#rrggbb") with. */
  colour(hex: string): PaintColour;
  /** Layout colours that had no CMYK value and were converted by formula (print). */
  readonly unmapped: ReadonlySet<string>;
  readonly pictures: PicturePolicy;
  /** File name for an issue, from the layout's template. */
  fileName(meta: Record<string, unknown>): string;
}

export function outputProfile(name: ProfileName, theme: Theme): OutputProfile {
  return name === 'print' ? printProfile(theme) : screenProfile(theme);
}

function screenProfile(theme: Theme): OutputProfile {
  const { ppi, quality } = theme.screen.pictures;
  return {
    name: 'screen',
    conformance: SCREEN_CONFORMANCE,
    bleed: 0,
    slug: 0,
    colour: (hex) => hex,
    unmapped: new Set(),
    // Within a tenth of the target a picture is left alone: resampling would only blur it.
    pictures: { ppi, resampleAbove: ppi * 1.1, jpegQuality: quality, photosAsJpeg: true, srgb: true, keepCmyk: false, smallest: true },
    fileName: (meta) => theme.fileName(meta),
  };
}

function printProfile(theme: Theme): OutputProfile {
  const { bleed, slug, marks, pictures } = theme.print;
  const { colour, unmapped } = cmykPainter(cmykTable(theme));
  return {
    name: 'print',
    conformance: printConformance(theme.print.condition),
    bleed,
    slug,
    marks,
    colour,
    unmapped,
    // Like a designer's export preset: pictures up to half as sharp again as wanted are kept
    // as they are (resampling them gains little and costs sharpness); sharper ones come down.
    pictures: { ppi: pictures.ppi, resampleAbove: pictures.ppi * 1.5, warnBelow: pictures.minimum, warnPlaceholders: true, jpegQuality: 92, photosAsJpeg: false, srgb: true, keepCmyk: true, smallest: false },
    fileName: (meta) => theme.print.fileName(meta),
  };
}

/**
 * Paints a layout colour with its CMYK value from the table, or by formula (noted in
 * `unmapped`) where the table has none. The one place a print colour is decided.
 */
export function cmykPainter(table: ReadonlyMap<string, Cmyk>): { colour: (hex: string) => PaintColour; unmapped: Set<string> } {
  const unmapped = new Set<string>();
  const colour = (hex: string): PaintColour => {
    const cmyk = table.get(hex.toLowerCase());
    if (cmyk) return [...cmyk];
    unmapped.add(hex);
    return [...rgbToCmyk(hex)];
  };
  return { colour, unmapped };
}

/**
 * The press-ready profile of a piece that lays out its own bleed and marks (the QR cards):
 * colours from the piece's CMYK table (its QR code's and crop marks' black by formula:
 * 100 % K), PDF/X-4 for the printing condition.
 */
export function pressProfile(
  colours: Readonly<Record<string, string>>,
  cmykOf: Readonly<Record<string, Cmyk>>,
  extra: readonly string[],
  condition: PrintCondition,
  file: string,
): Pick<OutputProfile, 'name' | 'conformance' | 'bleed' | 'slug' | 'colour' | 'unmapped'> {
  const { colour, unmapped } = cmykPainter(colourTable(colours, cmykOf, extra, file));
  return { name: 'print', conformance: printConformance(condition), bleed: 0, slug: 0, colour, unmapped };
}

/** "#rrggbb" → CMYK of the layout's print colour table, checked complete and unambiguous. */
function cmykTable(theme: Theme): Map<string, Cmyk> {
  return colourTable(theme.colours, theme.print.colours, [theme.qr.dark, theme.qr.light], 'layout');
}

/**
 * The CMYK value of each named colour, checked complete and unambiguous; `extra` colours (the
 * QR code's dark and light) converted by formula where no name gives them one (black becomes
 * 100 % K, one ink, what scanners read best and what cannot print out of register).
 */
export function colourTable(
  colours: Readonly<Record<string, string>>,
  cmykOf: Readonly<Record<string, Cmyk>>,
  extra: readonly string[],
  file: string,
): Map<string, Cmyk> {
  const problems: Problem[] = [];
  const table = new Map<string, Cmyk>();
  const names = new Map<string, string>();
  for (const [name, hex] of Object.entries(colours)) {
    const cmyk = cmykOf[name];
    if (!cmyk) {
      problems.push({ message: `${file}: print.colours has no CMYK value for "${name}" (${hex}): expected a line like "${name}: [100, 69, 8, 54]" under print.colours` });
      continue;
    }
    const key = hex.toLowerCase();
    const other = table.get(key);
    if (other && other.join() !== cmyk.join()) {
      problems.push({ message: `${file}: "${names.get(key)}" and "${name}" are both ${hex} but have different CMYK values in print.colours: expected the same` });
    }
    table.set(key, cmyk);
    names.set(key, name);
  }
  for (const hex of extra) {
    if (!table.has(hex.toLowerCase())) table.set(hex.toLowerCase(), rgbToCmyk(hex));
  }
  for (const name of Object.keys(cmykOf)) {
    if (!(name in colours)) problems.push({ message: `${file}: print.colours names "${name}", which is not a colour under colours:` });
  }
  if (problems.length > 0) throw new InputError(problems);
  return table;
}

/** A formula conversion, for colours the layout gives no CMYK value for. */
export function rgbToCmyk(hex: string): Cmyk {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => v / 255) as [number, number, number];
  const k = 1 - Math.max(r, g, b);
  if (k >= 1) return [0, 0, 0, 100];
  const pct = (v: number) => Math.round(v * 100);
  return [pct((1 - r - k) / (1 - k)), pct((1 - g - k) / (1 - k)), pct((1 - b - k) / (1 - k)), pct(k)];
}
