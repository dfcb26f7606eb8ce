// The small pure parts of QR codes: the matrix, the printed address, contrast.
import { describe, expect, it } from 'vitest';
import { shortAddress } from '../../src/issue/publications.js';
import { qrMatrix } from '../../src/qr/matrix.js';
import { contrast } from '../../src/qr/style.js';
import { addressLines } from '../../src/qr/symbol.js';
import { greedyBreaker } from '../../src/text/breaker.js';
import { fakeMeasurer } from '../helpers/fake.js';
import { errorCorrectionOf } from '../helpers/vector.js';

const guide = 'https://www.politiet.no/globalassets/03-rad-og-forebygging/menneskehandel/guide-for-identification-of-possible-victims-of-human-trafficking.pdf';

describe('QR matrix', () => {
  it('is the smallest symbol for the address at the level asked for, the level written in its format bits', () => {
    const m = qrMatrix(guide, 'M');
    expect(m.version).toBe(8);
    expect(m.size).toBe(49);
    expect(m.rows.length).toBe(49);
    expect(errorCorrectionOf(m.rows)).toBe('M');
    expect(errorCorrectionOf(qrMatrix(guide, 'Q').rows)).toBe('Q');
    expect(errorCorrectionOf(qrMatrix(guide, 'H').rows)).toBe('H');
    // finder pattern: a dark 7 × 7 ring in the top-left corner
    expect(m.rows[0]!.slice(0, 7).every(Boolean)).toBe(true);
    expect(m.rows[1]!.slice(1, 6).some(Boolean)).toBe(false);
  });
});

describe('the printed address', () => {
  it('is the site without www. and the last part of the path', () => {
    expect(shortAddress(guide)).toBe('politiet.no/…/guide-for-identification-of-possible-victims-of-human-trafficking.pdf');
    expect(shortAddress('https://www.politiet.no/')).toBe('politiet.no');
    expect(shortAddress('https://konfliktraadet.no/menneskehandel')).toBe('konfliktraadet.no/menneskehandel');
    expect(shortAddress('https://www.politiet.no/rad/menneskehandel/koordineringsenheten-mot-menneskehandel/')).toBe('politiet.no/…/koordineringsenheten-mot-menneskehandel/');
    expect(shortAddress('https://example.no/a/r%C3%A5d.pdf')).toBe('example.no/…/råd.pdf');
  });

  it('breaks after slashes or before dots and hyphens (as addresses in text do), never inside a part, and keeps every character', () => {
    const m = fakeMeasurer();
    const text = shortAddress(guide);
    const lines = addressLines(text, 30 * 3.5, 'regular', 7, m, greedyBreaker);
    expect(lines.map((l) => l.text).join('')).toBe(text);
    // A line ends after a slash, or the next begins with the dot or hyphen that shows the address goes on.
    lines.slice(0, -1).forEach((l, i) => expect(l.text.endsWith('/') || /^[-._?&=#~@]/.test(lines[i + 1]!.text)).toBe(true));
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(30 * 3.5);
    expect(lines.length).toBeGreaterThan(1);
  });
});

describe('contrast', () => {
  it('is the WCAG ratio', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 6);
    expect(contrast('#003865', '#ffffff')).toBeGreaterThan(7);
  });
});
