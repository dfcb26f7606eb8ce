// Our own check of the machine-checkable part of PDF/UA-1 (ISO 14289-1), for want of an
// offline validator: the PDF's objects are read with MuPDF's object API, its content streams
// and marked content with pdf.js — two independent parsers, no regular expressions over PDF
// syntax.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as fontkit from 'fontkit';
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

export interface UaOptions {
  /**
   * Pieces of each page (0-based page index → boxes, top-left origin, in points) that must not
   * share an element: the cards placed on a sheet. An element whose own text lies in two
   * pieces merges two cards.
   */
  readonly regions?: (page: number) => readonly { x: number; y: number; width: number; height: number }[];
}

/**
 * The Matterhorn Protocol 1.1 checkpoints this check tests (the README lists them): 01
 * (everything painted tagged or an artifact; MarkInfo), 02 (standard structure types or
 * role-mapped), 06-001 to 06-003 (XMP, pdfuaid:part, dc:title), 07-001 (DisplayDocTitle), 11
 * (the catalog's /Lang), 13-004 (Figure without Alt), 14-002/14-003 (first heading H1, no
 * level skipped), 28-008/28-009 (/Tabs /S), 28-011/28-012 (link annotations in a Link element
 * holding them, with Contents), 31 (fonts embedded, a CIDSet complete where present). And the
 * issue's own rules: no Art inside an Art, one H1 per Sect, Link elements hold their words,
 * descriptions unique per target (WCAG 2.4.4), no element across two cards, BBox on Figures.
 */
