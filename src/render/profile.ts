// Output profiles: the same display list written for e-mail and the web (screen) or for the
// print shop (print). A profile decides the paper around the page, how colours are written
// and what pictures need; layout never depends on it.
import { InputError, type Problem } from '../issue/problems.js';
import type { Theme } from '../layout/theme.js';

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
  readonly jpegQuality: number;
  /** Photographs saved as PNG are written as JPEG (screen: small files). */
  readonly photosAsJpeg: boolean;
  /** Written into the pictures' colour space: sRGB for screens, left as it is for print. */
  readonly srgb: boolean;
  /** A processed picture no smaller than its original gives way to the original (screen: small files). */
  readonly smallest: boolean;
}

export interface OutputProfile {
  readonly name: ProfileName;
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
    bleed: 0,
    slug: 0,
    colour: (hex) => hex,
    unmapped: new Set(),
    // Within a tenth of the target a picture is left alone: resampling would only blur it.
    pictures: { ppi, resampleAbove: ppi * 1.1, jpegQuality: quality, photosAsJpeg: true, srgb: true, smallest: true },
    fileName: (meta) => theme.fileName(meta),
  };
}

function printProfile(theme: Theme): OutputProfile {
  const { bleed, slug, marks, pictures } = theme.print;
  const table = cmykTable(theme);
  const unmapped = new Set<string>();
  return {
    name: 'print',
    bleed,
    slug,
    marks,
    colour: (hex) => {
      const cmyk = table.get(hex.toLowerCase());
      if (cmyk) return [...cmyk];
      unmapped.add(hex);
      return [...rgbToCmyk(hex)];
    },
    unmapped,
    // Like a designer's export preset: pictures up to half as sharp again as wanted are kept
    // as they are (resampling them gains little and costs sharpness); sharper ones come down.
    pictures: { ppi: pictures.ppi, resampleAbove: pictures.ppi * 1.5, warnBelow: pictures.minimum, jpegQuality: 92, photosAsJpeg: false, srgb: false, smallest: false },
    fileName: (meta) => theme.print.fileName(meta),
  };
}

/** "#rrggbb" → CMYK of the layout's print colour table, checked complete and unambiguous. */
function cmykTable(theme: Theme): Map<string, Cmyk> {
  const problems: Problem[] = [];
  const table = new Map<string, Cmyk>();
  const names = new Map<string, string>();
  for (const [name, hex] of Object.entries(theme.colours)) {
    const cmyk = theme.print.colours[name];
    if (!cmyk) {
      problems.push({ message: `layout: print.colours has no CMYK value for "${name}" (${hex}): expected a line like "${name}: [100, 69, 8, 54]" under print.colours` });
      continue;
    }
    const key = hex.toLowerCase();
    const other = table.get(key);
    if (other && other.join() !== cmyk.join()) {
      problems.push({ message: `layout: "${names.get(key)}" and "${name}" are both ${hex} but have different CMYK values in print.colours: expected the same` });
    }
    table.set(key, cmyk);
    names.set(key, name);
  }
  // QR codes print in one ink where they can: their dark and light given by the layout's qr
  // part, converted by formula (black becomes 100 % K, what scanners read best).
  for (const hex of [theme.qr.dark, theme.qr.light]) {
    if (!table.has(hex.toLowerCase())) table.set(hex.toLowerCase(), rgbToCmyk(hex));
  }
  for (const name of Object.keys(theme.print.colours)) {
    if (!(name in theme.colours)) problems.push({ message: `layout: print.colours names "${name}", which is not a colour under colours:` });
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
