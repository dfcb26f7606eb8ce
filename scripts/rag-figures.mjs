#!/usr/bin/env node
// The rag of an issue's body paragraphs, each set alone in one column: the measurement of
// issue 14's comparison with Typst (126 paragraphs, one 83.5 mm column, Noto Sans 11/14.6 pt),
// where `build --report` counts every line as laid out (standing pages, list items, lines
// narrowed beside a logo). Uses the compiled modules: run `npx tsc -p tsconfig.json` first.
//
//   node scripts/rag-figures.mjs [issue-folder] [--width MM] [--layout FILE] [--words] [--typst DIR]
//
// With --typst, the same paragraphs are also set by Typst (optimized line breaks, ragged or
// justified as the layout says, hyphenated by the paragraph's and inline languages, the
// layout's body font and size), and Typst's lines are measured with our measurer and counted as
// ours are; each of Typst's hyphenation points is weighed as our hyphenator weighs it (seam,
// inside, poor, or not one we offer). DIR is a folder where Typst's compiler for Node is
// installed:
//   npm install --prefix /tmp/typst @myriaddreamin/typst-ts-node-compiler@0.7.0
// (Typst 0.14; it is not a dependency of the project).
//
// In: every `body:` paragraph of the articles of the issue's own sections (paragraphs written in
// the issue's issue.yaml, so also articles it adds to a standing page). Out: list items, picture
// captions, headings, and the standing pages' own text (assets/standing/*.yaml).
// Each is set as the layout sets body text (src/layout/flow.ts): body style, the article's
// language (else the issue's), the layout's breaker, hyphenator and exception list, ragged or
// justified as the layout says; a cross-reference with the page number it has in the laid-out
// issue. Figures as src/layout/report.ts counts them: shortfall = available − width (plus
// protrusion), raggedness = mean squared shortfall of the lines that are not a paragraph's last.
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const here = new URL('..', import.meta.url);
const dist = (p) => new URL(`dist/${p}`, here).href;
const { freshCaches, layoutFolder, typesetting } = await import(dist('build.js'));
const { articlePages } = await import(dist('layout/xrefs.js'));
const { exceptionsFileOf, readExceptions } = await import(dist('text/exceptions.js'));
const { setText } = await import(dist('text/set.js'));
const { MM } = await import(dist('layout/theme.js'));

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { width: { type: 'string', default: '83.5' }, layout: { type: 'string' }, words: { type: 'boolean', default: false }, typst: { type: 'string' } },
});
const folder = positionals[0] ?? 'issues/2025-4';
const widthMm = Number(values.width);
if (!(widthMm > 0)) {
  console.error(`rag-figures: --width ${values.width}: expected a width in millimetres, like 83.5`);
  process.exit(2);
}
const width = widthMm * MM;