export async function checkPdfUa(bytes: Uint8Array, options: UaOptions = {}): Promise<UaReport> {
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
  const roleMap = treeRoot.isNull() ? undefined : at(treeRoot, 'RoleMap');
  const roleMapped = (type: string) => roleMap?.get(type).isName() === true;
  const pageHeights = new Map<number, number>();
  for (let i = 0; i < counts.pages; i++) pageHeights.set(i, (doc.findPage(i).getInheritable('MediaBox').asJS() as number[])[3]!);
  /** The region (index) of a page that a point given in PDF coordinates lies in. */
  const regionOf = (page: number, p: { x: number; y: number }): number | undefined => {
    const boxes = options.regions?.(page);
    if (!boxes) return undefined;
    const y = pageHeights.get(page)! - p.y;
    const i = boxes.findIndex((b) => p.x >= b.x - 0.5 && p.x <= b.x + b.width + 0.5 && y >= b.y - 0.5 && y <= b.y + b.height + 0.5);
    return i < 0 ? undefined : i;
  };
  let root: StructElem | undefined;
  const objrs = new Map<number, number>(); // annotation object → Link element object
  const emptyLinks = new Map<number, string>(); // Link elements without content of their own → path
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
      const pieces_in = new Set<string>();
      const own = (onPage: number | undefined, mcid: number) => {
        const piece = marked.text.get(`${onPage}:${mcid}`) ?? EMPTY;
        texts.push(piece);
        const region = piece.start && onPage !== undefined ? regionOf(onPage, piece.start) : undefined;
        if (region !== undefined) pieces_in.add(`${onPage}:${region}`);
      };
      const kid = (k: PDFObject): void => {
        if (k.isInteger()) mcids++;
        else if (k.isDictionary() && k.get('Type').isName() && k.get('Type').asName() === 'MCR') mcids++;
        if (k.isInteger()) {
          own(page, k.asNumber());
          return;
        }
        if (!k.isDictionary()) return;
        const kType = k.get('Type');
        if (kType.isName() && kType.asName() === 'MCR') {
          const mcrPage = k.get('Pg').isNull() ? page : pageNumber.get(k.get('Pg').asIndirect());
          own(mcrPage, k.get('MCID').asNumber());
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
      if (!STANDARD_TYPES.has(type) && !roleMapped(type)) failures.push(`${path}: "${type}" is not a standard structure type and has no role map entry`);
      if (pieces_in.size > 1) failures.push(`${path}: "${text.slice(0, 40)}" has content in ${pieces_in.size} separate pieces of the page (cards): one element per piece`);
      if (type === 'Link' && text === '' && !children.some((c) => c.type === 'Figure')) emptyLinks.set(el.asIndirect(), path);
      const h = /^H([1-6])$/.exec(type);
      if (h) headings.push({ level: Number(h[1]), text });
      if (type === 'Figure') {
        counts.figures++;
        const hasAlt = (alt.isString() && alt.asString().trim() !== '') || el.get('ActualText').isString();
        if (!hasAlt) failures.push(`${path}: Figure without alternative text (Alt)`);
        // ISO 32000-1 Table 344: BBox is required of a Figure that stands on one page.
        const attrs = el.get('A');
        const list = attrs.isArray() ? Array.from({ length: attrs.length }, (_, i) => attrs.get(i)) : [attrs];
        const bbox = list.some((d) => d.isDictionary() && d.get('O').isName() && d.get('O').asName() === 'Layout' && d.get('BBox').isArray());
        if (!bbox) failures.push(`${path}: Figure "${alt.isString() ? alt.asString().slice(0, 40) : ''}" without a BBox (Layout attribute)`);
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
    // One H1 for each section (its name), at most one outside them (the document's).
    const h1s = (el: StructElem): number => el.children.reduce((n, c) => n + (c.type === 'H1' ? 1 : c.type === 'Sect' ? 0 : h1s(c)), 0);
    for (const el of walk(root)) {
      if (el.type === 'Sect' && h1s(el) !== 1) failures.push(`section "${el.text.slice(0, 40)}" has ${h1s(el)} H1 headings: expected one`);
    }
    if (h1s(root) > 1) failures.push(`${h1s(root)} H1 headings stand outside any section: expected at most one`);
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
  const targetsOf = new Map<string, Set<string>>(); // description → where its links lead
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
      else {
        const set = targetsOf.get(contents.asString()) ?? new Set<string>();
        set.add(linkTarget(annot));
        targetsOf.set(contents.asString(), set);
      }
      const sp = annot.get('StructParent');
      if (!sp.isInteger()) {
        failures.push(`${where}: no /StructParent`);
        continue;
      }
      const parent = parentTree ? numberTreeGet(parentTree, sp.asNumber()) : undefined;
      if (!parent || parent.get('S').asName() !== 'Link') failures.push(`${where}: its /StructParent is not a Link element`);
      else if (objrs.get(annot.asIndirect()) !== parent.asIndirect()) failures.push(`${where}: its Link element does not hold it (OBJR)`);
      // A Link element with nothing of its own is right only where its area holds no tagged
      // words (a link on a decorative picture); otherwise the words it covers stand outside it.
      const empty = emptyLinks.get(parent?.asIndirect() ?? -1);
      if (empty) {
        const [x1, y1, x2, y2] = annot.get('Rect').asJS() as number[];
        for (const [key, piece] of marked.text) {
          if (!key.startsWith(`${i}:`) || !piece.start || piece.text.trim() === '') continue;
          const { x, y } = piece.start;
          if (x >= x1! - 0.5 && x <= x2! + 0.5 && y >= y1! - 0.5 && y <= y2! + 0.5) {
            failures.push(`${empty}: Link element holds no words, but its area covers "${piece.text.trim().slice(0, 30)}" tagged elsewhere`);
            break;
          }
        }
      }
    }
    fontsEmbedded(page, `page ${i + 1}`, failures);
  }
  for (const [d, set] of targetsOf) if (set.size > 1) failures.push(`${set.size} links to different places share the description "${d}"`);
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
    const program = ['FontFile', 'FontFile2', 'FontFile3'].map((k) => at(f, 'FontDescriptor', k)).find((v) => v !== undefined);
    if (!program) failures.push(`${where}: font ${String(name)} (${font.get('BaseFont').asName()}) is not embedded`);
    const cidSet = at(f, 'FontDescriptor', 'CIDSet');
    if (program && cidSet) {
      const missing = cidSetMissing(program.readStream().asUint8Array(), cidSet.readStream().asUint8Array());
      if (missing.length > 0) failures.push(`${where}: font ${font.get('BaseFont').asName()}: its CIDSet lacks glyphs ${missing.slice(0, 5).join(', ')} of its font program (PDF/A-2 6.2.11.4.2)`);
    }
  });
}

/** Glyph ids of the font program missing from the CIDSet bitmap (CID = GID: Identity). */
function cidSetMissing(program: Uint8Array, bits: Uint8Array): number[] {
  const font = fontkit.create(Buffer.from(program)) as fontkit.Font;
  const missing: number[] = [];
  for (let gid = 0; gid < font.numGlyphs; gid++) if (!(bits[gid >> 3]! & (0x80 >> (gid & 7)))) missing.push(gid);
  return missing;
}

/** Where a link annotation leads: its URI or its destination. */
function linkTarget(annot: PDFObject): string {
  const a = annot.get('A');
  if (a.isDictionary() && a.get('URI').isString()) return `uri:${a.get('URI').asString()}`;
  const dest = annot.get('Dest').isNull() && a.isDictionary() ? a.get('D') : annot.get('Dest');
  return `dest:${dest.isString() ? dest.asString() : dest.isName() ? dest.asName() : dest.toString()}`;
}

