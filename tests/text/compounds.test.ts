import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimalBreaker, type BreakItem } from '../../src/text/breaker.js';
import { placeOf, seamsOf } from '../../src/text/compounds.js';
import { readExceptions } from '../../src/text/exceptions.js';
import { makeHyphenator } from '../../src/text/hyphenate.js';
import { setText } from '../../src/text/set.js';
import { buildDawg, decode, encode, FIRST_PART, lookup, readWordList, WORD } from '../../src/text/wordlist.js';
import { fakeMeasurer } from '../helpers/fake.js';

const nbList = readWordList('nb')!;
const exceptions = readExceptions(join(__dirname, '..', '..', 'layouts', 'hyphenation.yaml'));
const nb = makeHyphenator(['nb', 'sv', 'en'], undefined, exceptions.list);
const plain = makeHyphenator(['nb', 'sv', 'en']);
/** A word with its points marked: "|" a seam, "-" inside a part, "!" poor. */
const shown = (word: string, h = nb, lang = 'nb') => {
  let out = '';
  let last = 0;
  for (const b of h(word, lang)) {
    out += word.slice(last, b.at) + (b.place === 'seam' ? '|' : b.place === 'poor' ? '!' : '-');
    last = b.at;
  }
  return out + word.slice(last);
};

describe('the word list', () => {
  it('is the hunspell nb list, its suffix rules applied, with the words that begin compounds marked', () => {
    expect(lookup(nbList, 'menneske')).toBe(FIRST_PART);
    expect(lookup(nbList, 'handelen')).toBeGreaterThanOrEqual(WORD);
    expect(lookup(nbList, 'tilsynets')).toBeGreaterThanOrEqual(WORD);
    // "menn" begins few compounds: menneske is not menn|eske.
    expect(lookup(nbList, 'menn')).toBe(WORD);
    expect(lookup(nbList, 'xqzv')).toBe(0);
  });

  it('stores a minimal automaton that reads back the same', () => {
    const dawg = buildDawg([['land', 2], ['lande', 1], ['sand', 1], ['sande', 1], ['landet', 1]]);
    // "and"/"ande" endings are shared: fewer states than a trie's 13.
    expect(dawg.final.length).toBeLessThan(13);
    const back = decode(encode(dawg));
    for (const [w, mark] of [['land', 2], ['lande', 1], ['sand', 1], ['landet', 1], ['san', 0], ['sandet', 0]] as const) expect(lookup(back, w)).toBe(mark);
  });
});

