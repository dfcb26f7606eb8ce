// Display list → PDF bytes with pdfkit. Paints what layout decided; never measures or breaks.
import PDFDocument from 'pdfkit';
import type { Document, ImageOp, LinkOp, Op, Page, RectOp, TextOp } from '../display/types.js';
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
  };

  const outlineItems = new Map<string, PDFKit.PDFOutline>();
  for (const page of doc.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
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
