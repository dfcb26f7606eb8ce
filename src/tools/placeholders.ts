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

async function placeholder(w: Wanted): Promise<Buffer> {
  const { width, height } = shape(w.file, w.label);
  // Bold DejaVu Sans is at most about 0.7 em a character on average: the label's longest word
  // fits inside the frame, and the lines are wrapped to the width the frame leaves.
  const inner = width * 0.85;
  const longest = Math.max(1, ...w.label.split(/\s+/).map((word) => word.length));
  const size = Math.max(8, Math.min(Math.round(Math.min(width, height) / 11), Math.floor(inner / (longest * EM_PER_CHAR))));
  const lines = wrap(w.label, Math.max(longest, Math.floor(inner / (size * EM_PER_CHAR))));
  const top = height / 2 - ((lines.length - 1) * size * 1.25) / 2;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="#e8eef4"/>
  <rect x="6" y="6" width="${width - 12}" height="${height - 12}" fill="none" stroke="#7a93ad" stroke-width="4" stroke-dasharray="14 8"/>
  <text x="50%" y="${size * 1.6}" text-anchor="middle" font-family="DejaVu Sans" font-size="${Math.round(size * 0.6)}" fill="#7a93ad" letter-spacing="2">PLASSHOLDER</text>
  ${lines.map((l, i) => `<text x="50%" y="${top + i * size * 1.25 + size * 0.35}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#23415f">${esc(l)}</text>`).join('\n  ')}
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
