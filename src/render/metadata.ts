// Document metadata beyond what pdfkit writes by itself: a file identifier that depends only on
// the content (so that the same inputs give the same bytes, and the two profiles of an issue
// differ), XML-safe XMP, the language in XMP, and what the file claims to comply with — PDF/UA-1
// always, PDF/A-2a (screen) or PDF/X-4 (print) — in XMP and the Info dictionary.
import { createHash } from 'node:crypto';
import type { Document } from '../display/types.js';
import type { Conformance } from './profile.js';

type Pdf = PDFKit.PDFDocument;

interface PdfInternals {
  _id: Uint8Array;
  info: Record<string, unknown>;
  _addInfo?: () => void;
  appendXML(xml: string, newline?: boolean): void;
}

/**
 * pdfkit makes the trailer's /ID from the Info dictionary alone; ours is made from the file's
 * bytes (see `stampDocumentId`), as ISO 32000 asks: the same for the same content, different
 * for different content. Until then the file carries a stand-in, which `completeXmp` writes
 * into XMP as well.
 */
export function setDocumentId(pdf: Pdf): void {
  (pdf as unknown as PdfInternals)._id = new Uint8Array(STAND_IN);
}

/** The file identifier's stand-in while the file is written: 16 bytes no file ID of ours is. */
const STAND_IN = Buffer.from('6e79686574736272657620696420203f', 'hex');

/**
 * The file identifier written over its stand-in (the trailer's /ID, XMP's document and instance
 * ID): the MD5 of the profile's name and the file's bytes with the stand-in in place, so the
 * ID follows everything the file holds (its text, pictures, links, structure) without hashing
 * the display list and the pictures beside it. The pictures' placeholder marks are not in the
 * file (pdfkit embeds a PNG's image data only), so marking a picture changes no PDF. Writes in
 * place, the same number of bytes, so the cross-reference table's offsets hold. Throws where
 * the stand-in is not found as often as pdfkit and `completeXmp` write it.
 */
export function stampDocumentId(file: Buffer, profile: string): Buffer {
  const hex = Buffer.from(`<${STAND_IN.toString('hex')}>`, 'latin1');
  const inXmp = Buffer.from(`uuid:${uuid(STAND_IN)}`, 'latin1');
  const at: [number, Buffer][] = [];
  // The trailer's two, at the end of the file; XMP's two, in its uncompressed stream.
  const trailer = file.lastIndexOf('trailer');
  for (let i = file.indexOf(hex, trailer); i >= 0 && trailer >= 0; i = file.indexOf(hex, i + hex.length)) at.push([i + 1, hex.subarray(1, -1)]);
  for (let i = file.indexOf(inXmp); i >= 0; i = file.indexOf(inXmp, i + inXmp.length)) at.push([i + 5, inXmp.subarray(5)]);
  if (at.length !== 4) throw new Error(`the file identifier's stand-in was found ${at.length} times, not 4`);
  const id = createHash('md5').update(profile).update(file).digest();
  for (const [i, standIn] of at) file.write(standIn.length === 32 ? id.toString('hex') : uuid(id), i, 'latin1');
  return file;
}

/**
 * Language, dates, the standards' identifiers and the document's identity in XMP; XML-escaped
 * Info values there (pdfkit writes them raw); for PDF/X, Trapped and the version in Info.
 * Called after setDocumentId: the XMP document ID is the file identifier.
 */
export function completeXmp(pdf: Pdf, doc: Document, conformance: Conformance): void {
  const p = pdf as unknown as PdfInternals;
  const date = `${doc.info.date}T12:00:00Z`;
  const id = uuid(p._id);
  p.appendXML(identifiers(conformance));
  p.appendXML(`
        <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
            <xmpMM:DocumentID>uuid:${id}</xmpMM:DocumentID>
            <xmpMM:InstanceID>uuid:${id}</xmpMM:InstanceID>
            <xmpMM:VersionID>1</xmpMM:VersionID>
            <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
        </rdf:Description>`);
  if (conformance.standard === 'PDF/X-4') {
    p.info.GTS_PDFXVersion = 'PDF/X-4';
    infoNames(p, { Trapped: 'False' });
  }
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

/**
 * The XMP identifiers: pdfuaid (PDF/UA-1) in every file, with pdfaid (PDF/A-2a) and the
 * extension schema PDF/A asks for any property outside its predefined schemas (pdfuaid is one),
 * or pdfxid and pdf:Trapped (PDF/X-4).
 */
export function identifiers(c: Conformance): string {
  const ua = `
        <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
            <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description>`;
  if (c.standard === 'PDF/X-4') {
    return `${ua}
        <rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
            <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Trapped>False</pdf:Trapped>
        </rdf:Description>`;
  }
  return `${ua}
        <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
            <pdfaid:part>2</pdfaid:part>
            <pdfaid:conformance>A</pdfaid:conformance>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
            <pdfaExtension:schemas>
                <rdf:Bag>
                    <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
                        <pdfaSchema:property>
                            <rdf:Seq>
                                <rdf:li rdf:parseType="Resource">
                                    <pdfaProperty:name>part</pdfaProperty:name>
                                    <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
                                    <pdfaProperty:category>internal</pdfaProperty:category>
                                    <pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>
                                </rdf:li>
                            </rdf:Seq>
                        </pdfaSchema:property>
                    </rdf:li>
                </rdf:Bag>
            </pdfaExtension:schemas>
        </rdf:Description>`;
}

/**
 * Info entries whose values are names (Trapped /False): pdfkit writes every Info value as a
 * string, so they are put into its Info dictionary as it is written out.
 */
function infoNames(p: PdfInternals, names: Record<string, string>): void {
  const target = p as unknown as { _info?: { data: Record<string, unknown>; end: (...a: unknown[]) => unknown } };
  Object.defineProperty(target, '_info', {
    configurable: true,
    get: () => undefined,
    set(ref: { data: Record<string, unknown>; end: (...a: unknown[]) => unknown }) {
      const end = ref.end;
      ref.end = function (this: typeof ref, ...a: unknown[]) {
        Object.assign(this.data, names);
        return end.apply(this, a);
      };
      Object.defineProperty(target, '_info', { configurable: true, writable: true, value: ref });
    },
  });
}

/** 16 bytes as a UUID's text. */
function uuid(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex').padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
