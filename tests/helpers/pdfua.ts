// Our own check of the machine-checkable part of PDF/UA-1 (ISO 14289-1), for want of an
// offline validator: the PDF's objects are read with MuPDF's object API, its content streams
// and marked content with pdf.js — two independent parsers, no regular expressions over PDF
// syntax.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFObject } from 'mupdf';

/** A structure element as read from the file, with the text of its own marked content. */
export interface StructElem {
  readonly type: string;
  readonly alt?: string;
  readonly lang?: string;
  /** Text of the element and its descendants, in order. */
  readonly text: string;
  readonly children: readonly StructElem[];
  /** Link annotations (OBJR) the element holds. */
  readonly annotations: number;
  /** Marked-content sequences (MCIDs) the element holds itself. */
  readonly mcids: number;
}

export interface UaReport {
  /** Every failed requirement, with where; empty when the file passes. */
  readonly failures: readonly string[];
  readonly root?: StructElem;
  /** How much was checked, for the record. */
  readonly counts: { pages: number; elements: number; figures: number; links: number; headings: number; markedContent: number; artifacts: number };
}

export async function checkPdfUa(bytes: Uint8Array): Promise<UaReport> {
  const failures: string[] = [];
  const marked = await readMarkedContent(bytes, failures);
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
  const trailer = doc.getTrailer();
  const catalog = trailer.get('Root');
  const counts = { pages: doc.countPages(), elements: 0, figures: 0, links: 0, headings: 0, markedContent: marked.count, artifacts: marked.artifacts };

  // Catalog and metadata.
  if (at(catalog, 'MarkInfo', 'Marked')?.valueOf() !== true) failures.push('MarkInfo /Marked is not true');
  const lang = catalog.get('Lang');
  if (!lang.isString() || lang.asString().trim() === '') failures.push('the catalog has no /Lang');
  const title = at(trailer, 'Info', 'Title');
  if (!title?.isString() || title.asString().trim() === '') failures.push('the document has no title (Info /Title)');
  if (at(catalog, 'ViewerPreferences', 'DisplayDocTitle')?.valueOf() !== true) failures.push('ViewerPreferences /DisplayDocTitle is not true');
  const metadata = catalog.get('Metadata');
  const xmp = metadata.isStream() ? metadata.readStream().asString() : '';
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) failures.push('XMP metadata lacks the PDF/UA identifier (pdfuaid:part 1)');
  if (!/<dc:title>/.test(xmp)) failures.push('XMP metadata lacks dc:title');

  // Pages: their object numbers, annotations, fonts.
  const pageNumber = new Map<number, number>();
  for (let i = 0; i < counts.pages; i++) pageNumber.set(doc.findPage(i).asIndirect(), i);

  // The structure tree.
  const treeRoot = catalog.get('StructTreeRoot');
  let root: StructElem | undefined;
  const objrs = new Map<number, number>(); // annotation object → Link element object
  if (treeRoot.isNull()) failures.push('the document has no structure tree (StructTreeRoot)');
  else {
    const headings: { level: number; text: string }[] = [];
    const pieces = new WeakMap<StructElem, Piece>();
    const visit = (el: PDFObject, inheritedPage: number | undefined, path: string): StructElem => {
      counts.elements++;
      const type = el.get('S').asName();
      const pg = el.get('Pg');
      const page = pg.isNull() ? inheritedPage : pageNumber.get(pg.asIndirect());
      const children: StructElem[] = [];
      const texts: Piece[] = [];
      let annotations = 0;
      let mcids = 0;
      const kid = (k: PDFObject): void => {
        if (k.isInteger()) mcids++;
        else if (k.isDictionary() && k.get('Type').isName() && k.get('Type').asName() === 'MCR') mcids++;
        if (k.isInteger()) {
          texts.push(marked.text.get(`${page}:${k.asNumber()}`) ?? EMPTY);
          return;
        }
        if (!k.isDictionary()) return;
        const kType = k.get('Type');
        if (kType.isName() && kType.asName() === 'MCR') {
          const mcrPage = k.get('Pg').isNull() ? page : pageNumber.get(k.get('Pg').asIndirect());
          texts.push(marked.text.get(`${mcrPage}:${k.get('MCID').asNumber()}`) ?? EMPTY);
        } else if (kType.isName() && kType.asName() === 'OBJR') {
          annotations++;
          objrs.set(k.get('Obj').asIndirect(), el.asIndirect());
        } else if (!k.get('S').isNull()) {
          if (type === 'Art' && k.get('S').asName() === 'Art') failures.push(`${path}: an Art inside an Art`);
          const child = visit(k, page, `${path}/${k.get('S').asName()}`);
          children.push(child);
          texts.push(pieces.get(child)!);
        }
      };
      const K = el.get('K');
      if (K.isArray()) for (let i = 0; i < K.length; i++) kid(K.get(i));
      else if (!K.isNull()) kid(K);
      const alt = el.get('Alt');
      const lang = el.get('Lang');
      const joined = join(texts);
      const text = joined.text.replace(/\s+/g, ' ').trim();
      const h = /^H([1-6])$/.exec(type);
      if (h) headings.push({ level: Number(h[1]), text });
      if (type === 'Figure') {
        counts.figures++;
        const hasAlt = (alt.isString() && alt.asString().trim() !== '') || el.get('ActualText').isString();
        if (!hasAlt) failures.push(`${path}: Figure without alternative text (Alt)`);
      }
      if (type === 'Link' && annotations === 0) failures.push(`${path}: Link element "${text}" holds no link annotation`);
      const elem: StructElem = {
        type,
        text,
        children,
        annotations,
        mcids,
        ...(alt.isString() ? { alt: alt.asString() } : {}),
        ...(lang.isString() ? { lang: lang.asString() } : {}),
      };
      pieces.set(elem, joined);
      return elem;
    };
    const K = treeRoot.get('K');
    const top = K.isArray() ? K.get(0) : K;
    root = visit(top.resolve(), undefined, top.get('S').asName());
    counts.headings = headings.length;
    // Headings: numbered, the first an H1, and never a level skipped on the way down.
    if (headings.length === 0 && counts.pages > 0) failures.push('the document has no heading (H1)');
    if (headings.length > 0 && headings[0]!.level !== 1) failures.push(`the first heading is H${headings[0]!.level}, expected H1`);
    headings.forEach((h, i) => {
      const prev = headings[i - 1];
      if (prev && h.level > prev.level + 1) failures.push(`heading "${h.text}" is H${h.level} right after H${prev.level} "${prev.text}": a level is skipped`);
    });
  }

  // Annotations: every link in a Link element, with a description; tab order by structure.
  const parentTree = treeRoot.isNull() ? undefined : treeRoot.get('ParentTree');
  for (let i = 0; i < counts.pages; i++) {
    const page = doc.findPage(i);
    const annots = page.get('Annots');
    if (annots.isArray() && annots.length > 0) {
      const tabs = page.get('Tabs');
      if (!tabs.isName() || tabs.asName() !== 'S') failures.push(`page ${i + 1}: has annotations but its /Tabs is not /S`);
    }
    for (let a = 0; annots.isArray() && a < annots.length; a++) {
      const annot = annots.get(a);
      if (annot.get('Subtype').asName() !== 'Link') continue;
      counts.links++;
      const where = `page ${i + 1}, link ${a + 1}`;
      const contents = annot.get('Contents');
      if (!contents.isString() || contents.asString().trim() === '') failures.push(`${where}: no /Contents describing where it leads`);
      const sp = annot.get('StructParent');
      if (!sp.isInteger()) {
        failures.push(`${where}: no /StructParent`);
        continue;
      }
      const parent = parentTree ? numberTreeGet(parentTree, sp.asNumber()) : undefined;
      if (!parent || parent.get('S').asName() !== 'Link') failures.push(`${where}: its /StructParent is not a Link element`);
      else if (objrs.get(annot.asIndirect()) !== parent.asIndirect()) failures.push(`${where}: its Link element does not hold it (OBJR)`);
    }
    fontsEmbedded(page, `page ${i + 1}`, failures);
  }
  failures.push(...marked.failures);
  return { failures, ...(root ? { root } : {}), counts };
}