const caches = freshCaches();
let laid;
try {
  laid = await layoutFolder(folder, values.layout, caches);
} catch (e) {
  // An input mistake is told as the build tells it; anything else is a bug.
  if (e && typeof e === 'object' && 'problems' in e) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const { issue, theme, measurer, document, layoutFile } = laid;
const exceptionsFile = exceptionsFileOf(layoutFile);
const { breaker, hyphenator } = typesetting(theme, issue, caches.hyphenators, exceptionsFile ? readExceptions(exceptionsFile).list : undefined);
const pages = articlePages(issue, document);
const issueFile = resolve(folder, 'issue.yaml');
const body = theme.type.body;
const justify = theme.typography.align === 'justified';

let seam = 0, inside = 0, poor = 0, oneLine = 0, paragraphs = 0, skippedStanding = 0, listItems = 0, lines = 0, hyphenated = 0, inRow = 0, squares = 0, emergency = 0;
const shortfalls = [];
const words = [];
/** Each paragraph set, for --typst: its language and runs (cross-references with their page numbers). */
const laidParagraphs = [];
for (const section of issue.sections) {
  for (const article of section.articles) {
    const lang = article.language ?? issue.language;
    for (const block of article.body) {
      if (block.kind === 'list') listItems += block.items.length;
      if (block.kind !== 'paragraph') continue;
      if (resolve(block.text.at.file) !== issueFile) {
        skippedStanding++;
        continue;
      }
      paragraphs++;
      const runs = block.text.runs.map((r) => (r.link?.kind === 'article' ? { ...r, text: `${r.text}\u00a0${pages[r.link.id] ?? '00'}` } : r));
      const set = setText(runs, body.size, () => width, measurer, breaker, {
        ...(hyphenator ? { hyphenate: (word, soft, inline) => hyphenator(word, inline ?? lang, soft) } : {}),
        justify,
        ...(justify ? { letterSpacing: theme.typography.letterSpacing, protrusion: theme.typography.protrusion, maxProtrusion: theme.columnGap / 2 } : {}),
      });
      laidParagraphs.push({ lang, runs });
      emergency += set.emergencyBreaks;
      if (set.lines.length === 1) oneLine++;
      let row = 0;
      for (const l of set.lines) {
        lines++;
        const broken = l.end === 'hyphen' || l.end === 'explicit' || l.end === 'emergency';
        if (l.end === 'hyphen' || l.end === 'explicit') hyphenated++;
        if (l.end === 'hyphen') {
          if (l.broken?.place === 'seam') seam++;
          else if (l.broken?.place === 'poor') poor++;
          else inside++;
        }
        row = broken || l.hyphenEnd ? row + 1 : 0;
        inRow = Math.max(inRow, row);
        if (l.broken) words.push(`${l.broken.word.slice(0, l.broken.at)}${l.end === 'explicit' ? '' : '-'}|${l.broken.word.slice(l.broken.at)}`);
        if (l.end !== 'last') {
          const shortfall = Math.max(0, (l.available ?? width) + (l.protrusion ?? 0) - l.width);
          squares += shortfall ** 2;
          shortfalls.push(shortfall);
        }
      }
    }
  }
}

function median(xs) {
  if (xs.length === 0) return 0;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const rs = theme.typography.raggedStretch / MM;
console.log(`${issue.name}: body paragraphs of the issue's own sections, each set alone in one ${widthMm} mm column`);
console.log(`layout ${relative(process.cwd(), layoutFile)}: ${theme.typography.align}, ${theme.typography.breaker ?? 'optimal'} breaker, raggedStretch ${Math.round(rs * 100) / 100} mm, body ${body.size}/${body.leading} pt`);
console.log(`left out: ${listItems} list items, ${skippedStanding} standing-page paragraphs`);
console.log(`paragraphs: ${paragraphs} (${oneLine} of one line)`);
console.log(`lines: ${lines}`);
console.log(`non-final lines: ${shortfalls.length}`);
console.log(`raggedness (pt²): ${(shortfalls.length ? squares / shortfalls.length : 0).toFixed(1)}`);
console.log(`median shortfall (pt): ${median(shortfalls).toFixed(1)}`);
console.log(`hyphenated lines: ${hyphenated} (at a seam ${seam}, inside a part ${inside}, poor ${poor}, after a word's own hyphen ${hyphenated - seam - inside - poor})`);
console.log(`most in a row: ${inRow}`);
console.log(`emergency breaks: ${emergency}`);
if (values.words) for (const w of words) console.log(`  ${w}`);

if (values.typst) await typst(values.typst);

/** Sets the same paragraphs with Typst and prints its figures as ours are counted (see the head of this file). */
async function typst(dir) {
  const { createRequire } = await import('node:module');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  let compiler;
  try {
    compiler = createRequire(join(resolve(dir), 'package.json'))('@myriaddreamin/typst-ts-node-compiler');
  } catch {
    console.error(`rag-figures: --typst ${dir}: no @myriaddreamin/typst-ts-node-compiler there; install it with\n  npm install --prefix ${dir} @myriaddreamin/typst-ts-node-compiler@0.7.0`);
    process.exit(2);
  }
  const mupdf = await import('mupdf');
  const work = mkdtempSync(join(tmpdir(), 'rag-typst-'));
  const q = (t) => JSON.stringify(t);
  const fontkit = await import('fontkit');
  const family = fontkit.openSync(theme.fonts.regular).familyName;
  const styled = laidParagraphs.filter((p) => p.runs.some((r) => r.style !== 'regular')).length;
  // Paragraphs 40 pt apart, lines about 15 pt: a gap over 25 pt starts the next paragraph.
  let src = `#set page(width: ${widthMm}mm, height: auto, margin: (x: 0mm, y: 5mm))\n#set text(font: ${q(family)}, size: ${body.size}pt, hyphenate: true)\n#set par(justify: ${justify}, linebreaks: "optimized", leading: 4pt, spacing: 40pt)\n`;
  const look = { regular: '', bold: ', weight: "bold"', italic: ', style: "italic"', boldItalic: ', weight: "bold", style: "italic"' };
  for (const p of laidParagraphs) src += p.runs.map((r) => `#text(lang: ${q((r.lang ?? p.lang).split('-')[0])}${look[r.style]}, ${q(r.text)})`).join('') + '\n\n';
  writeFileSync(join(work, 'paragraphs.typ'), src);
  const c = compiler.NodeCompiler.create({ workspace: work, fontArgs: [{ fontPaths: [dirname(theme.fonts.regular)] }] });
  const pdf = c.pdf({ mainFilePath: join(work, 'paragraphs.typ') });
  rmSync(work, { recursive: true, force: true });
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const lines = [];
  for (let n = 0; n < doc.countPages(); n++) {
    const j = JSON.parse(doc.loadPage(n).toStructuredText('preserve-whitespace').asJSON());
    for (const b of j.blocks) for (const l of b.lines ?? []) lines.push({ y: n * 1e6 + l.bbox.y, text: l.text });
  }
  lines.sort((a, b) => a.y - b.y);
  const paras = [];
  for (let i = 0; i < lines.length; i++) {
    if (i === 0 || lines[i].y - lines[i - 1].y > 25) paras.push([]);
    paras.at(-1).push(lines[i].text.replace(/\s+$/, ''));
  }
  if (paras.length !== laidParagraphs.length) {
    console.error(`rag-figures: Typst's PDF reads back as ${paras.length} paragraphs, not ${laidParagraphs.length}`);
    process.exit(1);
  }
  let n = 0, sq = 0, hy = 0, row = 0, inRowT = 0;
  const sh = [];
  const places = { seam: 0, inside: 0, poor: 0, 'not offered': 0 };
  const notOurs = [];
  paras.forEach((p, pi) => {
    row = 0;
    p.forEach((t, i) => {
      const soft = t.endsWith('\u00ad');
      const own = !soft && /-$/.test(t) && i < p.length - 1;
      row = soft || own ? row + 1 : 0;
      inRowT = Math.max(inRowT, row);
      if (i < p.length - 1) {
        const s = Math.max(0, width - measurer.width(soft ? `${t.slice(0, -1)}-` : t, 'regular', body.size));
        sq += s * s;
        n++;
        sh.push(s);
      }
      if (!soft) return;
      hy++;
      // The broken word, without punctuation around it; after a word's own hyphen, its last part.
      const head = t.slice(0, -1).split(' ').pop().replace(/^[^\p{L}]+/u, '');
      const tail = p[i + 1].split(' ')[0];
      const dash = head.search(/[^-\u2010\u2013]*$/);
      const word = (head + tail).slice(dash).replace(/[^\p{L}]+$/u, '');
      const at = head.length - dash;
      const lang = laidParagraphs[pi].runs.find((r) => r.text.includes(word))?.lang ?? laidParagraphs[pi].lang;
      const point = hyphenator?.(word, lang).find((b) => b.at === at);
      const place = point ? (point.place ?? 'inside') : 'not offered';
      places[place]++;
      if (place === 'poor' || place === 'not offered') notOurs.push(`${word.slice(0, at)}-|${word.slice(at)}`);
    });
  });
  console.log(`\nTypst, optimized ${justify ? 'justified' : 'ragged'} setting of the same paragraphs, its lines measured with our measurer${styled ? ` (as regular text: ${styled} paragraphs have bold or italic words)` : ''}:`);
  console.log(`lines: ${paras.reduce((s, p) => s + p.length, 0)}`);
  console.log(`raggedness (pt²): ${(sq / n).toFixed(1)}`);
  console.log(`median shortfall (pt): ${median(sh).toFixed(1)}`);
  console.log(`hyphenated lines: ${hy} (by our weights: at a seam ${places.seam}, inside a part ${places.inside}, poor ${places.poor}, not a point we offer ${places['not offered']})`);
  console.log(`most in a row: ${inRowT}`);
  if (values.words) for (const w of notOurs) console.log(`  ${w}`);
}
