// The web page's style sheet, from the layout's colours and fonts. Pure.
import { basename } from 'node:path';
import type { Theme } from '../layout/theme.js';
import type { Style } from '../model/types.js';
import type { Palette, Palettes } from './colours.js';
import { COLUMN_PX, LOGO_HEIGHT_PX, LOGO_MAX_WIDTH_PX } from './pictures.js';

const FACE: Record<Style, { weight: number; style: string }> = {
  regular: { weight: 400, style: 'normal' },
  bold: { weight: 700, style: 'normal' },
  italic: { weight: 400, style: 'italic' },
  boldItalic: { weight: 700, style: 'italic' },
};

/** "fonts/NotoSans-Regular.ttf" → "Noto Sans". */
export function familyName(theme: Theme): string {
  return basename(theme.fonts.regular)
    .replace(/\.[ot]tf$/i, '')
    .replace(/-Regular$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2');
}

function vars(p: Palette): string {
  return Object.entries(p)
    .map(([k, v]) => `--${k}: ${v};`)
    .join(' ');
}

export function css(theme: Theme, colours: Palettes, fonts: Readonly<Partial<Record<Style, string>>>, widths: readonly number[]): string {
  const family = familyName(theme);
  const faces = (Object.keys(FACE) as Style[])
    .filter((s) => fonts[s])
    .map((s) => `@font-face { font-family: "${family}"; src: url("${fonts[s]}") format("woff2"); font-weight: ${FACE[s].weight}; font-style: ${FACE[s].style}; font-display: swap; }`);
  // The two columns of articles and the gap between them; one column's width is COLUMN_PX.
  const gap = 48;
  const wide = 2 * COLUMN_PX + gap;
  return `${faces.join('\n')}
:root { ${vars(colours.light)} color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { ${vars(colours.dark)} } }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--background); color: var(--text); font-family: "${family}", "Noto Sans", system-ui, -apple-system, "Segoe UI", Arial, sans-serif; font-size: 1.0625rem; line-height: 1.55; overflow-wrap: break-word; }
.wrap { max-width: ${wide + 32}px; margin: 0 auto; padding: 0 16px; }
a { color: var(--link); text-decoration-thickness: 1px; text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.skip { position: absolute; left: 8px; top: -100px; padding: 8px 12px; background: var(--background); color: var(--link); z-index: 10; }
.skip:focus { top: 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.band { background: var(--band); color: var(--bandText); }
.band a { color: var(--bandText); }
.cover .band { padding: 40px 0 28px; }
h1 { margin: 0; font-size: clamp(2rem, 7vw, 3.25rem); line-height: 1.15; font-weight: 700; }
.subtitle { margin: 8px 0 0; font-size: 1.2rem; }
.cover-body { padding-top: 20px; padding-bottom: 8px; }
.issue-lines p { margin: 0 0 4px; font-size: 1.15rem; color: var(--heading); }
.issue-lines .pdf { margin-top: 12px; font-size: 1.05rem; }
.contents h2 { margin: 28px 0 8px; font-size: 1.3rem; color: var(--heading); border-bottom: 1px solid var(--rule); padding-bottom: 6px; }
.contents ol { margin: 0; padding-left: 1.6em; max-width: 40rem; }
.contents li { margin: 6px 0; }
section { margin-top: 40px; }
section > .band { padding: 14px 0; }
section > .band h2 { margin: 0; font-size: 1.35rem; line-height: 1.3; }
section > .hidden-band { padding: 0; background: none; }
.articles { padding-top: 24px; }
article { max-width: ${COLUMN_PX + 80}px; margin: 0 0 36px; hyphens: manual; }
.one article { max-width: 40rem; }
.article-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 6px 12px; margin-bottom: 6px; }
.article-head h3 { flex: 1 1 12rem; min-width: 0; }
h3 { margin: 0; font-size: 1.25rem; line-height: 1.3; color: var(--heading); }
.logo { flex: none; width: auto; height: auto; max-height: ${LOGO_HEIGHT_PX}px; max-width: ${LOGO_MAX_WIDTH_PX}px; }
.logo-link { flex: none; line-height: 0; }
p { margin: 0 0 10px; }
ul { margin: 0 0 10px; padding-left: 1.4em; }
li { margin: 0 0 4px; }
ul.guillemets { list-style: "» "; }
ul.bullets { list-style: "• "; }
li::marker { color: var(--heading); }
.whole { white-space: nowrap; }
figure { margin: 14px 0; }
${widths.map((w) => `figure.w${w} { width: ${w}%; }`).join('\n')}
figure img { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 6px; font-size: 0.9rem; font-style: italic; color: var(--muted); }
.publications { background: var(--panel); padding: 10px 14px 10px 2em; border-left: 4px solid var(--heading); }
p.publications { padding-left: 14px; }
.page-footer { margin-top: 40px; padding: 20px 0 32px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.95rem; }
.page-footer p { margin: 0 0 6px; }
@media (min-width: 768px) {
  .two .articles { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: ${gap}px; align-items: start; }
  .two article { max-width: none; }
}
@media print {
  :root { ${vars({ ...colours.light, background: '#ffffff', band: '#ffffff', bandText: colours.light.heading, panel: '#ffffff' })} }
  body { font-size: 10.5pt; line-height: 1.4; }
  .skip, .pdf, .page-footer a { display: none; }
  .wrap { max-width: none; padding: 0; }
  .band { border-bottom: 1.5pt solid var(--heading); }
  section { break-before: page; margin-top: 0; }
  .two .articles { display: block; columns: 2; column-gap: 7mm; }
  article { break-inside: auto; max-width: none; }
  h3, .article-head { break-after: avoid; }
  figure, li { break-inside: avoid; }
  a { color: inherit; }
  article a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; overflow-wrap: anywhere; }
}
`;
}