describe('compound seams', () => {
  it('finds the seams of the field\'s compounds, with the linking s and e', () => {
    expect(seamsOf('menneskehandel', nbList)).toEqual([8]);
    expect(seamsOf('landinformasjon', nbList)).toEqual([4]);
    expect(seamsOf('arbeidstilsynets', nbList)).toEqual([7]);
    expect(seamsOf('ungdomskriminalitet', nbList)).toEqual([7]);
    expect(seamsOf('utviklingstrekk', nbList)).toEqual([10]);
    expect(seamsOf('barnehage', nbList)).toEqual([5]);
  });

  it('does not split a word into short words that only happen to spell it', () => {
    expect(seamsOf('menneske', nbList)).toEqual([]);
    expect(seamsOf('informasjon', nbList)).toEqual([]);
    expect(seamsOf('selskap', nbList)).toEqual([]);
  });

  it('takes an exception word as a part of longer words', () => {
    const ex = new Map([['menneskehandel', [8]]]);
    expect(seamsOf('menneskehandelsfeltet', nbList, ex)).toEqual([8, 15]);
    expect(seamsOf('menneskehandelen', undefined, ex)).toEqual([8]);
  });

  it('weighs points: seam, inside a part, poor for a short first piece that is a word or a piece of a part under four letters', () => {
    expect(placeOf(8, [8], 'menneskehandel', nbList)).toBe('seam');
    expect(placeOf(3, [8], 'menneskehandel', nbList)).toBe('poor'); // men-
    expect(placeOf(11, [8], 'menneskehandel', nbList)).toBe('poor'); // menneskehan-del: three letters of "handel"
    expect(placeOf(12, [8], 'menneskehandelen', nbList)).toBe('inside'); // menneskehand-elen
    expect(placeOf(3, [4], 'landinformasjon', nbList)).toBe('poor'); // lan-dinformasjon
    expect(placeOf(6, [7], 'arbeidstilsynets', nbList)).toBe('poor'); // arbeid-stilsynets
    expect(placeOf(11, [8], 'menneskerettigheter', nbList)).toBe('poor'); // menneskeret-tigheter
    expect(placeOf(2, [], 'desember', nbList)).toBe('poor'); // de-
    expect(placeOf(3, [], 'opprettet', nbList)).toBe('inside'); // opp-rettet: the rest is a word too
    expect(placeOf(10, [], 'departementet', nbList)).toBe('inside'); // departemen-tet
    expect(placeOf(20, [10], 'beredskapsdepartementet', nbList)).toBe('inside'); // far from its seam
  });

  it('makes a point inside the first part of a compound poor: the seam is the place (strategi|arbeidet)', () => {
    expect(placeOf(4, [8], 'strategiarbeidet', nbList)).toBe('poor'); // stra-tegi|arbeidet
    expect(placeOf(5, [10], 'samarbeidsprosjekt', nbList)).toBe('poor'); // samar-beids|prosjekt
    expect(placeOf(4, [7], 'gjennomføringen', nbList)).toBe('poor'); // gjen-nom|føringen
    expect(placeOf(7, [12], 'informasjonsbrosjyren', nbList)).toBe('poor'); // informa-sjons|brosjyren
    // … unless the piece is a prefix and the rest of the part a word.
    expect(placeOf(3, [10], 'samarbeidsaktører', nbList)).toBe('inside'); // sam-arbeids|aktører
    expect(placeOf(5, [13], 'etterretningsprodukter', nbList)).toBe('inside'); // etter-retnings|produkter
  });

  it('makes a two-letter first piece poor unless it is a prefix before a word', () => {
    expect(placeOf(2, [], 'seminaret', nbList)).toBe('poor'); // se-minaret ("se": see)
    expect(placeOf(2, [], 'internasjonalt', nbList)).toBe('poor'); // in-ternasjonalt (the prefix is inter-)
    expect(placeOf(2, [], 'arrangert', nbList)).toBe('poor'); // ar-rangert
    // A prefix that is the word's own, before a word: no trap.
    expect(placeOf(2, [], 'utnyttet', nbList)).toBe('inside'); // ut-nyttet
    expect(placeOf(2, [], 'beskytte', nbList)).toBe('inside'); // be-skytte
    expect(placeOf(2, [], 'avholdt', nbList)).toBe('inside'); // av-holdt
    expect(placeOf(2, [], 'offentlig', nbList)).toBe('poor'); // of-fentlig
    expect(placeOf(2, [], 'yttergrenser', nbList)).toBe('poor'); // yt-tergrenser (no seam known)
  });

  it('weighs the hyphenator\'s points so', () => {
    expect(shown('menneskehandel')).toBe('menneske|handel'); // the exception list
    expect(shown('menneskehandel', plain)).toBe('men!neske|han!del');
    expect(shown('landinformasjon', plain)).toBe('lan!d|in!for-ma-sjon');
    expect(shown('Arbeidstilsynets', plain)).toBe('Ar!beids|til-sy-nets');
    expect(shown('strategiarbeidet', plain)).toBe('stra!tegi|ar!bei-det');
    expect(shown('seminaret', plain)).toBe('se!mi-na-ret');
    expect(shown('yttergrenser', plain)).toBe('yt!ter-gren-ser');
  });

  it('reads a word of the list as one word where a short last part only happens to spell it', () => {
    // rapportør|er, not rapport|ører ("report ears"); myndighet|enes, koordinat|orer likewise.
    for (const w of ['rapportører', 'rapportøren', 'rapporterte', 'myndighetenes', 'koordinatorer', 'ekstremisme']) {
      expect(shown(w), w).not.toContain('|');
    }
    // Seams the patterns confirm, or before a longer last part, stay.
    expect(shown('nettverk')).toBe('nett|verk');
    expect(shown('høringsfrist')).toContain('|frist');
    expect(shown('menneskehandelen')).toContain('neske|han');
  });

  it('hyphenates other languages by their own exceptions', () => {
    expect(shown('människohandel', nb, 'sv')).toBe('människo|handel');
    expect(shown('screening', nb, 'en')).toBe('screen|ing');
    // Read as Norwegian, the English word breaks where an English reader stumbles.
    expect(shown('screening', plain, 'nb')).toBe('scre-en-ing');
  });
});

