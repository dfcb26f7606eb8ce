// Display list → PDF bytes with pdfkit. Paints what layout decided; never measures or breaks.
import PDFDocument from 'pdfkit';
import type { Document, ImageOp, LineOp, LinkOp, Op, Page, QrOp, RectOp, TextOp } from '../display/types.js';
import type { PictureData, Style } from '../model/types.js';
import type { Fonts, Shaped } from '../text/measure.js';

type Pdf = PDFKit.PDFDocument;

export interface RenderResources {
  readonly fonts: Fonts;
  /** The shaper layout measured with, so that pdfkit draws exactly the measured glyphs. */
  readonly shape?: (text: string, style: Style) => Shaped;
  readonly pictures: ReadonlyMap<string, PictureData>;
}

export function renderPdf(doc: Document, res: RenderResources): Promise<Buffer> {
  const date = new Date(`${doc.info.date}T12:00:00Z`);
  const pdf = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    pdfVersion: '1.7',
    lang: doc.info.language,
    displayTitle: true,
    info: {
      Title: doc.info.title,
      Author: doc.info.author,
      Subject: doc.info.subject,
      Keywords: doc.info.keywords,
      CreationDate: date,
      ModDate: date,
      Creator: 'nyhetsbrev',
      Producer: 'nyhetsbrev (pdfkit)',
    },
  });
  if (doc.printing) setPrintPreferences(pdf, doc.printing.duplex);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  // pdfkit takes opened fontkit fonts: the tables layout already parsed are not parsed again.
  for (const [style, { font }] of Object.entries(res.fonts)) pdf.registerFont(style, font as unknown as string);

  const images = new Map<string, unknown>();
  const image = (key: string) => {
    let img = images.get(key);
    if (!img) {
      const data = res.pictures.get(key);
      if (!data) throw new Error(`picture not loaded: ${key}`);
      img = (pdf as unknown as { openImage(src: Buffer): unknown }).openImage(data.data);
      images.set(key, img);
    }
    return img;
  };

  const painters: { [K in Op['kind']]: (op: Extract<Op, { kind: K }>) => void } = {
    text: (op: TextOp) => {
      pdf.font(op.style).fontSize(op.size).fillColor(op.colour);
      if (res.shape) fillShapeCache(pdf, op.text, (t) => res.shape!(t, op.style));
      pdf.text(op.text, op.x, op.y, { lineBreak: false, baseline: 'alphabetic' });
    },
    rect: (op: RectOp) => {
      pdf.rect(op.x, op.y, op.width, op.height).fill(op.fill);
    },
    image: (op: ImageOp) => {
      pdf.image(image(op.picture) as Buffer, op.x, op.y, { width: op.width, height: op.height });
    },
    link: (op: LinkOp) => {
      if ('url' in op.target) pdf.link(op.x, op.y, op.width, op.height, op.target.url);
      else pdf.goTo(op.x, op.y, op.width, op.height, pageDestination(op.target.page));
    },
    qr: (op: QrOp) => paintQr(pdf, op),
    line: (op: LineOp) => {
      pdf.save();
      pdf.moveTo(op.x, op.y).lineTo(op.x + op.dx, op.y + op.dy).lineWidth(op.thickness).lineCap('butt').stroke(op.colour);
      pdf.restore();
    },
  };

  const outlineItems = new Map<string, PDFKit.PDFOutline>();
  for (const page of doc.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    if (page.print?.pdfBoxes) setPrintBoxes(pdf, page, page.print.pdfBoxes);
    pdf.addNamedDestination(pageDestination(page.number), 'XYZ', 0, page.height, null);
    addOutline(pdf, doc, page, outlineItems);
    for (const op of page.ops) (painters[op.kind] as (o: Op) => void)(op);
  }
  pdf.end();
  return done;
}

type ShapeCache = Record<string, unknown>;

