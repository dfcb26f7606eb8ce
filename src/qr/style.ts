// How QR codes are printed, as layout data (the `qr:` part of layouts/kom.yaml and of
// layouts/cards.yaml). Limits that make a code scan on the first try are enforced here.
import * as z from 'zod';
import type { Problem } from '../issue/problems.js';
import type { Path, YamlSource } from '../issue/yaml-source.js';
import type { ErrorCorrection } from './matrix.js';

const MM = 72 / 25.4;
const colour = z
  .string({ error: 'expected a colour in quotes, like "#000000" (without quotes, # starts a comment)' })
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like "#000000"');

export const qrStyleSchema = z.strictObject({
  size: z.number({ error: 'expected a number of millimetres' }).positive('expected a number of millimetres, more than 0').describe('side of the code in mm, without its quiet zone'),
  quietZone: z
    .number({ error: 'expected a whole number of modules, at least 4' })
    .int()
    .min(4, 'expected at least 4: a QR code needs a light margin of four modules to be found')
    .describe('light modules around the code on each side'),
  minModule: z
    .number({ error: 'expected a number of millimetres, at least 0.4' })
    .min(0.4, 'expected at least 0.4 (mm): smaller modules do not scan reliably in print')
    .describe('smallest module in mm a code may have; a longer address makes denser modules'),
  errorCorrection: z.enum(['M', 'Q', 'H']).describe('error correction level: M, Q or H (L does not survive print flaws)'),
  dark: colour,
  light: colour,
});

export type QrStyleFile = z.infer<typeof qrStyleSchema>;

export interface QrStyle {
  /** Side of the symbol without quiet zone, in points. */
  readonly size: number;
  readonly quietZone: number;
  /** In points. */
  readonly minModule: number;
  readonly errorCorrection: ErrorCorrection;
  readonly dark: string;
  readonly light: string;
}

export function toQrStyle(f: QrStyleFile): QrStyle {
  return { ...f, size: f.size * MM, minModule: f.minModule * MM };
}

/** Dark modules must be clearly darker than light ones: a contrast ratio of at least 7:1. */
export function contrastProblems(f: QrStyleFile, source: YamlSource, path: Path): Problem[] {
  const ratio = contrast(f.dark, f.light);
  if (ratio >= 7) return [];
  const inverted = luminance(f.dark) > luminance(f.light);
  return [{
    at: source.at([...path, 'dark']),
    message: inverted
      ? `QR colours are inverted (dark ${f.dark} is lighter than light ${f.light}): many phones read only dark codes on a light ground`
      : `QR colours ${f.dark} on ${f.light} have a contrast of ${ratio.toFixed(1)}:1: expected at least 7:1, so that the code scans on a cheap print`,
  }];
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
