// Reads a built PDF the way a reader's viewer does (pdf.js): text with positions, links.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  readonly str: string;
  readonly x: number;
  /** Baseline, from the top of the page. */
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PdfLink {
  readonly url?: string;
  /** Target page (1-based) of an internal link. */
  readonly page?: number;
  /** Rectangle from the top-left of the page. */
  readonly rect: { x: number; y: number; width: number; height: number };
}

export interface PdfPage {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly items: readonly PdfText[];
  readonly text: string;
  readonly links: readonly PdfLink[];
}

export interface PdfFile {
  readonly pages: readonly PdfPage[];
  readonly info: Record<string, unknown>;
  readonly outline: readonly { title: string; items: readonly { title: string }[] }[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfFile> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  const pageIndexOf = async (dest: unknown): Promise<number | undefined> => {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[]);
    if (!explicit) return undefined;
    return (await doc.getPageIndex(explicit[0] as never)) + 1;
  };
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items: PdfText[] = [];
    for (const it of content.items) {
      if (!('str' in it)) continue;
      items.push({ str: it.str, x: it.transform[4], y: height - it.transform[5], width: it.width, height: it.height });
    }
    const links: PdfLink[] = [];
    for (const a of await page.getAnnotations()) {
      if (a.subtype !== 'Link') continue;
      const [x1, y1, x2, y2] = a.rect as [number, number, number, number];
      const rect = { x: x1, y: height - y2, width: x2 - x1, height: y2 - y1 };
      const target = a.url ? { url: a.url as string } : { page: await pageIndexOf(a.dest) };
      links.push({ ...target, rect } as PdfLink);
    }
    pages.push({ number: n, width, height, items, text: joinItems(items), links });
  }
  const meta = await doc.getMetadata();
  const outline = ((await doc.getOutline()) ?? []).map((o) => ({ title: o.title, items: o.items.map((i) => ({ title: i.title })) }));
  await doc.destroy();
  return { pages, info: meta.info as Record<string, unknown>, outline };
}

/** Joins text items as a reader sees them: touching items on one baseline make one word. */
export function joinItems(items: readonly PdfText[]): string {
  let out = '';
  items.forEach((it, i) => {
    const prev = items[i - 1];
    const touching = prev && Math.abs(prev.y - it.y) < 0.5 && Math.abs(prev.x + prev.width - it.x) < 1;
    out += (i === 0 || touching ? '' : ' ') + it.str;
  });
  return out;
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

/**
 * Where `word` stands in a stream of printed words, from `from` on: whole, or broken at a line's
 * end — at a hyphenation point, where the layout drew a soft hyphen (U+00AD), which pdf.js
 * leaves out of the text ("men" "neskehandel") and other readers keep ("men\u00ad"), or at the
 * word's own hyphen ("Utenriks-" "departementet"). Matching against the word we expect keeps
 * real hyphenated words ("a-krim") as they are. Returns the index and how many printed words
 * it took.
 */
export function findWord(stream: readonly string[], word: string, from: number): { index: number; length: number } {
  for (let k = from; k < stream.length; k++) {
    const w = stream[k]!;
    if (w === word) return { index: k, length: 1 };
    const next = stream[k + 1];
    if (next === undefined) continue;
    const head = w.endsWith('\u00ad') ? w.slice(0, -1) : w;
    if (word.startsWith(head) && head + next === word) return { index: k, length: 2 };
  }
  return { index: -1, length: 0 };
}

/**
 * Joins the parts of a text printed over several lines, taking away a hyphen the layout drew at
 * a line's end when `whole` (the text as written) shows it was not there.
 */
export function joinParts(parts: readonly string[], whole: string): string {
  let out = '';
  for (const p of parts) {
    const last = out.slice(out.lastIndexOf(' ') + 1);
    const first = p.split(' ')[0]!;
    if (out === '' ) out = p;
    else if (last.endsWith('\u00ad')) out = out.slice(0, -1) + p;
    else if (whole.includes(`${last} ${first}`) || !last.endsWith('-')) out += ` ${p}`;
    else if (whole.includes(`${last}${first}`)) out += p;
    else out = out.slice(0, -1) + p;
  }
  return out;
}

/** A link as MuPDF reads it, with the characters that stand under it. */
export interface MuLink {
  readonly page: number;
  readonly url?: string;
  /** 1-based target page of an internal link. */
  readonly target?: number;
  readonly text: string;
}

/** Every link of the file with the text under it, read by MuPDF (an engine independent of pdf.js). */
export async function linksWithText(bytes: Uint8Array): Promise<MuLink[]> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const out: MuLink[] = [];
  for (let n = 0; n < doc.countPages(); n++) {
    const page = doc.loadPage(n);
    const chars: { c: string; cx: number; y: number }[] = [];
    page.toStructuredText('preserve-whitespace').walk({
      onChar(c: string, origin: [number, number], _font: unknown, _size: number, quad: number[]) {
        chars.push({ c, cx: (quad[0]! + quad[2]!) / 2, y: origin[1] });
      },
    });
    for (const link of page.getLinks()) {
      const [x0, y0, x1, y1] = link.getBounds();
      const text = chars.filter((ch) => ch.cx >= x0 && ch.cx <= x1 && ch.y >= y0 && ch.y <= y1).map((ch) => ch.c).join('');
      if (link.isExternal()) out.push({ page: n + 1, url: link.getURI(), text });
      else out.push({ page: n + 1, target: doc.resolveLink(link) + 1, text });
    }
  }
  return out;
}

/** Each page's text as MuPDF reads it, line by line; unlike pdf.js it keeps the soft hyphen (U+00AD) drawn at a broken word's line end. */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  const out: string[] = [];
  for (let n = 0; n < doc.countPages(); n++) out.push(doc.loadPage(n).toStructuredText('preserve-whitespace').asText());
  return out;
}