/** obj/key/key…, or undefined where a key is missing on the way. */
function at(obj: PDFObject, ...keys: string[]): PDFObject | undefined {
  let cur = obj;
  for (const k of keys) {
    if (!cur.isDictionary()) return undefined;
    cur = cur.get(k);
  }
  return cur.isNull() ? undefined : cur;
}

function numberTreeGet(node: PDFObject, key: number): PDFObject | undefined {
  const nums = node.get('Nums');
  if (nums.isArray()) {
    for (let i = 0; i + 1 < nums.length; i += 2) if (nums.get(i).asNumber() === key) return nums.get(i + 1);
  }
  const kids = node.get('Kids');
  for (let i = 0; kids.isArray() && i < kids.length; i++) {
    const kid = kids.get(i);
    const limits = kid.get('Limits');
    if (limits.isArray() && (key < limits.get(0).asNumber() || key > limits.get(1).asNumber())) continue;
    const found = numberTreeGet(kid, key);
    if (found) return found;
  }
  return undefined;
}

/** Every font the page uses carries its font program. */
function fontsEmbedded(page: PDFObject, where: string, failures: string[]): void {
  const fonts = at(page, 'Resources', 'Font');
  if (!fonts?.isDictionary()) return;
  fonts.forEach((font, name) => {
    const descendants = font.get('DescendantFonts');
    const f = descendants.isArray() ? descendants.get(0) : font;
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => at(f, 'FontDescriptor', k)?.isNull() === false);
    if (!embedded) failures.push(`${where}: font ${String(name)} (${font.get('BaseFont').asName()}) is not embedded`);
  });
}