describe('the exception file', () => {
  it('says where each mistake is, all at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyph-'));
    const file = join(dir, 'hyphenation.yaml');
    writeFileSync(file, 'nb:\n  - menneske-handel\n  - menneske handel\n  - ok\nxx:\n  - a-b\nen: screen-ing\n');
    const { problems } = readExceptions(file);
    expect(problems.map((p) => `${p.at?.line}:${p.at?.column}`)).toEqual(['3:5', '4:5', '5:1', '7:5']);
    expect(problems[0]!.message).toMatch(/expected letters with a hyphen/);
    expect(problems[2]!.message).toMatch(/"xx" is not a language code/);
  });
});

describe('the breaker weighs points by their place', () => {
  const item = (width: number, breaks: BreakItem['breaks'] = []): BreakItem => ({ width, space: 5, breaks });
  it('ends a line at a seam rather than inside a part when both fit', () => {
    // Line 100 wide: "aaaa" (40) + space + a word of 80 with points at 30 (inside) and 40 (seam).
    const items = [item(40), item(80, [
      { at: 30, pre: 5, post: 0, kind: 'hyphen', place: 'inside' },
      { at: 40, pre: 5, post: 0, kind: 'hyphen', place: 'seam' },
    ]), item(40)];
    const spans = optimalBreaker({ pretolerance: -1, seamPenalty: 0, hyphenPenalty: 500 })(items, () => 100);
    expect(spans[0]).toEqual({ start: 0, end: 1, to: 1 });
    const worse = optimalBreaker({ pretolerance: -1, seamPenalty: 2000, hyphenPenalty: 0 })(items, () => 100);
    expect(worse[0]).toEqual({ start: 0, end: 1, to: 0 });
  });

  it('does not end a line on a piece of a compound\'s first part (stra-|tegiarbeidet) when it can end before the word', () => {
    // 5 pt a character, lines of 125 pt (25 characters). "… bb stra-" would leave 5 pt and the
    // next line 20; ending after "bb" leaves 35 pt, and "strategiarbeidet cccccccc" fills the
    // next line. "strategi-" does not fit the first line.
    const text = 'aaaaaaaaaaaaaaa bb strategiarbeidet cccccccc dddddddddd eeeeeeeeeee';
    const lines = (breaker: ReturnType<typeof optimalBreaker>) =>
      setText([{ text, style: 'regular' }], 10, () => 125, fakeMeasurer(), breaker, { hyphenate: (w, soft) => nb(w, 'nb', soft) }).lines
        .map((l) => l.fragments.map((f) => f.text).join('').replace(/\u00ad$/, '-'));
    expect(lines(optimalBreaker())).toEqual(['aaaaaaaaaaaaaaa bb', 'strategiarbeidet cccccccc', 'dddddddddd eeeeeeeeeee']);
    // Weighed as a point inside a part, it would be taken.
    expect(lines(optimalBreaker({ poorHyphenPenalty: 200 }))[0]).toBe('aaaaaaaaaaaaaaa bb stra-');
  });

  it('counts a line ending after a word\'s own hyphen ("Justis-") toward the hyphens in a row', () => {
    // Each word fills a line; two lines in a row ending with the word's own hyphen are more
    // than maxHyphensInRow 1 allows, so no Knuth–Plass pass finds a way and first fit is taken.
    const w = (hyphenEnd: boolean): BreakItem => ({ width: 90, space: 5, ...(hyphenEnd ? { hyphenEnd } : {}) });
    const breaker = optimalBreaker({ maxHyphensInRow: 1, pretolerance: -1 });
    breaker([w(true), w(true), w(false)], () => 100);
    expect(breaker.last.pass).toBe('greedy');
    breaker([w(true), w(false), w(false)], () => 100);
    expect(breaker.last.pass).not.toBe('greedy');
    // A line ending so weighs the word's own hyphen's penalty (50² more than a plain space).
    const plainEnd = breaker.last.demerits;
    breaker([w(false), w(false), w(false)], () => 100);
    expect(plainEnd - breaker.last.demerits).toBeCloseTo(50 ** 2, 6);
  });
});