/** The standard structure types of ISO 32000-1, 14.8.4. */
const STANDARD_TYPES = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
]);

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

export type Standard = 'PDF/A-2a' | 'PDF/X-4';

/**
 * Our check of the machine-checkable parts of PDF/A-2a (ISO 19005-2) or PDF/X-4 (ISO 15930-7)
 * that go beyond PDF/UA (run checkPdfUa as well: level a is the tagging). Read with MuPDF's
 * object API and its drawing device (what is painted, in which colour space).
 *
 * PDF/A-2a: header and binary comment; file ID, no encryption; XMP pdfaid part 2 conformance A,
 * the PDF/A extension schema for pdfuaid, Info and XMP agreeing (title, author, subject,
 * keywords, producer, creator tool, dates); one GTS_PDFA1 OutputIntent with an embedded RGB
 * profile and nothing painted in DeviceCMYK; annotations printable and visible; no
 * JavaScript, Launch or embedded files; no transfer functions, only standard blend modes, no
 * interpolated pictures.
 * PDF/X-4: header 1.6 or lower; Info Title, Trapped True or False (a name), GTS_PDFXVersion;
 * XMP pdfxid:GTS_PDFXVersion "PDF/X-4", pdf:Trapped, xmpMM DocumentID, VersionID and
 * RenditionClass; one GTS_PDFX OutputIntent with an embedded CMYK output profile; a TrimBox
 * (and no ArtBox beside it) inside the BleedBox inside the MediaBox on every page; nothing
 * painted in DeviceRGB (pictures ICC-based); no annotation printed inside the BleedBox; no
 * transfer functions.
 */
