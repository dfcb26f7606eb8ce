// The web page's colours: the layout's colours for the light scheme, and a dark scheme derived
// from them, each text colour moved (towards white on dark, towards black on light) until it
// reaches WCAG AA contrast on its background. Pure; the tests compute the ratios again.
import type { Theme } from '../layout/theme.js';

export type Rgb = readonly [number, number, number];

export function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2.1 relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function mix(a: string, b: string, t: number): string {
  const [x, y] = [parseHex(a), parseHex(b)];
  return toHex([0, 1, 2].map((i) => x[i]! + (y[i]! - x[i]!) * t) as unknown as Rgb);
}

/** `fg`, or the nearest mix of it towards white or black that has `ratio` on `bg`. */
export function withContrast(fg: string, bg: string, ratio = 4.5): string {
  if (contrast(fg, bg) >= ratio) return fg;
  const towards = luminance(bg) < 0.18 ? '#ffffff' : '#000000';
  for (let t = 0.05; t < 1; t += 0.05) {
    const c = mix(fg, towards, t);
    if (contrast(c, bg) >= ratio) return c;
  }
  return towards;
}

export interface Palette {
  readonly background: string;
  readonly text: string;
  readonly heading: string;
  readonly link: string;
  readonly muted: string;
  /** The cover's band and the text on it. */
  readonly band: string;
  readonly bandText: string;
  readonly rule: string;
  /** Behind figures and the QR links' box. */
  readonly panel: string;
}

/** Which text colour stands on which background, for the contrast test and the CSS. */
export const TEXT_ON: ReadonlyArray<readonly [keyof Palette, keyof Palette]> = [
  ['text', 'background'],
  ['heading', 'background'],
  ['link', 'background'],
  ['muted', 'background'],
  ['text', 'panel'],
  ['link', 'panel'],
  ['muted', 'panel'],
  ['bandText', 'band'],
];

export interface Palettes {
  readonly light: Palette;
  readonly dark: Palette;
}

/** AA (4.5:1) for every pair, with a margin: the dark scheme aims at 7:1 for body text. */
export function palettes(theme: Theme): Palettes {
  const c = theme.colours;
  const lightBg = '#ffffff';
  const lightPanel = mix(c.rule, '#ffffff', 0.85);
  const light: Palette = {
    background: lightBg,
    text: withContrast(c.text, lightBg, 7),
    heading: withContrast(c.heading, lightBg),
    link: withContrast(withContrast(c.link, lightBg), lightPanel),
    muted: withContrast(withContrast(c.muted, lightBg), lightPanel),
    band: c.band,
    bandText: withContrast(c.bandText, c.band),
    rule: c.rule,
    panel: lightPanel,
  };
  // Dark: a very dark shade of the band colour as the page, the layout's colours lightened.
  const darkBg = mix(c.band, '#000000', 0.7);
  const darkPanel = mix(c.band, '#000000', 0.45);
  const darkBand = mix(c.band, '#000000', 0.2);
  const dark: Palette = {
    background: darkBg,
    text: withContrast(mix(c.text, '#ffffff', 0.9), darkBg, 7),
    // The heading colour is a navy that no lightening keeps blue: a pale tint of the link's blue.
    heading: withContrast(withContrast(mix(c.link, '#ffffff', 0.6), darkBg, 7), darkPanel),
    link: withContrast(withContrast(c.link, darkBg, 7), darkPanel),
    muted: withContrast(withContrast(mix(c.muted, '#ffffff', 0.5), darkBg), darkPanel),
    band: darkBand,
    bandText: withContrast(c.bandText, darkBand),
    rule: mix(c.rule, darkBg, 0.5),
    panel: darkPanel,
  };
  return { light, dark };
}
