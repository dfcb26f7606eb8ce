// Our checks of PDF/UA-1, PDF/A-2a and PDF/X-4 (tests/helpers/pdfua.ts) find what they are for:
// small files made with pdfkit directly, each with one fault.
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { checkPdfUa, checkStandard } from '../helpers/pdfua.js';
import { repo } from '../helpers/project.js';

const font = join(repo, 'fonts', 'NotoSans-Regular.ttf');

/** A tagged one-page file; `body` paints and tags its content. */
async function tagged(body: (pdf: PDFKit.PDFDocument & Record<string, any>) => void, options: Record<string, unknown> = {}): Promise<Buffer> {
  const pdf = new PDFDocument({ pdfVersion: '1.7', tagged: true, lang: 'nb-NO', displayTitle: true, info: { Title: 'Prøve' }, autoFirstPage: false, ...options }) as PDFKit.PDFDocument & Record<string, any>;
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => pdf.on('end', () => r()));
  pdf.addPage({ size: 'A4', margin: 0 });
  (pdf.page.dictionary.data as Record<string, unknown>).Tabs = 'S';
  pdf.registerFont('body', font);
  pdf.font('body').fontSize(12);
  body(pdf);
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

/** A P with `words` at (x, y) under `parent`. */
function para(pdf: any, parent: any, words: string, x: number, y: number): void {
  const p = pdf.struct('P');
  parent.add(p);
  p.add(pdf.markStructureContent('P'));
  pdf.text(words, x, y, { lineBreak: false });
  pdf.endMarkedContent();
  p.end();
}

describe('our PDF/UA check', () => {
  it('finds an incomplete CIDSet: pdfkit\'s PDF/UA leaves out the ring of å, a part of a composite glyph', async () => {
    const bytes = await tagged((pdf) => {
      const doc = pdf.struct('Document');
      pdf.addStructure(doc);
      const h = pdf.struct('H1');
      doc.add(h);
      h.add(pdf.markStructureContent('H1'));
      pdf.text('På åpent hav', 50, 50, { lineBreak: false });
      pdf.endMarkedContent();
      h.end();
      doc.end();
    }, { subset: 'PDF/UA' });
    const { failures } = await checkPdfUa(bytes);
    expect(failures.some((f) => /CIDSet lacks glyphs/.test(f))).toBe(true);
  });

  it('finds a Link element that leaves the words under it outside, two links to different places read the same, two H1 in a section, an Art in an Art', async () => {
    const bytes = await tagged((pdf) => {
      const doc = pdf.struct('Document');
      pdf.addStructure(doc);
      const sect = pdf.struct('Sect');
      doc.add(sect);
      for (const t of ['Én', 'To']) {
        const h = pdf.struct('H1');
        sect.add(h);
        h.add(pdf.markStructureContent('H1'));
        pdf.text(t, 50, t === 'Én' ? 40 : 60, { lineBreak: false });
        pdf.endMarkedContent();
        h.end();
      }
      const art = pdf.struct('Art');
      sect.add(art);
      const inner = pdf.struct('Art');
      art.add(inner);
      para(pdf, inner, 'Les rapporten her', 50, 100);
      // The Link holds only its annotation; the words sit in the P above.
      for (const [y, url] of [[100, 'https://a.example/rapport.pdf'], [140, 'https://b.example/rapport.pdf']] as const) {
        const link = pdf.struct('Link');
        art.add(link);
        if (y === 140) para(pdf, art, 'og her', 50, 140);
        pdf.link(50, y, 100, 14, url, { structParent: link, Contents: new String('her – rapport') });
        link.end();
      }
      inner.end();
      art.end();
      sect.end();
      doc.end();
    });
    const found = (await checkPdfUa(bytes)).failures.join('\n');
    expect(found).toMatch(/Link element holds no words, but its area covers "Les rapporten her"/);
    expect(found).toMatch(/2 links to different places share the description "her – rapport"/);
    expect(found).toMatch(/has 2 H1 headings: expected one/);
    expect(found).toMatch(/an Art inside an Art/);
  });

  it('finds one element whose words stand on two cards, and a Figure without a BBox', async () => {
    const bytes = await tagged((pdf) => {
      const doc = pdf.struct('Document');
      pdf.addStructure(doc);
      const h = pdf.struct('H1');
      doc.add(h);
      for (const y of [50, 500]) {
        h.add(pdf.markStructureContent('H1'));
        pdf.text('Veileder', 50, y, { lineBreak: false });
        pdf.endMarkedContent();
      }
      h.end();
      const fig = pdf.struct('Figure', { alt: 'QR-kode' });
      doc.add(fig);
      fig.add(pdf.markStructureContent('Figure'));
      pdf.rect(300, 300, 50, 50).fill('#000000');
      pdf.endMarkedContent();
      fig.end();
      doc.end();
    });
    const cards = [{ x: 0, y: 0, width: 595, height: 400 }, { x: 0, y: 400, width: 595, height: 442 }];
    const found = (await checkPdfUa(bytes, { regions: () => cards })).failures.join('\n');
    expect(found).toMatch(/"Veileder Veileder" has content in 2 separate pieces/);
    expect(found).toMatch(/Figure "QR-kode" without a BBox/);
    // Without the cards' pieces the same file has no such failure.
    expect((await checkPdfUa(bytes)).failures.join('\n')).not.toMatch(/separate pieces/);
  });
});

describe('our PDF/A-2a and PDF/X-4 checks', () => {
  it('find what a plain pdfkit file lacks for the archive', async () => {
    const bytes = await tagged((pdf) => void pdf.text('Hei', 50, 50).fillColor([0, 0, 0, 100]).text('svart', 50, 80));
    const found = (await checkStandard(bytes, 'PDF/A-2a')).join('\n');
    for (const f of ['pdfuaid:part 1', 'pdfaid:part 2', 'pdfaid:conformance A', 'extension schema', '0 OutputIntents of /S /GTS_PDFA1', 'DeviceCMYK in a file whose OutputIntent is RGB']) expect(found).toContain(f);
  });

  it('find what a plain pdfkit file lacks for the press', async () => {
    const bytes = await tagged((pdf) => {
      pdf.fillColor('#333333').text('Hei', 50, 50);
      pdf.link(50, 50, 40, 12, 'https://example.org/');
    });
    const found = (await checkStandard(bytes, 'PDF/X-4')).join('\n');
    for (const f of [
      'header %PDF-1.7', 'pdfxid:GTS_PDFXVersion', 'xmpMM:DocumentID', 'Info /Trapped', '0 OutputIntents of /S /GTS_PDFX', 'page 1: no TrimBox',
      'a Link annotation prints inside the BleedBox', 'DeviceRGB in a print file',
    ]) expect(found).toContain(f);
  });

  it('take pdfkit\'s own PDF/A-2 for the archive\'s colour (its sRGB OutputIntent)', async () => {
    const bytes = await tagged((pdf) => void pdf.text('Hei', 50, 50), { subset: 'PDF/A-2a' });
    const found = await checkStandard(bytes, 'PDF/A-2a');
    expect(found.join('\n')).not.toMatch(/OutputIntent|pdfaid/);
  });
});
