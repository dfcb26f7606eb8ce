// Labelled placeholder pictures for every picture an issue names that does not exist yet, so
// the issue can be built and proofread before the real logos and covers arrive. A user
// replaces a placeholder by dropping the real file in under the same name.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { checkAgainst } from '../issue/check.js';
import { findProjectRoot } from '../issue/load.js';
import { insideProject } from '../issue/pictures.js';
import { failIfAny } from '../issue/problems.js';
import * as schema from '../issue/schema.js';
import { YamlSource } from '../issue/yaml-source.js';
import { markPlaceholder } from '../issue/placeholder-mark.js';

interface Wanted {
  readonly file: string;
  readonly label: string;
}

export async function makePlaceholders(folder: string): Promise<string[]> {
  const root = findProjectRoot(folder);
  const wanted: Wanted[] = [];
  const collect = (file: string, s: typeof schema.issue | typeof schema.section) => {
    const { source, problems } = YamlSource.read(file, relative(process.cwd(), file));
    failIfAny(problems);
    const checked = checkAgainst(s, source!);
    failIfAny(checked.problems);
    const base = dirname(file);
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.standing === 'string') collect(join(root, 'assets', 'standing', `${o.standing}.yaml`), schema.section);
      const path = typeof o.picture === 'string' ? o.picture : typeof o.src === 'string' ? o.src : undefined;
      if (path && typeof o.alt === 'string') wanted.push({ file: resolve(base, path), label: o.alt });
      Object.values(o).forEach(visit);
    };
    visit(checked.value);
  };
  collect(join(resolve(folder), 'issue.yaml'), schema.issue);
  const made: string[] = [];
  for (const w of wanted) {
    if (existsSync(w.file) || made.includes(w.file) || !insideProject(w.file, root)) continue;
    mkdirSync(dirname(w.file), { recursive: true });
    writeFileSync(w.file, await placeholder(w));
    made.push(w.file);
  }
  return made;
}

function shape(file: string, label: string): { width: number; height: number } {
  const name = file.toLowerCase();
  if (/logo/.test(name)) return { width: 480, height: 200 };
  if (/forside|rapport|report|cover|veileder|guide|strategi|brosjyre|notat/.test(name + label.toLowerCase())) return { width: 420, height: 594 };
  return { width: 640, height: 360 };
}

/** Average advance of a bold DejaVu Sans character, in ems (generous, for capitals and wide letters). */
const EM_PER_CHAR = 0.7;
/** Distance between the label's lines, in ems. */
const LINE = 1.25;

/** Where a placeholder's "PLASSHOLDER" mark and its label's lines go, in pixels of the picture. */
export interface PlaceholderLayout {
  readonly mark: { readonly size: number; readonly baseline: number };
  readonly size: number;
  readonly lines: readonly { readonly text: string; readonly baseline: number }[];
}

/**
 * Lays out a placeholder's label: as large as a twelfth of the frame's smaller side allows,
 * smaller where its longest word would not fit the frame's width or its lines would not fit
 * under the mark (a long title in a cover's narrow frame), and centred in the space under the
 * mark. Pure, so that the fit can be tested without drawing.
 */
export function placeholderLayout(width: number, height: number, label: string): PlaceholderLayout {
  const base = Math.round(Math.min(width, height) / 11);
  const mark = { size: Math.round(base * 0.6), baseline: base * 1.6 };
  // The lines' room: from below the mark to the frame's inside edge (the frame is 6 + 4 px),
  // with a margin of 0.3 of the full size at both ends.
  const roomTop = mark.baseline + mark.size * 0.5 + base * 0.3;
  const roomBottom = height - 16 - base * 0.3;
  const inner = width * 0.85;
  const longest = Math.max(1, ...label.split(/\s+/).map((word) => word.length));
  let size = Math.max(8, Math.min(base, Math.floor(inner / (longest * EM_PER_CHAR))));
  let lines = wrap(label, Math.max(longest, Math.floor(inner / (size * EM_PER_CHAR))));
  // A block of n lines reaches from a capital's top (0.75 em above the first baseline) to a
  // descender (0.25 em below the last): (n − 1) · LINE + 1 em.
  const block = (n: number, s: number) => ((n - 1) * LINE + 1) * s;
  while (size > 8 && block(lines.length, size) > roomBottom - roomTop) {
    size--;
    lines = wrap(label, Math.max(longest, Math.floor(inner / (size * EM_PER_CHAR))));
  }
  const first = (roomTop + roomBottom) / 2 - block(lines.length, size) / 2 + 0.75 * size;
  return { mark, size, lines: lines.map((text, i) => ({ text, baseline: first + i * LINE * size })) };
}

async function placeholder(w: Wanted): Promise<Buffer> {
  const { width, height } = shape(w.file, w.label);
  const { mark, size, lines } = placeholderLayout(width, height, w.label);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="#e8eef4"/>
  <rect x="6" y="6" width="${width - 12}" height="${height - 12}" fill="none" stroke="#7a93ad" stroke-width="4" stroke-dasharray="14 8"/>
  <text x="50%" y="${mark.baseline}" text-anchor="middle" font-family="DejaVu Sans" font-size="${mark.size}" fill="#7a93ad" letter-spacing="2">PLASSHOLDER</text>
  ${lines.map((l) => `<text x="50%" y="${l.baseline}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#23415f">${esc(l.text)}</text>`).join('\n  ')}
</svg>`;
  // Marked, so that `nyhetsbrev check` finds placeholders still in an issue.
  return markPlaceholder(await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toBuffer());
}

function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
