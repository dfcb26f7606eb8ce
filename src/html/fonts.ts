// The layout's fonts as WOFF2 subsets holding the characters the page uses (subset-font:
// HarfBuzz's hb-subset compiled to WebAssembly, and WOFF2 compression).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Theme } from '../layout/theme.js';
import type { Style } from '../model/types.js';
import type { Asset } from './pictures.js';

/** The characters of a page: its text and markup, entities read as the characters they stand for. */
export function charactersOf(html: string): string {
  const decoded = html
    .replace(/&shy;/g, '\u00ad')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return [...new Set(decoded)].filter((c) => c >= ' ').sort().join('');
}

export async function webFonts(theme: Theme, text: string): Promise<{ hrefs: Record<Style, string>; assets: Asset[] }> {
  const { default: subsetFont } = await import('subset-font');
  const hrefs = {} as Record<Style, string>;
  const assets: Asset[] = [];
  for (const style of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
    const file = theme.fonts[style];
    const bytes = await subsetFont(readFileSync(file), text, { targetFormat: 'woff2' });
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
    const path = `fonter/${basename(file, extname(file))}-${hash}.woff2`;
    hrefs[style] = path;
    assets.push({ path, bytes });
  }
  return { hrefs, assets };
}