/**
 * pdfkit shapes text in chunks of a word and its following space, and caches them per font.
 * Filling that cache from our shaper, chunk by chunk just before a text is drawn, means pdfkit
 * draws exactly the glyphs layout measured and never runs fontkit's slower shaper. It relies
 * on pdfkit internals (`_font.layoutCache`, `_font.scale`): where they are not as expected it
 * does nothing, and pdfkit shapes the text itself with the same font.
 */
function shapeCache(pdf: Pdf): { cache: ShapeCache; scale: number } | undefined {
  const font = (pdf as unknown as { _font?: { layoutCache?: ShapeCache; scale?: number } })._font;
  return font?.layoutCache && typeof font.scale === 'number' ? { cache: font.layoutCache, scale: font.scale } : undefined;
}

function fillShapeCache(pdf: Pdf, text: string, shape: (text: string) => Shaped): void {
  const target = shapeCache(pdf);
  if (!target) return;
  const { cache, scale } = target;
  for (const chunk of text.match(/[^ \t]*[ \t]|[^ \t]+$/g) ?? []) {
    if (cache[chunk]) continue;
    const run = shape(chunk);
    const positions = run.positions.map((p, i) => ({
      xAdvance: p.xAdvance * scale, yAdvance: p.yAdvance * scale, xOffset: p.xOffset * scale, yOffset: p.yOffset * scale,
      advanceWidth: run.glyphs[i]!.advanceWidth * scale,
    }));
    cache[chunk] = { glyphs: run.glyphs, positions, advanceWidth: positions.reduce((s, p) => s + p.xAdvance, 0) };
  }
}

/**
 * Dark modules as one path of module-sized rectangles (a row's neighbouring dark modules make
 * one rectangle), filled once: no seams between modules, no picture. Drawn in module units so
 * that the path's numbers are whole.
 */
function paintQr(pdf: Pdf, op: QrOp): void {
  pdf.rect(op.x, op.y, op.width, op.height).fill(op.light);
  pdf.save();
  pdf.transform(op.module, 0, 0, op.module, op.x + op.quiet * op.module, op.y + op.quiet * op.module);
  let any = false;
  op.modules.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c + 1;
      while (end < row.length && row[end]) end++;
      pdf.rect(c, r, end - c, 1);
      any = true;
      c = end;
    }
  });
  if (any) pdf.fill(op.dark, 'nonzero');
  pdf.restore();
}

/** Print at 100 % (a card must stay 85 mm wide), duplex flipped so backs stand behind fronts. */
function setPrintPreferences(pdf: Pdf, duplex: NonNullable<Document['printing']>['duplex']): void {
  const root = (pdf as unknown as { _root: { data: { ViewerPreferences?: { data: Record<string, unknown> } } } })._root.data;
  const prefs = root.ViewerPreferences?.data;
  if (!prefs) return;
  prefs.PrintScaling = 'None';
  if (duplex) prefs.Duplex = duplex === 'flip-long-edge' ? 'DuplexFlipLongEdge' : 'DuplexFlipShortEdge';
}

/** TrimBox and BleedBox of a page that is one print piece, in PDF's bottom-up coordinates. */
function setPrintBoxes(pdf: Pdf, page: Page, boxes: NonNullable<NonNullable<Page['print']>['pdfBoxes']>): void {
  const data = (pdf.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
  const pdfBox = (b: { x: number; y: number; width: number; height: number }) => [b.x, page.height - b.y - b.height, b.x + b.width, page.height - b.y];
  data.TrimBox = pdfBox(boxes.trim);
  data.BleedBox = pdfBox(boxes.bleed);
}

export function pageDestination(page: number): string {
  return `page-${page}`;
}

/** Outline entries point at the page being painted, so each is added on its own page. */
function addOutline(pdf: Pdf, doc: Document, page: Page, items: Map<string, PDFKit.PDFOutline>): void {
  doc.outline.forEach((section, s) => {
    if (section.page === page.number) items.set(`s${s}`, pdf.outline.addItem(section.title));
    section.children.forEach((child) => {
      if (child.page !== page.number) return;
      const parent = items.get(`s${s}`);
      if (parent) parent.addItem(child.title);
    });
  });
}
