// Glyphs numbered in one order for one set of glyphs (GlyphRuns.enter): a one-word edit that
// brings a letter forward leaves the pages it did not touch and the font subsets as they were,
// so their kept compressed streams and encoded subsets are found; and the file identifier is
// made from the file's bytes (stampDocumentId).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../../src/build.js';
import { pageTexts } from '../helpers/pdf.js';
import { referenceProject } from '../helpers/project.js';

interface Parts {
  readonly pages: string[];
  readonly fontFiles: string[];
  readonly id: string;
  readonly xmpId: string | undefined;
}

/** Each page's content stream and each embedded font file as their bytes (hex), and the file identifiers. */
async function parts(bytes: Buffer): Promise<Parts> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf').asPDF()!;
  const pages: string[] = [];
  const fonts = new Map<number, string>();
  for (let n = 0; n < doc.countPages(); n++) {
    const page = doc.findPage(n);
    pages.push(Buffer.from(page.get('Contents').readStream().asUint8Array()).toString('hex'));
    page.get('Resources').get('Font').forEach((font) => {
      const file = font.get('DescendantFonts').get(0).get('FontDescriptor').get('FontFile2');
      if (file.isStream()) fonts.set(file.asIndirect(), Buffer.from(file.readStream().asUint8Array()).toString('hex'));
    });
  }
  const xmp = doc.getTrailer().get('Root').get('Metadata').readStream().asString();
  return { pages, fontFiles: [...fonts.values()].sort(), id: doc.getTrailer().get('ID').get(0).toString(), xmpId: /<xmpMM:DocumentID>uuid:([0-9a-f-]+)</.exec(xmp)?.[1] };
}

describe('glyph numbering and the file identifier', () => {
  it('leave the pages a one-word edit did not touch, and the font subsets, byte for byte as they were; the ID follows the content', async () => {
    const { root, issue } = referenceProject('nyhetsbrev-glyphs-');
    const file = join(issue, 'issue.yaml');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('menneskehandel', text.indexOf('body:'));
    const before = await buildIssue(issue, { out: join(root, 'before.pdf'), cacheDir: join(root, 'cache') });
    // An x, a letter the issue uses first on a later page, brought forward to page 2.
    const x = (await pageTexts(readFileSync(before.file))).findIndex((t) => /x/.test(t));
    expect(x).toBeGreaterThan(1);
    writeFileSync(file, text.slice(0, at) + 'menneskehandelx' + text.slice(at + 'menneskehandel'.length));
    const after = await buildIssue(issue, { out: join(root, 'after.pdf'), cacheDir: join(root, 'cache') });
    const a = await parts(readFileSync(before.file));
    const b = await parts(readFileSync(after.file));
    expect(b.pages.length).toBe(a.pages.length);
    expect(b.pages[1]).not.toBe(a.pages[1]);
    const touched = b.pages.filter((p, i) => p !== a.pages[i]).length;
    expect(touched).toBeLessThanOrEqual(2);
    expect(b.fontFiles).toEqual(a.fontFiles);
    expect((await pageTexts(readFileSync(after.file)))[1]).toMatch(/handelx,/);
    // The trailer's ID is XMP's document ID, and another content gives another one.
    for (const p of [a, b]) expect(p.id.replace(/[<>]/g, '').toLowerCase()).toBe(p.xmpId!.replace(/-/g, ''));
    expect(b.id).not.toBe(a.id);
  }, 120_000);
});
