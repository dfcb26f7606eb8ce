// Document metadata beyond what pdfkit writes by itself: a file identifier that depends only on
// the content (so that the same inputs give the same bytes, and the two profiles of an issue
// differ), XML-safe XMP, and the language in XMP.
import { createHash } from 'node:crypto';
import type { Document } from '../display/types.js';
import type { PictureData } from '../model/types.js';
import { withoutMark } from '../issue/placeholder-mark.js';

type Pdf = PDFKit.PDFDocument;

interface PdfInternals {
  _id: Uint8Array;
  info: Record<string, unknown>;
  _addInfo?: () => void;
  appendXML(xml: string, newline?: boolean): void;
}

/**
 * pdfkit makes the trailer's /ID from the Info dictionary alone; ours hashes what the file
 * shows as well (display list, profile, pictures), as ISO 32000 asks: the same for the same
 * content, different for different content.
 */
export function setDocumentId(pdf: Pdf, doc: Document, profile: string, pictures: ReadonlyMap<string, PictureData>): void {
  const hash = createHash('md5');
  hash.update(profile);
  hash.update(JSON.stringify(doc.info));
  hash.update(JSON.stringify(doc.pages));
  for (const k of [...pictures.keys()].sort()) hash.update(k).update(withoutMark(pictures.get(k)!.data));
  (pdf as unknown as PdfInternals)._id = new Uint8Array(hash.digest());
}

/** Language and dates in XMP, and XML-escaped Info values there (pdfkit writes them raw). */
export function completeXmp(pdf: Pdf, doc: Document): void {
  const p = pdf as unknown as PdfInternals;
  const date = `${doc.info.date}T12:00:00Z`;
  p.appendXML(`
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:language><rdf:Bag><rdf:li>${xml(doc.info.language)}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:ModifyDate>${date}</xmp:ModifyDate>
            <xmp:MetadataDate>${date}</xmp:MetadataDate>
        </rdf:Description>`);
  const addInfo = p._addInfo;
  if (typeof addInfo !== 'function') return;
  p._addInfo = function (this: PdfInternals) {
    const saved = this.info;
    this.info = Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, typeof v === 'string' ? xml(v) : v]));
    try {
      addInfo.call(this);
    } finally {
      this.info = saved;
    }
  };
}

export function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