export async function checkStandard(bytes: Uint8Array, standard: Standard): Promise<string[]> {
  const failures: string[] = [];
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
  const trailer = doc.getTrailer();
  const catalog = trailer.get('Root');
  const head = Buffer.from(bytes.subarray(0, 32)).toString('latin1');
  const version = /^%PDF-1\.(\d)/.exec(head);
  const pdfa = standard === 'PDF/A-2a';
  if (!version) failures.push('the file does not start with a %PDF-1.n header');
  else if (pdfa && Number(version[1]) > 7) failures.push(`header %PDF-1.${version[1]}: PDF/A-2 takes 1.0 to 1.7`);
  else if (!pdfa && Number(version[1]) > 6) failures.push(`header %PDF-1.${version[1]}: PDF/X-4 takes PDF 1.6 or lower`);
  const second = head.split(/\r?\n|\r/)[1] ?? '';
  if (!/^%[\x80-\xff]{4}/.test(second)) failures.push('no comment of four bytes above 127 after the header (binary file marker)');
  if (!trailer.get('Encrypt').isNull()) failures.push('the file is encrypted');
  if (!trailer.get('ID').isArray()) failures.push('the trailer has no file identifier (ID)');

  // XMP and Info.
  const metadata = catalog.get('Metadata');
  const xmp = metadata.isStream() ? metadata.readStream().asString() : '';
  const info = trailer.get('Info');
  const infoString = (k: string) => (info.isDictionary() && info.get(k).isString() ? info.get(k).asString() : undefined);
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xmp)?.[1];
  const unxml = (s: string | undefined) => s?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  if (!xmp) failures.push('no XMP metadata stream');
  if (tag('pdfuaid:part') !== '1') failures.push('XMP lacks pdfuaid:part 1');
  if (pdfa) {
    if (tag('pdfaid:part') !== '2') failures.push('XMP lacks pdfaid:part 2');
    if (tag('pdfaid:conformance') !== 'A') failures.push('XMP lacks pdfaid:conformance A');
    if (!/<pdfaSchema:namespaceURI>http:\/\/www\.aiim\.org\/pdfua\/ns\/id\/<\/pdfaSchema:namespaceURI>/.test(xmp)) failures.push('XMP uses pdfuaid without describing it in a PDF/A extension schema');
    if (metadata.isStream() && !metadata.get('Filter').isNull()) failures.push('the XMP stream is compressed');
    const alt = (name: string) => unxml(new RegExp(`<${name}>\\s*<rdf:(?:Alt|Seq)>\\s*<rdf:li[^>]*>([^<]*)</rdf:li>`).exec(xmp)?.[1]);
    const pairs: [string, string | undefined][] = [
      ['Title', alt('dc:title')], ['Author', alt('dc:creator')], ['Subject', alt('dc:description')],
      ['Keywords', unxml(tag('pdf:Keywords'))], ['Producer', unxml(tag('pdf:Producer'))], ['Creator', unxml(tag('xmp:CreatorTool'))],
    ];
    for (const [k, v] of pairs) {
      const i = infoString(k);
      if (i !== undefined && i !== v) failures.push(`Info /${k} "${i}" differs from its XMP counterpart "${v ?? '(none)'}"`);
    }
    for (const [k, x] of [['CreationDate', 'xmp:CreateDate'], ['ModDate', 'xmp:ModifyDate']] as const) {
      const i = infoString(k);
      if (i !== undefined && pdfDate(i) !== xmpDate(tag(x))) failures.push(`Info /${k} ${i} differs from XMP ${x} ${tag(x) ?? '(none)'}`);
    }
  } else {
    if (tag('pdfxid:GTS_PDFXVersion') !== 'PDF/X-4') failures.push('XMP lacks pdfxid:GTS_PDFXVersion PDF/X-4');
    for (const t of ['xmpMM:DocumentID', 'xmpMM:VersionID', 'xmpMM:RenditionClass', 'xmp:CreateDate', 'xmp:ModifyDate']) if (!tag(t)) failures.push(`XMP lacks ${t}`);
    const trapped = info.isDictionary() ? info.get('Trapped') : undefined;
    if (!trapped?.isName() || !['True', 'False'].includes(trapped.asName())) failures.push('Info /Trapped is not the name /True or /False');
    else if (tag('pdf:Trapped') !== trapped.asName()) failures.push(`XMP pdf:Trapped ${tag('pdf:Trapped') ?? '(none)'} differs from Info /Trapped ${trapped.asName()}`);
    if (!infoString('Title')) failures.push('Info has no /Title');
    const v = infoString('GTS_PDFXVersion');
    if (v !== undefined && !v.startsWith('PDF/X-4')) failures.push(`Info /GTS_PDFXVersion is "${v}"`);
  }

  // The OutputIntent.
  const intents = catalog.get('OutputIntents');
  const wanted = pdfa ? 'GTS_PDFA1' : 'GTS_PDFX';
  const mine: PDFObject[] = [];
  for (let i = 0; intents.isArray() && i < intents.length; i++) if (intents.get(i).get('S').asName() === wanted) mine.push(intents.get(i));
  if (mine.length !== 1) failures.push(`${mine.length} OutputIntents of /S /${wanted}: expected one`);
  const intent = mine[0];
  if (intent) {
    if (!intent.get('OutputConditionIdentifier').isString()) failures.push('the OutputIntent has no OutputConditionIdentifier');
    const profile = intent.get('DestOutputProfile');
    if (!profile.isStream()) failures.push('the OutputIntent embeds no ICC profile (DestOutputProfile)');
    else {
      const icc = Buffer.from(profile.readStream().asUint8Array());
      const space = icc.toString('latin1', 16, 20);
      const cls = icc.toString('latin1', 12, 16);
      if (icc.toString('latin1', 36, 40) !== 'acsp') failures.push('the OutputIntent\'s profile is not an ICC profile');
      if (pdfa && space !== 'RGB ') failures.push(`the OutputIntent's profile is ${space.trim()}: expected RGB (sRGB)`);
      if (!pdfa && (space !== 'CMYK' || cls !== 'prtr')) failures.push(`the OutputIntent's profile is a ${cls} ${space.trim()} profile: expected a CMYK output profile`);
      if (profile.get('N').asNumber() !== (pdfa ? 3 : 4)) failures.push(`the OutputIntent's profile has /N ${profile.get('N').asNumber()}`);
    }
  }

  // The catalog: nothing that runs or hides content.
  for (const k of ['AA', 'Names/JavaScript', 'Names/EmbeddedFiles']) {
    if (at(catalog, ...k.split('/'))) failures.push(`the catalog has ${k}`);
  }

  // Pages: boxes, annotations, graphics states, and what is painted in which colour space.
  const painted = new Map<string, number>();
  const note = (what: string, cs: { getName(): string } | null | undefined) => {
    const key = `${what}:${cs ? cs.getName() : 'none'}`;
    painted.set(key, (painted.get(key) ?? 0) + 1);
  };
  const device = new mupdf.Device({
    fillPath: (_p, _e, _m, cs) => note('fill', cs),
    strokePath: (_p, _s, _m, cs) => note('stroke', cs),
    fillText: (_t, _m, cs) => note('text', cs),
    strokeText: (_t, _s, _m, cs) => note('text', cs),
    fillShade: () => note('shading', null),
    fillImage: (img) => note('picture', img.getColorSpace()),
    fillImageMask: (_i, _m, cs) => note('mask', cs),
  });
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.findPage(i);
    const where = `page ${i + 1}`;
    if (!pdfa) {
      const box = (k: string) => (page.get(k).isArray() ? (page.get(k).asJS() as number[]) : undefined);
      const media = page.getInheritable('MediaBox').asJS() as number[];
      const trim = box('TrimBox');
      const bleed = box('BleedBox') ?? trim;
      if (!trim) failures.push(`${where}: no TrimBox`);
      if (box('ArtBox') && trim) failures.push(`${where}: both an ArtBox and a TrimBox`);
      const inside = (a: number[], b: number[]) => a[0]! >= b[0]! - 0.01 && a[1]! >= b[1]! - 0.01 && a[2]! <= b[2]! + 0.01 && a[3]! <= b[3]! + 0.01;
      if (trim && bleed && !inside(trim, bleed)) failures.push(`${where}: the TrimBox is not inside the BleedBox`);
      if (bleed && !inside(bleed, media)) failures.push(`${where}: the BleedBox is not inside the MediaBox`);
      const annots = page.get('Annots');
      for (let a = 0; annots.isArray() && a < annots.length; a++) {
        const an = annots.get(a);
        const sub = an.get('Subtype').asName();
        const f = an.get('F').isInteger() ? an.get('F').asNumber() : 0;
        const r = an.get('Rect').asJS() as number[];
        const within = bleed ? r[2]! > bleed[0]! && r[0]! < bleed[2]! && r[3]! > bleed[1]! && r[1]! < bleed[3]! : true;
        if (within && (f & 4) && !['TrapNet', 'PrinterMark'].includes(sub)) failures.push(`${where}: a ${sub} annotation prints inside the BleedBox`);
      }
    } else {
      const annots = page.get('Annots');
      for (let a = 0; annots.isArray() && a < annots.length; a++) {
        const an = annots.get(a);
        const f = an.get('F').isInteger() ? an.get('F').asNumber() : 0;
        if (!(f & 4) || f & (1 | 2 | 32 | 256)) failures.push(`${where}: annotation ${a + 1} is not printable and visible (F ${f})`);
        const action = an.get('A');
        const s = action.isDictionary() ? action.get('S').asName() : undefined;
        if (s && !['URI', 'GoTo', 'GoToR', 'Named'].includes(s)) failures.push(`${where}: annotation ${a + 1} has a ${s} action`);
      }
    }
    const states = at(page, 'Resources', 'ExtGState');
    states?.forEach((gs) => {
      if (!gs.get('TR').isNull() || (!gs.get('TR2').isNull() && !(gs.get('TR2').isName() && gs.get('TR2').asName() === 'Default'))) failures.push(`${where}: a transfer function (TR/TR2)`);
      const bm = gs.get('BM');
      if (bm.isName() && !BLEND_MODES.has(bm.asName())) failures.push(`${where}: blend mode ${bm.asName()}`);
    });
    const xobjects = at(page, 'Resources', 'XObject');
    xobjects?.forEach((x) => {
      if (x.get('Subtype').isName() && x.get('Subtype').asName() === 'PS') failures.push(`${where}: a PostScript XObject`);
      if (pdfa && x.get('Interpolate').valueOf() === true) failures.push(`${where}: an interpolated picture`);
    });
    doc.loadPage(i).run(device, mupdf.Matrix.identity);
  }
  device.close();
  for (const [key, n] of painted) {
    const space = key.slice(key.indexOf(':') + 1);
    const device = /\bDevice(RGB|CMYK)\b/.exec(space.replace(/ICCBased\([^)]*\)/g, ''))?.[1];
    // A Separation's alternate (crop marks' "All") is how a proof shows it, not a colour of the file.
    const own = space.startsWith('Separation') ? undefined : device;
    if (pdfa && own === 'CMYK') failures.push(`${n} × ${key}: DeviceCMYK in a file whose OutputIntent is RGB`);
    if (!pdfa && own === 'RGB') failures.push(`${n} × ${key}: DeviceRGB in a print file (expected CMYK or ICC-based colour)`);
  }
  return failures;
}

const BLEND_MODES = new Set(['Normal', 'Compatible', 'Multiply', 'Screen', 'Overlay', 'Darken', 'Lighten', 'ColorDodge', 'ColorBurn', 'HardLight', 'SoftLight', 'Difference', 'Exclusion', 'Hue', 'Saturation', 'Color', 'Luminosity']);

/** "D:20260109120000Z" and "2026-01-09T12:00:00Z" as the same instant, in milliseconds. */
function pdfDate(s: string): number | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(s);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  return Date.parse(`${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`);
}

function xmpDate(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Date.parse(s);
}