/** Text with where it starts and ends on the page, so that pieces can be joined as they stand. */
interface Piece {
  readonly text: string;
  readonly start?: { page: number; x: number; y: number };
  readonly end?: { page: number; x: number; y: number };
}

const EMPTY: Piece = { text: '' };

/**
 * Joins pieces as a reader's text extraction does: a space where one piece ends apart from
 * where the next begins (pdf.js leaves the space out of a piece that ends marked content).
 */
function join(pieces: readonly Piece[]): Piece {
  let out: Piece = EMPTY;
  for (const p of pieces) {
    if (p.text === '') continue;
    if (out.text === '') {
      out = p;
      continue;
    }
    const a = out.end!;
    const b = p.start!;
    const apart = a.page !== b.page || Math.abs(a.y - b.y) > 0.5 || b.x - a.x > 0.5;
    const space = apart && !/\s$/.test(out.text) && !/^\s/.test(p.text) ? ' ' : '';
    out = { text: out.text + space + p.text, start: out.start!, end: p.end! };
  }
  return out;
}

interface MarkedContent {
  /** Text of each marked-content sequence, by "page index:MCID". */
  readonly text: Map<string, Piece>;
  readonly count: number;
  readonly artifacts: number;
  readonly failures: string[];
}

const PAINTING = new Set<number>([
  OPS.fill, OPS.eoFill, OPS.stroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeStroke, OPS.closeFillStroke,
  OPS.closeEOFillStroke, OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText,
  OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.shadingFill,
]);

/**
 * pdf.js reads the content streams: everything painted stands in marked content that is
 * either tagged (an MCID) or an artifact, and the text of each tagged sequence is collected.
 */
async function readMarkedContent(bytes: Uint8Array, failures: string[]): Promise<MarkedContent> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const text = new Map<string, Piece>();
  const own: string[] = [];
  let count = 0;
  let artifacts = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const stack: (string | null)[] = [];
    for (const it of content.items) {
      if ('type' in it) {
        if (it.type === 'beginMarkedContent' || it.type === 'beginMarkedContentProps') {
          const mcid = it.id ? /_mc(\d+)$/.exec(it.id)?.[1] : undefined;
          stack.push(mcid === undefined ? (it.tag === 'Artifact' ? 'artifact' : null) : `${n - 1}:${mcid}`);
          if (mcid !== undefined) count++;
          else if (it.tag === 'Artifact') artifacts++;
        } else if (it.type === 'endMarkedContent') stack.pop();
        continue;
      }
      const key = [...stack].reverse().find((s) => s !== null);
      if (key === undefined && it.str.trim() !== '') own.push(`page ${n}: text "${it.str}" is neither tagged nor an artifact`);
      // The characters as they are; pdf.js drops the space at a line's end and marks the
      // end instead (that the file holds the space is checked with MuPDF).
      if (key && key !== 'artifact') {
        const [x, y] = [it.transform[4] as number, it.transform[5] as number];
        const piece = { text: `${it.str}${it.hasEOL ? '\n' : ''}`, start: { page: n, x, y }, end: { page: n, x: x + it.width, y } };
        text.set(key, join([text.get(key) ?? EMPTY, piece]));
      }
    }
    // Paths and pictures, from the operator list.
    const ops = await page.getOperatorList();
    let depth = 0;
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) depth++;
      else if (fn === OPS.endMarkedContent) depth--;
      else {
        const painting = PAINTING.has(fn) || (fn === OPS.constructPath && PAINTING.has((ops.argsArray[i] as unknown[])[0] as number));
        if (painting && depth === 0) own.push(`page ${n}: content painted outside marked content (operator ${fn})`);
      }
    });
    page.cleanup();
  }
  await doc.destroy();
  failures.push(...new Set(own));
  return { text, count, artifacts, failures: [] };
}

/** The elements of a tree in reading order. */
export function* walk(el: StructElem): Generator<StructElem> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
