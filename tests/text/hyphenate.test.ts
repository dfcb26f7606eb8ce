import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explicitOnly, makeHyphenator, patternName, unbreakable, type Hyphenator } from '../../src/text/hyphenate.js';
import { compile, decode, encode, liang, readPatterns, type PackagePatterns } from '../../src/text/patterns.js';
import { repo } from '../helpers/project.js';

const h = makeHyphenator(['nb', 'nn', 'en', 'sv']);
/** The word with "-" where it may be hyphenated and "|" where it may break after its own hyphen. */
const shown = (word: string, lang = 'nb', hy: Hyphenator = h) => {
  let s = word;
  for (const b of [...hy(word, lang)].reverse()) s = s.slice(0, b.at) + (b.kind === 'hyphen' ? '-' : '|') + s.slice(b.at);
  return s;
};

describe('hyphenation', () => {
  it('hyphenates Norwegian Bokmål words at their known points', () => {
    expect(shown('menneskehandel')).toBe('men-neske-han-del');
    expect(shown('arbeidslivskriminalitet')).toBe('ar-beids-livs-kri-mi-na-li-tet');
    expect(shown('tverrsektorielt')).toBe('tverr-sek-to-ri-elt');
    expect(shown('menneskehandelsfeltet')).toBe('men-neske-han-dels-fel-tet');
    expect(shown('straffeforfølgning')).toBe('straffe-for-følg-ning');
    expect(shown('rettsavgjørelser')).toBe('retts-av-gjø-rel-ser');
    expect(shown('departementet')).toBe('de-par-te-men-tet');
  });

  it('keeps punctuation with the word and counts only letters for the shortest parts', () => {
    expect(shown('«menneskehandel»,')).toBe('«men-neske-han-del»,');
    // At least two letters before a break and two after it (the layout may ask for more).
    expect(shown('politiet')).toBe('po-li-ti-et');
    expect(shown('politiet', 'nb', makeHyphenator(['nb'], { minWord: 6, minBefore: 2, minAfter: 3 }))).toBe('po-li-tiet');
    // Words shorter than minWord stay whole.
    expect(shown('legger', 'nb', makeHyphenator(['nb'], { minWord: 7, minBefore: 2, minAfter: 2 }))).toBe('legger');
    expect(shown('samarbeid')).toBe('sam-ar-beid');
  });

  it('uses the language asked for', () => {
    expect(shown('kunnskapsgrunnlag', 'nn')).toBe('kunn-skaps-grunn-lag');
    // English patterns are made for three letters after a break: never "interna-tion-al".
    expect(shown('international', 'en')).toBe('in-ter-na-tional');
    expect(shown('international', 'en-US', makeHyphenator(['en-US'], { minWord: 5, minBefore: 2, minAfter: 2 }))).toBe('in-ter-na-tional');
    expect(shown('människohandel', 'sv')).toBe('män-ni-sko-han-del');
    expect(patternName('nb')).toBe('nb');
    expect(patternName('en-GB')).toBe('en-gb');
    expect(patternName('xx')).toBeUndefined();
    // A language without patterns: words break only at their own hyphens.
    expect(shown('menneskehandel', 'xx', makeHyphenator(['xx']))).toBe('menneskehandel');
  });

  it('breaks a word with its own hyphen there (two letters on each side) and inside its last part only', () => {
    expect(shown('Utenriks-departementet')).toBe('Utenriks-|de-par-te-men-tet');
    expect(shown('EU-kommisjonen')).toBe('EU-|kom-mi-sjo-nen');
    expect(shown('ID-kortloven')).toBe('ID-|kort-lo-ven');
    // A part before the word's own hyphen stays whole (not Uten-riks-), and so does a suspended first part.
    expect(shown('Barne-')).toBe('Barne-');
    expect(shown('a-krim')).toBe('a-krim');
    expect(shown('e-post')).toBe('e-post');
    expect(shown('Barne-,')).toBe('Barne-,');
    expect(shown('oktober–desember')).toBe('oktober–|de-sem-ber');
  });

  it('never breaks addresses, e-mail, case numbers, numbers or acronyms', () => {
    for (const w of [
      'https://www.regjeringen.no/no/aktuelt/ny-strategi-mot-menneskehandel/id3103572/',
      'www.nkvts.no', 'regjeringen.no', 'post@kom.politiet.no', 'LB-2024-45307', 'LE-2024-60673,', '2025–2030', '(2025–2030)',
      'HTSO-nettverksmøte2', 'UNODC', 'f.eks.',
    ]) {
      expect(h(w, 'nb'), w).toEqual([]);
      expect(unbreakable(w) || w === 'UNODC', w).toBe(true);
    }
  });

  it('keeps an acronym with an ending whole, as the acronym (RVTSenes, not RVTSe-nes)', () => {
    for (const w of ['RVTSenes', 'UNICEFs', '«NKVTSrapporten»']) expect(h(w, 'nb'), w).toEqual([]);
    expect(h('Rapportene', 'nb').length).toBeGreaterThan(0);
  });

  it('honours soft hyphens as the only break points', () => {
    expect(h('menneskehandel', 'nb', [8])).toEqual([{ at: 8, kind: 'hyphen' }]);
    expect(explicitOnly()('menneskehandel', 'nb', [3, 8])).toEqual([{ at: 3, kind: 'hyphen' }, { at: 8, kind: 'hyphen' }]);
    expect(explicitOnly()('menneskehandel', 'nb')).toEqual([]);
  });

  it('finds the same points as the hyphen package for every word of the reference issue', () => {
    const require = createRequire(import.meta.url);
    const original = require('hyphen/patterns/nb.js') as PackagePatterns;
    const pkg = (require('hyphen/hyphen.js') as (p: unknown) => (t: string, o: object) => string)(original);
    // Compiled here and read back as npm run prepare stores it: the same arrays.
    const patterns = decode(encode(compile(original)));
    expect(patterns).toEqual(readPatterns('nb'));
    const text = readFileSync(join(repo, 'issues', '2025-4', 'issue.yaml'), 'utf8');
    const words = [...new Set(text.match(/\p{L}{5,}/gu))];
    expect(words.length).toBeGreaterThan(1000);
    for (const w of words) {
      let mine = w;
      for (const at of [...liang(patterns, w)].reverse()) mine = mine.slice(0, at) + '|' + mine.slice(at);
      expect(mine).toBe(pkg(w, { hyphenChar: '|', minWordLength: 5 }));
    }
  });
});
